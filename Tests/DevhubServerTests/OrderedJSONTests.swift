import DevhubCore
@testable import DevhubServer
@testable import DevhubStore
import Foundation
import Testing

/// The contact list written straight to bytes (``OrderedJSONObject``) against the dictionaries ``SortedJSON`` and
/// `JSONSerialization` write: the same bytes for every shape of contact the API answers with.
@Suite("OrderedJSON: contacts written to bytes as SortedJSON and JSONSerialization write them")
struct OrderedJSONTests {
    static func foundation(_ object: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    static let awkward = "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u{07} nul \u{00} unit \u{1F} del \u{7F} "
        + "é \u{301} emoji 🧑‍💻 line sep \u{2028} <script>&"

    /// A contact with every field empty, and one with every field set (awkward text, consent, links, tags, a repository).
    static func contacts() throws -> [StoredContact] {
        let bare = StoredContact(
            id: "01M8NM6A9TXBP5M9845BWNBCYA", contact: Contact(name: "Ada"), lastContacted: nil, nextFollowUp: nil,
            addedOn: CalendarDate(dayNumber: 20_000), createdAt: 1_780_000_000_000, updatedAt: 1_780_000_000_001)
        var contact = Contact(name: awkward, source: "quick connect")
        contact.relationship = "friend"
        contact.company = awkward
        contact.industry = "compilers"
        contact.location = "Berlin"
        contact.birthday = try Birthday.parse("1815-12-10")
        contact.email = "ada@example.test"
        contact.phone = "+49 30 1234"
        contact.github = "ada"
        contact.website = "https://ada.dev/a/b"
        contact.mainApp = "Signal"
        contact.notes = awkward
        contact.links = [ProfileLink(label: "Site", url: "https://ada.dev/"), ProfileLink(label: awkward, url: "https://x.test/?a=1&b=\"")]
        contact.vip = true
        contact.cadenceDays = 30
        contact.importance = .high
        contact.reminder = CalendarDate(dayNumber: 20_010)
        contact.background = ContactBackground(family: "two cats", company: nil, likes: awkward, dislikes: "", notes: "n")
        contact.tags = ["Swift", "_under", "10", "9", "B", "a"]
        let full = StoredContact(
            id: "01M8NM6A9TXBP5M9845BWNBCYB", contact: contact, lastContacted: CalendarDate(dayNumber: 20_001),
            nextFollowUp: CalendarDate(dayNumber: 20_031), addedOn: CalendarDate(dayNumber: 19_000), createdAt: 1_780_000_000_000,
            updatedAt: 1_780_000_500_000, consent: ContactConsent(at: 1_780_000_000_000, notice: String(repeating: "ab", count: 32)),
            githubStatus: "ok", repositories: [RepositoryActivity(language: "Swift", topics: ["llvm", "compilers"], pushedAt: 1_779_000_000_000)])
        var noNotice = full
        noNotice.consent = ContactConsent(at: 0, notice: nil)
        noNotice.nextFollowUp = CalendarDate(dayNumber: 19_990)
        return [bare, full, noNotice]
    }

    @Test("a contact, alone and in a list page, comes out byte for byte as SortedJSON and JSONSerialization write its dictionary")
    func sameBytes() throws {
        let today = CalendarDate(dayNumber: 20_000)
        let contacts = try Self.contacts()
        for stored in contacts {
            let ours = CRMJSON.contactObject(stored, today: today).data
            let dictionary = CRMJSON.contact(stored, today: today)
            #expect(ours == (try #require(SortedJSON.data(dictionary))), "\(String(decoding: ours, as: UTF8.self))")
            #expect(ours == (try Self.foundation(dictionary)))
        }
        for page in [PageOf(items: contacts, page: 2, size: 3, total: 10_000), PageOf(items: [], page: 1, size: 20, total: 0)] {
            let ours = CRMJSON.orderedList(page) { CRMJSON.contactObject($0, today: today) }.data
            let dictionary = CRMJSON.list(page) { CRMJSON.contact($0, today: today) }
            #expect(ours == (try #require(SortedJSON.data(dictionary))), "\(String(decoding: ours, as: UTF8.self))")
            #expect(ours == (try Self.foundation(dictionary)))
        }
    }

    @Test("a webhook's contact value made from the object equals the one made by serialising and parsing its dictionary")
    func sameWebhookValue() throws {
        let today = CalendarDate(dayNumber: 20_000)
        for stored in try Self.contacts() {
            #expect(JSONValue(CRMJSON.contactObject(stored, today: today)) == JSONValue(serializable: CRMJSON.contact(stored, today: today)))
        }
    }
}
