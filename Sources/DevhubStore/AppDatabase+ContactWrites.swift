import DevhubCore
import Foundation
import GRDB

extension AppDatabase {
    /// Inserts a contact with its background, tags, follow-up and search entry; returns its id. `today` is the day
    /// it is added on (the owner's date when nil; an import reads it once for all its cards). Without `searchEntry`
    /// the caller adds the search entry itself, later in the same transaction (``refreshDerived``, after logging an
    /// interaction). Every statement is prepared once per connection.
    static func insertContact(
        _ db: Database, _ contact: Contact, userID: String, now: Int64, today: CalendarDate? = nil, searchEntry: Bool = true
    ) throws -> String {
        let id = ULID(milliseconds: now).value
        let addedOn = try today ?? Self.today(db, userID: userID, now: now)
        // A new contact has no interaction: its follow-up counts from the day it is added (``refreshDerived``'s rule).
        let next = FollowUp.nextDate(lastInteraction: nil, addedOn: addedOn, cadenceDays: contact.cadenceDays, reminder: contact.reminder)
        try db.cachedStatement(sql: """
            INSERT INTO contacts (name, relationship, company, industry, location, birthday, email, phone, phone_digits, github,
              website, main_app, notes, links, vip, cadence_days, importance, reminder_date, updated_at,
              id, user_id, source, added_on, created_at, next_follow_up)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: StatementArguments(try fieldValues(contact, now: now) + [id, userID, contact.source, addedOn.iso, now, next?.iso]))
        if !contact.background.isEmpty { try writeBackground(db, contact.background, contactID: id, now: now) }
        try addTags(db, contact.tags, contactID: id, userID: userID, now: now)
        if searchEntry { try insertSearchEntry(db, contactID: id) }
        return id
    }

    /// Replaces the fields, background and tags of contact `id` (the caller then runs ``refreshDerived``).
    static func updateFields(_ db: Database, _ contact: Contact, id: String, userID: String, now: Int64) throws {
        try db.cachedStatement(sql: """
            UPDATE contacts SET name = ?, relationship = ?, company = ?, industry = ?, location = ?, birthday = ?, email = ?,
              phone = ?, phone_digits = ?, github = ?, website = ?, main_app = ?, notes = ?, links = ?, vip = ?, cadence_days = ?,
              importance = ?, reminder_date = ?, updated_at = ?
            WHERE id = ?
            """).execute(arguments: StatementArguments(try fieldValues(contact, now: now) + [id]))
        if contact.background.isEmpty {
            try db.cachedStatement(sql: "DELETE FROM contact_backgrounds WHERE contact_id = ?").execute(arguments: [id])
        } else {
            try writeBackground(db, contact.background, contactID: id, now: now)
        }
        try db.cachedStatement(sql: "DELETE FROM contact_tags WHERE contact_id = ?").execute(arguments: [id])
        try addTags(db, contact.tags, contactID: id, userID: userID, now: now)
    }

    /// The values of the columns both the insert and the update write, in their order there.
    private static func fieldValues(_ contact: Contact, now: Int64) throws -> [(any DatabaseValueConvertible)?] {
        let links = contact.links.isEmpty ? "[]" : String(decoding: try JSONEncoder().encode(contact.links), as: UTF8.self)
        return [
            contact.name, contact.relationship, contact.company, contact.industry, contact.location, contact.birthday?.description,
            contact.email, contact.phone, contact.phoneDigits, contact.github, contact.website, contact.mainApp, contact.notes, links,
            contact.vip, contact.cadenceDays, contact.importance.rawValue, contact.reminder?.iso, now,
        ]
    }

    private static func writeBackground(_ db: Database, _ background: ContactBackground, contactID: String, now: Int64) throws {
        try db.cachedStatement(sql: """
            INSERT INTO contact_backgrounds (contact_id, family, company, likes, dislikes, notes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (contact_id) DO UPDATE SET family = excluded.family, company = excluded.company, likes = excluded.likes,
              dislikes = excluded.dislikes, notes = excluded.notes
            """).execute(arguments: [contactID, background.family, background.company, background.likes, background.dislikes, background.notes, now])
    }

    /// Tags the contact with each of `names` (tags created when missing).
    static func addTags(_ db: Database, _ names: [String], contactID: String, userID: String, now: Int64) throws {
        for name in names {
            let tagID = try tagID(db, name: name, userID: userID, now: now)
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id, created_at) VALUES (?, ?, ?)")
                .execute(arguments: [contactID, tagID, now])
        }
    }

    /// The id of the owner's tag `name`, created when missing.
    static func tagID(_ db: Database, name: String, userID: String, now: Int64) throws -> String {
        if let id = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM tags WHERE user_id = ? AND name = ?"), arguments: [userID, name]) {
            return id
        }
        let id = ULID(milliseconds: now).value
        try db.cachedStatement(sql: "INSERT INTO tags (id, user_id, name, created_at) VALUES (?, ?, ?, ?)").execute(arguments: [id, userID, name, now])
        return id
    }

    /// Recomputes the contact's last contact and next follow-up (``FollowUp/nextDate``) and its search entry.
    static func refreshDerived(_ db: Database, contactID: String) throws {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT cadence_days, reminder_date, added_on, (SELECT max(date) FROM interactions WHERE contact_id = c.id)
            FROM contacts c WHERE id = ?
            """), arguments: [contactID])
        else { return }
        let last = (row[3] as String?).flatMap(CalendarDate.init(iso:))
        let next = FollowUp.nextDate(
            lastInteraction: last, addedOn: CalendarDate(iso: row[2]) ?? CalendarDate(dayNumber: 0), cadenceDays: row[0],
            reminder: (row[1] as String?).flatMap(CalendarDate.init(iso:)))
        try db.cachedStatement(sql: "UPDATE contacts SET last_contacted = ?, next_follow_up = ? WHERE id = ?")
            .execute(arguments: [last?.iso, next?.iso, contactID])
        try db.cachedStatement(sql: "DELETE FROM contacts_fts WHERE rowid = (SELECT seq FROM contacts WHERE id = ?)").execute(arguments: [contactID])
        try insertSearchEntry(db, contactID: contactID)
    }

    /// Adds the contact's full-text entry: name; companies; notes, relationship, industry, location, background and
    /// the notes of its interactions.
    private static func insertSearchEntry(_ db: Database, contactID: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO contacts_fts (rowid, name, company, notes)
            SELECT c.seq, c.name, coalesce(c.company, '') || ' ' || coalesce(b.company, ''),
              coalesce(c.notes, '') || ' ' || coalesce(c.relationship, '') || ' ' || coalesce(c.industry, '') || ' ' ||
              coalesce(c.location, '') || ' ' || coalesce(b.family, '') || ' ' || coalesce(b.likes, '') || ' ' ||
              coalesce(b.dislikes, '') || ' ' || coalesce(b.notes, '') || ' ' ||
              coalesce((SELECT group_concat(notes, ' ') FROM interactions WHERE contact_id = c.id), '')
            FROM contacts c LEFT JOIN contact_backgrounds b ON b.contact_id = c.id WHERE c.id = ?
            """).execute(arguments: [contactID])
    }
}
