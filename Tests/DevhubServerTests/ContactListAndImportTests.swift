import DevhubCore
import DevhubStore
import Foundation
import Testing

/// The contact list read a page at a time through its index, and the import's duplicate check through indexes, on a
/// real SQLite file, each compared with a direct computation of what the earlier code produced.
@Suite("Contacts: the list's default order and total, the import's duplicates")
struct ContactListAndImportTests {
    /// Names that tell orders apart: ASCII case (folded by the list), non-ASCII case (not folded), accents,
    /// punctuation, digits, the same name many times.
    static let names = [
        "ada", "Ada", "ADA", "Ada Lovelace", "ada lovelace", "Émile", "émile", "Zoë", "zoe", "Zoe", "o'Brien", "O'Brien",
        "_under", "1st Contact", "Ängström", "angstrom", "Bob", "bob", "Bobby", "Ben", "ben", "Linus", "Grace", "grace hopper",
    ]

    /// SQLite's NOCASE order: bytes of UTF-8 with ASCII capitals folded to small letters.
    static func nocaseKey(_ text: String) -> [UInt8] {
        text.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }
    }

    /// The order the list has always had: name without ASCII case, then id.
    static func referenceOrder(_ contacts: [StoredContact]) -> [String] {
        contacts.sorted { a, b in
            let x = nocaseKey(a.contact.name), y = nocaseKey(b.contact.name)
            if x != y { return x.lexicographicallyPrecedes(y) }
            return a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
        }.map(\.id)
    }

    /// 1,000 cards with distinct emails (so equal names all stay) and names from ``names`` with a number or not.
    static func cards(_ count: Int, from start: Int = 0) -> [ImportCandidate] {
        (start..<(start + count)).map { n in
            var fields = ContactFields()
            let base = names[n % names.count]
            fields.name = n % 3 == 0 ? base : "\(base) \(n % 97)"
            fields.email = "person\(n)@example.test"
            return ImportCandidate(index: n - start + 1, fields: fields)
        }
    }

    @Test("the default order over 1,000 contacts, page by page, is name without ASCII case then id; the total is kept")
    func defaultOrderAndTotal() throws {
        let store = try TemporaryDatabase()
        defer { store.remove() }
        let owner = try store.owner()
        let other = try store.owner("other@example.test")
        let summary = try store.database.importContacts(Self.cards(1_000), userID: owner, source: "vcard")
        #expect(summary.created == 1_000, "created \(summary.created), duplicates \(summary.duplicates)")
        _ = try store.database.importContacts(Self.cards(30, from: 5_000), userID: other, source: "vcard")

        let all = try store.database.allContacts(userID: owner)
        let expected = Self.referenceOrder(all)
        var listed: [String] = []
        for number in 1...10 {
            let page = try store.database.contacts(userID: owner, query: ContactQuery(), page: PageRequest(page: number, size: 100))
            #expect(page.total == 1_000, "page \(number): total \(page.total)")
            listed += page.items.map(\.id)
        }
        #expect(listed == expected, "the default order differs from name-then-id at \(Array(zip(listed, expected)).firstIndex { $0.0 != $0.1 } ?? -1)")
        let descending = try store.database.contacts(
            userID: owner, query: ContactQuery(sort: .name, descending: true), page: PageRequest(page: 1, size: 100))
        #expect(descending.items.map(\.id) == Array(expected.reversed().prefix(100)), "-name is not the exact reverse")

        // The kept total follows deletions, and is the other owner's own; a filtered list still counts its rows.
        #expect(try store.database.deleteContacts(ids: Array(expected.prefix(10)), userID: owner) == 10)
        let after = try store.database.contacts(userID: owner, query: ContactQuery(), page: PageRequest(page: 1, size: 20))
        #expect(after.total == 990 && after.items.map(\.id) == Array(expected.dropFirst(10).prefix(20)), "after deleting 10: \(after.total)")
        #expect(try store.database.contacts(userID: other, query: ContactQuery(), page: PageRequest()).total == 30)
        var vip = Contact(name: "Very Important", source: "manual")
        vip.vip = true
        _ = try store.database.createContact(vip, userID: owner)
        #expect(try store.database.contacts(userID: owner, query: ContactQuery(), page: PageRequest()).total == 991)
        #expect(try store.database.contacts(userID: owner, query: ContactQuery(vip: true), page: PageRequest()).total == 1)
    }

    /// A contact as the duplicate rule sees it.
    struct Known {
        var name: String
        var email: String?
        var phone: String?
    }

    /// The rule the import has always applied, computed directly: a card is a duplicate of a contact when an email
    /// matches (ASCII case aside), a phone's digits match, or the names match (ASCII case aside) and the card has no
    /// email or the contact none. Cards are checked in order against the contacts and the cards created before them.
    static func referenceImport(_ cards: [ImportCandidate], existing: [Known]) -> (created: [String], duplicates: Int, rejected: Int) {
        func folded(_ text: String) -> [UInt8] { nocaseKey(text) }
        var known = existing
        var created: [String] = [], duplicates = 0, rejected = 0
        for card in cards {
            guard let contact = try? card.fields.validatedLeniently(source: "vcard").contact else {
                rejected += 1
                continue
            }
            let emails = Set(([contact.email] + card.emails.map(Optional.some)).compactMap { $0.map { Text.trimmed($0).lowercased() } }.filter { !$0.isEmpty })
            var phones = Set(card.phones.compactMap(Contact.phoneDigits(of:)))
            if let digits = contact.phoneDigits { phones.insert(digits) }
            let duplicate = known.contains { other in
                if let email = other.email, emails.contains(where: { folded($0) == folded(email) }) { return true }
                if let phone = other.phone, phones.contains(phone) { return true }
                return folded(other.name) == folded(contact.name) && (other.email == nil || emails.isEmpty)
            }
            if duplicate {
                duplicates += 1
            } else {
                created.append(contact.name)
                known.append(Known(name: contact.name, email: contact.email, phone: contact.phoneDigits))
            }
        }
        return (created, duplicates, rejected)
    }

    static func card(_ index: Int, name: String?, email: String? = nil, phone: String? = nil, emails: [String] = [], phones: [String] = []) -> ImportCandidate {
        var fields = ContactFields()
        fields.name = name
        fields.email = email
        fields.phone = phone
        return ImportCandidate(index: index, fields: fields, emails: emails, phones: phones)
    }

    @Test("an import into a CRM with contacts merges duplicates by email, phone and name exactly as the direct rule does")
    func duplicatesMergeAsBefore() throws {
        let store = try TemporaryDatabase()
        defer { store.remove() }
        let owner = try store.owner()
        let first = [
            Self.card(1, name: "Ada Lovelace", email: "ada@example.test", phone: "+44 20 7946 0001"),
            Self.card(2, name: "Grace Hopper"),
            Self.card(3, name: "Linus", email: "linus@example.test"),
            Self.card(4, name: "Émile Zola", phone: "+33 1 23 45 67 89"),
            Self.card(5, name: "Barbara", email: "barbara@example.test", emails: ["babs@example.test"]),
        ] + (6...300).map { Self.card($0, name: "Filler \($0)", email: "filler\($0)@example.test", phone: "+1 555 01\(1000 + $0)") }
        let second = [
            Self.card(1, name: "Someone Else", email: "ADA@Example.TEST"),                  // email, other ASCII case
            Self.card(2, name: "Phone Match", phone: "(44) 20-7946-0001"),                // phone digits
            Self.card(3, name: "GRACE HOPPER"),                                           // name, neither has an email
            Self.card(4, name: "grace hopper", email: "grace@example.test"),             // name, the contact has no email
            Self.card(5, name: "linus"),                                                  // name, the card has no email
            Self.card(6, name: "Linus", email: "other-linus@example.test"),               // name, both have other emails: new
            Self.card(7, name: "émile zola"),                                             // non-ASCII case is not folded: new
            Self.card(8, name: "New Person", email: "new@example.test", emails: ["babs@example.test"]),  // a second email matches
            Self.card(9, name: "Brand New", email: "brand@example.test"),                // new
            Self.card(10, name: "Brand New Twin", email: "BRAND@example.test"),          // duplicate of the card before it
            Self.card(11, name: "  "),                                                    // no name: refused
            Self.card(12, name: "Phone Twin", phones: ["+1 555 011006"]),                 // a filler's phone, listed among phones
        ] + (301...500).map { Self.card($0, name: "Filler \($0 - 150)", email: "filler\($0)@example.test") }

        let firstSummary = try store.database.importContacts(first, userID: owner, source: "vcard")
        let firstExpected = Self.referenceImport(first, existing: [])
        #expect(firstSummary.created == firstExpected.created.count && firstSummary.duplicates == firstExpected.duplicates)

        let existing = try store.database.allContacts(userID: owner).map { Known(name: $0.contact.name, email: $0.contact.email, phone: $0.contact.phoneDigits) }
        let expected = Self.referenceImport(second, existing: existing)
        let before = Set(try store.database.allContacts(userID: owner).map(\.id))
        let summary = try store.database.importContacts(second, userID: owner, source: "vcard")
        #expect(summary.created == expected.created.count, "created \(summary.created), the rule says \(expected.created.count)")
        #expect(summary.duplicates == expected.duplicates, "duplicates \(summary.duplicates), the rule says \(expected.duplicates)")
        #expect(summary.rejected.map(\.index) == [11] && expected.rejected == 1, "rejected: \(summary.rejected.map(\.index))")
        let added = try store.database.allContacts(userID: owner).filter { !before.contains($0.id) }.map(\.contact.name)
        #expect(added.sorted() == expected.created.sorted(), "created names differ: \(Set(added).symmetricDifference(expected.created))")
        #expect(expected.created.contains("Linus") && expected.created.contains("émile zola") && !expected.created.contains("Brand New Twin"),
                "the reference rule itself: \(expected.created.prefix(12))")

        // The same file again creates nothing.
        let again = try store.database.importContacts(second, userID: owner, source: "vcard")
        #expect(again.created == 0 && again.duplicates == second.count - 1, "a second import created \(again.created)")
    }
}
