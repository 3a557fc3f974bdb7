import DevhubCore
import Foundation
import Testing

/// `ContactFields.validatedLeniently(source:)`: an import drops a bad optional field and reports it, but never
/// a contact without a valid name.
@Suite struct LenientContactImportTests {
    private func named(_ name: String?) -> ContactFields {
        var fields = ContactFields()
        fields.name = name
        return fields
    }

    @Test("Valid fields import unchanged with nothing dropped")
    func nothingDropped() throws {
        let result = try ContactValidationTests.fullFields().validatedLeniently(source: "vcard")
        #expect(result.contact == ContactValidationTests.fullContact(source: "vcard"))
        #expect(result.dropped.isEmpty)
    }

    @Test("Bad optional fields are dropped and reported in validation order; the rest is kept")
    func dropsBadFields() throws {
        var fields = named("Grace Hopper")
        fields.email = "grace(at)navy"
        fields.phone = "+1 555 010 0200"
        fields.website = "javascript:alert(1)"
        fields.links = [
            ProfileLink(label: "Blog", url: "https://grace.example/blog"),
            ProfileLink(label: "Evil", url: "javascript:alert(1)"),
            ProfileLink(label: "Talks", url: "https://grace.example/talks"),
        ]
        fields.reminderDate = "2026-02-30"
        fields.tags = ["navy", " ", "cobol"]
        let result = try fields.validatedLeniently(source: "vcard")
        #expect(result.dropped.map(\.field) == ["email", "website", "links[1].url", "reminder_date", "tags[1]"])
        var expected = Contact(name: "Grace Hopper", source: "vcard")
        expected.phone = "+1 555 010 0200"
        expected.links = [
            ProfileLink(label: "Blog", url: "https://grace.example/blog"), ProfileLink(label: "Talks", url: "https://grace.example/talks"),
        ]
        expected.tags = ["navy", "cobol"]
        #expect(result.contact == expected)
    }

    @Test("Several bad links and tags are dropped one by one")
    func dropsSeveralInOneList() throws {
        var fields = named("Grace Hopper")
        fields.links = [
            ProfileLink(label: "A", url: "ftp://a.example"),
            ProfileLink(label: "", url: "https://b.example"),
            ProfileLink(label: "C", url: "https://c.example"),
        ]
        fields.tags = ["", "ok", String(repeating: "t", count: 51)]
        let result = try fields.validatedLeniently(source: "csv")
        #expect(result.contact.links == [ProfileLink(label: "C", url: "https://c.example")])
        #expect(result.contact.tags == ["ok"])
        #expect(result.dropped.count == 4)
        #expect(result.dropped.map(\.field) == ["links[0].url", "links[0].label", "tags[0]", "tags[1]"])
    }

    @Test("Too many tags drops the tags but keeps the contact")
    func tooManyTags() throws {
        var fields = named("Grace Hopper")
        fields.tags = (1...25).map { "tag\($0)" }
        let result = try fields.validatedLeniently(source: "csv")
        #expect(result.contact.name == "Grace Hopper")
        #expect(result.dropped.map(\.field) == ["tags"])
    }

    @Test("A bad background entry drops only that entry, not the rest of the background")
    func dropsOnlyBadBackgroundEntry() throws {
        var fields = named("Grace Hopper")
        fields.background = ContactBackground(family: "Married", company: "US Navy", likes: String(repeating: "l", count: 5_001))
        let result = try fields.validatedLeniently(source: "csv")
        #expect(result.dropped.map(\.field) == ["background.likes"])
        #expect(result.contact.background == ContactBackground(family: "Married", company: "US Navy"))
    }

    @Test("A missing, blank or bad name refuses the contact", arguments: [nil, "", "  ", String(repeating: "n", count: 201), "a\u{0}b"] as [String?])
    func badNameThrows(_ name: String?) throws {
        var fields = named(name)
        fields.email = "not an email"
        let error = try #require(throws: CoreError.self) { try fields.validatedLeniently(source: "vcard") }
        #expect(error.field == "name")
    }
}

/// `InteractionFields.validated(today:customTypes:)` and the built-in interaction types.
@Suite struct InteractionValidationTests {
    private let today = CalendarDate(year: 2026, month: 3, day: 10)!

    @Test("The built-in types are the documented developer ones, already in normal form")
    func builtInTypes() throws {
        #expect(InteractionType.builtIn == [
            "meeting", "call", "message", "email", "conference", "code review", "pairing", "mentorship session",
            "interview", "job opportunity", "resource shared", "collaboration", "other",
        ])
        for type in InteractionType.builtIn {
            #expect(try InteractionType.normalised(type) == type)
        }
    }

    @Test("Type names are lower-cased with white space collapsed")
    func typeNormalised() throws {
        #expect(try InteractionType.normalised("  Code \t Review ") == "code review")
        #expect(throws: CoreError.self) { try InteractionType.normalised("   ") }
        #expect(throws: CoreError.self) { try InteractionType.normalised(String(repeating: "x", count: 41)) }
        #expect(try InteractionType.normalised(String(repeating: "x", count: 40)).count == 40)
    }

    @Test("A full interaction validates; the date defaults to today")
    func validInteraction() throws {
        let full = InteractionFields(type: " Code Review ", date: "2026-03-02", notes: "  Reviewed the parser PR. \n", followUpDate: "2026-03-16")
        #expect(try full.validated(today: today, customTypes: [])
            == Interaction(type: "code review", date: try day("2026-03-02"), notes: "Reviewed the parser PR.", followUp: try day("2026-03-16")))
        let minimal = InteractionFields(type: "call")
        #expect(try minimal.validated(today: today, customTypes: []) == Interaction(type: "call", date: today))
        let blankDate = InteractionFields(type: "call", date: "  ", notes: " ", followUpDate: "")
        #expect(try blankDate.validated(today: today, customTypes: []) == Interaction(type: "call", date: today))
    }

    @Test("A custom type is accepted only once the owner has added it")
    func customTypes() throws {
        let hackathon = InteractionFields(type: "Hackathon")
        let error = try #require(throws: CoreError.self) { try hackathon.validated(today: today, customTypes: []) }
        #expect(error.field == "type")
        #expect(try hackathon.validated(today: today, customTypes: ["hackathon"]).type == "hackathon")
    }

    @Test("A bad interaction is refused naming the JSON key", arguments: [
        (InteractionFields(), "type"),
        (InteractionFields(type: "  "), "type"),
        (InteractionFields(type: "carrier pigeon"), "type"),
        (InteractionFields(type: "call", date: "2026-02-30"), "date"),
        (InteractionFields(type: "call", date: "yesterday"), "date"),
        (InteractionFields(type: "call", date: "1899-12-31"), "date"),
        (InteractionFields(type: "call", date: "2027-03-12"), "date"),
        (InteractionFields(type: "call", date: "2026-03-10", followUpDate: "2026-03-09"), "follow_up_date"),
        (InteractionFields(type: "call", followUpDate: "soon"), "follow_up_date"),
        (InteractionFields(type: "call", notes: String(repeating: "n", count: 10_001)), "notes"),
        (InteractionFields(type: "call", notes: "a\u{0}b"), "notes"),
    ])
    func refuses(fields: InteractionFields, field: String) throws {
        let error = try #require(throws: CoreError.self) { try fields.validated(today: today, customTypes: []) }
        #expect(error.field == field)
    }

    @Test("Dates at the edges: 1900, a year ahead, and a follow-up on the same day")
    func dateEdges() throws {
        #expect(try InteractionFields(type: "call", date: "1900-01-01").validated(today: today, customTypes: []).date == day("1900-01-01"))
        // today + 366 days is the latest date accepted.
        #expect(try InteractionFields(type: "call", date: "2027-03-11").validated(today: today, customTypes: []).date == day("2027-03-11"))
        let sameDay = try InteractionFields(type: "call", date: "2026-03-01", followUpDate: "2026-03-01").validated(today: today, customTypes: [])
        #expect(sameDay.followUp == (try day("2026-03-01")))
    }

    @Test("follow_up_date is the API's spelling")
    func jsonKeys() throws {
        let fields = InteractionFields(type: "call", followUpDate: "2026-03-16")
        let json = String(decoding: try JSONEncoder().encode(fields), as: UTF8.self)
        #expect(json.contains(#""follow_up_date":"2026-03-16""#))
    }
}
