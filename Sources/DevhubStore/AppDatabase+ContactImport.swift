import DevhubCore
import Foundation
import GRDB

extension AppDatabase {
    /// Imports contacts, skipping any that match one already there (any email, any phone, or the same name when
    /// neither carries an email): importing the same file twice creates nothing the second time. One transaction.
    ///
    /// The cards are validated across the machine's cores first; the transaction then looks each one up through the
    /// owner's email, phone-digits and name indexes (never a scan of the owner's contacts) and inserts the new ones
    /// with prepared statements, so an import costs the same into an empty CRM as into a large one.
    public func importContacts(_ candidates: [ImportCandidate], userID: String, source: String) throws -> ContactImportSummary {
        let now = now()
        let prepared = ParallelMap.map(candidates) { PreparedImport($0, source: source) }
        return try writer.write { db in
            // A large CRM's indexes (name, email, phone, follow-up, search) outgrow SQLite's default 2 MiB page cache;
            // the writer keeps up to 64 MiB of them, filled only as an import needs it.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            let today = try Self.today(db, userID: userID, now: now)
            var summary = ContactImportSummary()
            for (candidate, card) in zip(candidates, prepared) {
                let contact: Contact
                switch card.contact {
                case .failure(let error):
                    summary.rejected.append((candidate.index, error))
                    continue
                case .success(let value):
                    contact = value
                }
                if try Self.isDuplicate(db, userID: userID, name: contact.name, emails: card.emails, phones: card.phones) {
                    summary.duplicates += 1
                    continue
                }
                _ = try Self.insertContact(db, contact, userID: userID, now: now, today: today)
                summary.created += 1
                summary.dropped += (candidate.dropped + card.dropped).map { (candidate.index, $0) }
            }
            return summary
        }
    }

    /// Whether the owner has a contact that `name`, `emails` (lower-cased) or `phones` (digits) match: an email or a
    /// phone in common, or the same name (without ASCII case) when the card has no email or the contact none. Each
    /// check is one probe of an index on `(user_id, …)`.
    static func isDuplicate(_ db: Database, userID: String, name: String, emails: [String], phones: [String]) throws -> Bool {
        let byEmail = try db.cachedStatement(sql: "SELECT 1 FROM contacts WHERE user_id = ? AND email = ? LIMIT 1")
        for email in emails where try Bool.fetchOne(byEmail, arguments: [userID, email]) != nil { return true }
        let byPhone = try db.cachedStatement(sql: "SELECT 1 FROM contacts WHERE user_id = ? AND phone_digits = ? LIMIT 1")
        for phone in phones where try Bool.fetchOne(byPhone, arguments: [userID, phone]) != nil { return true }
        let byName = try db.cachedStatement(sql: """
            SELECT 1 FROM contacts WHERE user_id = ? AND name = ? COLLATE NOCASE AND (email IS NULL OR ? = 0) LIMIT 1
            """)
        return try Bool.fetchOne(byName, arguments: [userID, name, emails.isEmpty ? 0 : 1]) != nil
    }
}

/// One card of an import, validated off the write transaction: the contact (or why it was refused), what was
/// dropped from it, and the keys its duplicate check looks up.
struct PreparedImport: Sendable {
    var contact: Result<Contact, CoreError>
    var dropped: [CoreError] = []
    /// Every email of the card, trimmed and lower-cased, without blanks, sorted.
    var emails: [String] = []
    /// The digits of every phone of the card, sorted.
    var phones: [String] = []

    init(_ candidate: ImportCandidate, source: String) {
        let result: (contact: Contact, dropped: [CoreError])
        do throws(CoreError) {
            result = try candidate.fields.validatedLeniently(source: source)
        } catch {
            self.contact = .failure(error)
            return
        }
        let contact = result.contact
        self.contact = .success(contact)
        dropped = result.dropped
        let emails = ([contact.email] + candidate.emails.map(Optional.some)).compactMap { $0.map { Text.trimmed($0).lowercased() } }
        self.emails = Set(emails.filter { !$0.isEmpty }).sorted()
        var phones = Set(candidate.phones.compactMap(Contact.phoneDigits(of:)))
        if let digits = contact.phoneDigits { phones.insert(digits) }
        self.phones = phones.sorted()
    }
}
