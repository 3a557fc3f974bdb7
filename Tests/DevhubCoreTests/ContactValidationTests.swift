import DevhubCore
import Foundation
import Testing

/// A change to a valid contact's fields and the JSON key the resulting error must name.
struct BadContactField: Sendable, CustomTestStringConvertible {
    let field: String
    let what: String
    let change: @Sendable (inout ContactFields) -> Void

    init(_ field: String, _ what: String, _ change: @escaping @Sendable (inout ContactFields) -> Void) {
        self.field = field
        self.what = what
        self.change = change
    }

    var testDescription: String { "\(field): \(what)" }
}

/// `ContactFields.validated(source:)`: every field's rules, errors that name the JSON key, PATCH merging, tag
/// normalisation and the JSON spelling of the fields.
@Suite struct ContactValidationTests {
    /// Every field filled with a valid value.
    static func fullFields() -> ContactFields {
        var fields = ContactFields()
        fields.name = "Ada Lovelace"
        fields.relationship = "Former colleague"
        fields.company = "Analytical Engines; Ltd"
        fields.industry = "Developer tools"
        fields.location = "London, United Kingdom"
        fields.birthday = "1815-12-10"
        fields.email = "ada@example.org"
        fields.phone = "+44 20 7946 0958"
        fields.github = "ada-lovelace"
        fields.website = "https://ada.example"
        fields.mainApp = "Signal"
        fields.notes = "Met at the Swift meetup.\nPrefers async, not calls."
        fields.links = [
            ProfileLink(label: "Mastodon", url: "https://mastodon.social/@ada"),
            ProfileLink(label: "Blog", url: "https://blog.ada.example/posts?tag=swift"),
        ]
        fields.background = ContactBackground(
            family: "Two kids", company: "Raised a seed round", likes: "Earl Grey", dislikes: "Meetings before 10", notes: "Ask about the engine")
        fields.vip = true
        fields.cadenceDays = 30
        fields.importance = 3
        fields.reminderDate = "2026-04-01"
        fields.tags = ["swift", "london"]
        return fields
    }

    /// The contact ``fullFields()`` validates into.
    static func fullContact(source: String = "manual") -> Contact {
        var contact = Contact(name: "Ada Lovelace", source: source)
        contact.relationship = "Former colleague"
        contact.company = "Analytical Engines; Ltd"
        contact.industry = "Developer tools"
        contact.location = "London, United Kingdom"
        contact.birthday = Birthday(month: 12, day: 10, year: 1815)
        contact.email = "ada@example.org"
        contact.phone = "+44 20 7946 0958"
        contact.github = "ada-lovelace"
        contact.website = "https://ada.example"
        contact.mainApp = "Signal"
        contact.notes = "Met at the Swift meetup.\nPrefers async, not calls."
        contact.links = [
            ProfileLink(label: "Mastodon", url: "https://mastodon.social/@ada"),
            ProfileLink(label: "Blog", url: "https://blog.ada.example/posts?tag=swift"),
        ]
        contact.background = ContactBackground(
            family: "Two kids", company: "Raised a seed round", likes: "Earl Grey", dislikes: "Meetings before 10", notes: "Ask about the engine")
        contact.vip = true
        contact.cadenceDays = 30
        contact.importance = .high
        contact.reminder = CalendarDate(year: 2026, month: 4, day: 1)
        contact.tags = ["swift", "london"]
        return contact
    }

    /// The error validating `fields` throws (the test fails when it does not throw).
    private func validationError(_ fields: ContactFields, sourceLocation: SourceLocation = #_sourceLocation) throws -> CoreError {
        try #require(throws: CoreError.self, sourceLocation: sourceLocation) { try fields.validated() }
    }

    @Test("Every field filled with a valid value gives the expected contact")
    func fullContactIsValid() throws {
        #expect(try Self.fullFields().validated() == Self.fullContact())
        #expect(try Self.fullFields().validated(source: "vcard") == Self.fullContact(source: "vcard"))
    }

    @Test("Only a name is needed; everything else has a default")
    func nameOnly() throws {
        var fields = ContactFields()
        fields.name = "  Grace Hopper \n"
        let contact = try fields.validated()
        #expect(contact == Contact(name: "Grace Hopper"))
        #expect(contact.source == "manual")
        #expect(contact.importance == .normal)
        #expect(!contact.vip)
        #expect(contact.links.isEmpty && contact.tags.isEmpty && contact.background.isEmpty)
        #expect(contact.cadenceDays == nil && contact.reminder == nil && contact.birthday == nil)
    }

    @Test("Text is trimmed and blank optional text becomes nil")
    func trimsAndBlanks() throws {
        var fields = Self.fullFields()
        fields.name = " Ada Lovelace\t"
        fields.company = "  "
        fields.email = " \n"
        fields.phone = ""
        fields.birthday = "  "
        fields.github = " "
        fields.website = ""
        fields.reminderDate = " "
        fields.notes = "\n  Met at the Swift meetup.\nPrefers async, not calls.  \n"
        fields.links = [ProfileLink(label: " Mastodon ", url: " https://mastodon.social/@ada ")]
        fields.background = ContactBackground(family: "  ", likes: " Earl Grey ")
        let contact = try fields.validated()
        #expect(contact.name == "Ada Lovelace")
        #expect(contact.company == nil)
        #expect(contact.email == nil)
        #expect(contact.phone == nil)
        #expect(contact.birthday == nil)
        #expect(contact.github == nil)
        #expect(contact.website == nil)
        #expect(contact.reminder == nil)
        #expect(contact.notes == "Met at the Swift meetup.\nPrefers async, not calls.")
        #expect(contact.links == [ProfileLink(label: "Mastodon", url: "https://mastodon.social/@ada")])
        #expect(contact.background == ContactBackground(likes: "Earl Grey"))
    }

    static let badFields: [BadContactField] = [
        BadContactField("name", "missing") { $0.name = nil },
        BadContactField("name", "blank") { $0.name = " \n\t" },
        BadContactField("name", "201 characters") { $0.name = String(repeating: "n", count: 201) },
        BadContactField("name", "control character") { $0.name = "Ada\u{0}Lovelace" },
        BadContactField("relationship", "control character") { $0.relationship = "old\u{7}friend" },
        BadContactField("company", "201 characters") { $0.company = String(repeating: "c", count: 201) },
        BadContactField("industry", "201 characters") { $0.industry = String(repeating: "i", count: 201) },
        BadContactField("location", "line break") { $0.location = "London\nUK" },
        BadContactField("birthday", "Feb 29 of a common year") { $0.birthday = "1999-02-29" },
        BadContactField("birthday", "day-first text") { $0.birthday = "10/12/1815" },
        BadContactField("email", "no domain") { $0.email = "ada@" },
        BadContactField("email", "spaces") { $0.email = "ada at example.org" },
        BadContactField("email", "domain without a dot") { $0.email = "ada@localhost" },
        BadContactField("phone", "letters") { $0.phone = "+1 555 CALL NOW" },
        BadContactField("phone", "41 characters") { $0.phone = String(repeating: "5", count: 41) },
        BadContactField("github", "space") { $0.github = "ada lovelace" },
        BadContactField("github", "leading hyphen") { $0.github = "-ada" },
        BadContactField("github", "double hyphen") { $0.github = "ada--l" },
        BadContactField("github", "40 characters") { $0.github = String(repeating: "a", count: 40) },
        BadContactField("github", "repository URL") { $0.github = "https://github.com/apple/swift" },
        BadContactField("website", "ftp") { $0.website = "ftp://ada.example" },
        BadContactField("website", "mailto") { $0.website = "mailto:ada@example.org" },
        BadContactField("website", "no scheme") { $0.website = "ada.example" },
        BadContactField("main_app", "201 characters") { $0.mainApp = String(repeating: "s", count: 201) },
        BadContactField("notes", "10 001 characters") { $0.notes = String(repeating: "x", count: 10_001) },
        BadContactField("notes", "NUL") { $0.notes = "a\u{0}b" },
        BadContactField("links", "11 links") { fields in
            fields.links = (0..<11).map { ProfileLink(label: "L\($0)", url: "https://example.com/\($0)") }
        },
        BadContactField("links[1].url", "javascript") { $0.links?[1].url = "javascript:alert(1)" },
        BadContactField("links[0].label", "blank label") { $0.links?[0].label = "  " },
        BadContactField("links[1].label", "61-character label") { $0.links?[1].label = String(repeating: "l", count: 61) },
        BadContactField("background.family", "control character") { $0.background?.family = "a\u{1B}b" },
        BadContactField("background.likes", "5 001 characters") { $0.background?.likes = String(repeating: "l", count: 5_001) },
        BadContactField("background.notes", "5 001 characters") { $0.background?.notes = String(repeating: "n", count: 5_001) },
        BadContactField("cadence_days", "zero") { $0.cadenceDays = 0 },
        BadContactField("cadence_days", "negative") { $0.cadenceDays = -7 },
        BadContactField("cadence_days", "over ten years") { $0.cadenceDays = 3_651 },
        BadContactField("importance", "zero") { $0.importance = 0 },
        BadContactField("importance", "four") { $0.importance = 4 },
        BadContactField("reminder_date", "Feb 30") { $0.reminderDate = "2026-02-30" },
        BadContactField("reminder_date", "words") { $0.reminderDate = "next week" },
        BadContactField("tags[1]", "blank tag") { $0.tags = ["swift", "   "] },
        BadContactField("tags[0]", "51-character tag") { $0.tags = [String(repeating: "t", count: 51)] },
        BadContactField("tags", "21 tags") { fields in fields.tags = (1...21).map { "tag\($0)" } },
    ]

    @Test("A bad value is refused with an error naming its JSON key", arguments: badFields)
    func refusesBadField(_ bad: BadContactField) throws {
        var fields = Self.fullFields()
        bad.change(&fields)
        let error = try validationError(fields)
        #expect(error.field == bad.field)
        #expect(!error.message.isEmpty)
        // The field names a JSON key (before any `[index]` or `.member`).
        let key = String(error.field.prefix { $0 != "[" && $0 != "." })
        #expect(ContactFields.CodingKeys.allCases.map(\.rawValue).contains(key))
    }

    @Test("Values at the limits are accepted")
    func limits() throws {
        var fields = Self.fullFields()
        fields.name = String(repeating: "é", count: ContactLimits.name)
        fields.phone = String(repeating: "5", count: ContactLimits.phone)
        fields.notes = String(repeating: "x", count: ContactLimits.notes)
        fields.background?.likes = String(repeating: "l", count: ContactLimits.background)
        fields.links = (0..<ContactLimits.links).map { ProfileLink(label: String(repeating: "l", count: ContactLimits.linkLabel), url: "https://example.com/\($0)") }
        fields.tags = (1...ContactLimits.tags).map { "tag\($0)" }
        fields.github = String(repeating: "a", count: 39)
        for cadence in [1, 3_650] {
            fields.cadenceDays = cadence
            let contact = try fields.validated()
            #expect(contact.cadenceDays == cadence)
            #expect(contact.links.count == 10)
            #expect(contact.tags.count == 20)
            #expect(contact.name.count == 200)
        }
    }

    @Test("Importance 1, 2 and 3 are low, normal and high", arguments: [(1, Importance.low), (2, .normal), (3, .high)])
    func importance(raw: Int, expected: Importance) throws {
        var fields = Self.fullFields()
        fields.importance = raw
        #expect(try fields.validated().importance == expected)
    }

    @Test("Phone numbers may use digits, spaces and + - ( ) . x /", arguments: [
        "+1 (555) 010-0200", "555.010.0200 x12", "030/1234567", "+44 20 7946 0958",
    ])
    func phones(_ phone: String) throws {
        var fields = Self.fullFields()
        fields.phone = phone
        #expect(try fields.validated().phone == phone)
    }

    @Test("phoneDigits keeps the digits of numbers with at least five")
    func phoneDigits() {
        var contact = Contact(name: "X")
        contact.phone = "+1 (555) 010-0200"
        #expect(contact.phoneDigits == "15550100200")
        contact.phone = "12-34"
        #expect(contact.phoneDigits == nil)
        contact.phone = nil
        #expect(contact.phoneDigits == nil)
    }

    @Test("An email keeps its local part and lower-cases its domain")
    func emailDomainLowercased() throws {
        var fields = Self.fullFields()
        fields.email = " Ada.Lovelace@Example.ORG "
        #expect(try fields.validated().email == "Ada.Lovelace@example.org")
    }

    @Test("A yearless or Feb 29 birthday is accepted")
    func birthdays() throws {
        var fields = Self.fullFields()
        fields.birthday = "--02-29"
        #expect(try fields.validated().birthday == Birthday(month: 2, day: 29))
        fields.birthday = "2004-02-29"
        #expect(try fields.validated().birthday == Birthday(month: 2, day: 29, year: 2004))
    }

    @Test("A GitHub username may come as @name or a profile URL", arguments: [
        ("ada-lovelace", "ada-lovelace"), ("@ada-lovelace", "ada-lovelace"), ("https://github.com/ada-lovelace", "ada-lovelace"),
        ("http://github.com/ada-lovelace/", "ada-lovelace"), ("github.com/Ada-Lovelace", "Ada-Lovelace"),
        ("HTTPS://GitHub.com/ada", "ada"), ("  a1 ", "a1"),
    ])
    func githubForms(raw: String, expected: String) throws {
        #expect(try ContactFields.githubUsername(raw) == expected)
        var fields = Self.fullFields()
        fields.github = raw
        #expect(try fields.validated().github == expected)
    }

    // MARK: Tags

    @Test("Tags are trimmed, inner white space collapsed, and duplicates ignoring case dropped (first spelling wins)")
    func tagsNormalised() throws {
        let tags = try TagName.normalised([" Swift ", "swift", "SWIFT", "Server  Side\tSwift", "iOS", "server side swift", "ios"], field: "tags")
        #expect(tags == ["Swift", "Server Side Swift", "iOS"])
    }

    @Test("The 20-tag limit counts tags after duplicates are dropped")
    func tagLimitAfterDedupe() throws {
        let twenty = (1...20).map { "tag\($0)" }
        let withDuplicates = twenty + twenty.map { $0.uppercased() }
        #expect(try TagName.normalised(withDuplicates, field: "tags") == twenty)
        let error = try #require(throws: CoreError.self) { try TagName.normalised(twenty + ["one more"], field: "tags") }
        #expect(error.field == "tags")
    }

    @Test("A bad tag is named by its position in the list as sent")
    func badTagIndex() throws {
        let error = try #require(throws: CoreError.self) { try TagName.normalised(["a", "A", "b", " "], field: "tags") }
        #expect(error.field == "tags[3]")
        #expect(try TagName.validated("  open   source ") == "open source")
        #expect(throws: CoreError.self) { try TagName.validated(String(repeating: "t", count: 51)) }
    }

    // MARK: PATCH and JSON

    @Test("Merging takes only the keys sent; a key sent as null clears the field")
    func mergingPatch() throws {
        let base = Self.fullFields()
        let body = Data(#"{"email": null, "company": "New Co", "cadence_days": 14, "main_app": "Slack", "reminder_date": null}"#.utf8)
        let patch = try JSONDecoder().decode(ContactFields.self, from: body)
        let keys: Set<String> = ["email", "company", "cadence_days", "main_app", "reminder_date"]
        let merged = base.merging(patch, keys: keys)
        var expected = base
        expected.email = nil
        expected.company = "New Co"
        expected.cadenceDays = 14
        expected.mainApp = "Slack"
        expected.reminderDate = nil
        #expect(merged == expected)
        let contact = try merged.validated()
        #expect(contact.email == nil)
        #expect(contact.reminder == nil)
        #expect(contact.cadenceDays == 14)
        #expect(contact.github == "ada-lovelace")
    }

    @Test("Merging with no keys, or unknown keys, changes nothing")
    func mergingNothing() throws {
        let base = Self.fullFields()
        var patch = ContactFields()
        patch.name = "Someone Else"
        #expect(base.merging(patch, keys: []) == base)
        #expect(base.merging(patch, keys: ["nickname", "mainApp", "cadenceDays"]) == base)
        #expect(base.merging(patch, keys: ["name"]).name == "Someone Else")
    }

    @Test("Every JSON key is mergeable")
    func mergingEveryKey() throws {
        let merged = Self.fullFields().merging(ContactFields(), keys: Set(ContactFields.CodingKeys.allCases.map(\.rawValue)))
        #expect(merged == ContactFields())
    }

    @Test("JSON uses snake_case keys")
    func jsonKeys() throws {
        let json = Data("""
            {"name": "Ada Lovelace", "main_app": "Signal", "cadence_days": 30, "reminder_date": "2026-04-01", "importance": 3,
             "vip": true, "tags": ["swift"], "links": [{"label": "Blog", "url": "https://blog.ada.example"}],
             "background": {"likes": "Earl Grey"}}
            """.utf8)
        let fields = try JSONDecoder().decode(ContactFields.self, from: json)
        #expect(fields.mainApp == "Signal")
        #expect(fields.cadenceDays == 30)
        #expect(fields.reminderDate == "2026-04-01")
        #expect(fields.importance == 3)
        #expect(fields.vip == true)
        #expect(fields.tags == ["swift"])
        #expect(fields.links == [ProfileLink(label: "Blog", url: "https://blog.ada.example")])
        #expect(fields.background == ContactBackground(likes: "Earl Grey"))
        let encoded = String(decoding: try JSONEncoder().encode(fields), as: UTF8.self)
        #expect(encoded.contains(#""main_app":"Signal""#))
        #expect(encoded.contains(#""cadence_days":30"#))
        #expect(encoded.contains(#""reminder_date":"2026-04-01""#))
    }

    @Test("The fields of a stored contact validate back into the same contact")
    func fieldsOfContactRoundTrip() throws {
        let contact = Self.fullContact(source: "csv")
        #expect(try ContactFields(contact).validated(source: "csv") == contact)
        #expect(ContactFields(contact) == Self.fullFields())
        var yearless = contact
        yearless.birthday = Birthday(month: 2, day: 29)
        #expect(ContactFields(yearless).birthday == "--02-29")
        #expect(try ContactFields(yearless).validated(source: "csv") == yearless)
    }
}
