import DevhubCore
import GRDB

extension AppDatabase {
    /// Logs an interaction with the owner's contact: resets the follow-up timer, settles or sets the one-off reminder
    /// (``FollowUp/reminderAfterLogging``). Nil when the owner has no such contact.
    /// `events` are queued in the same transaction.
    public func logInteraction(
        _ interaction: Interaction, contactID: String, userID: String, events: WebhookEventsInTransaction<StoredInteraction>? = nil
    ) throws -> StoredInteraction? {
        let now = now()
        return try writer.write { db in
            guard let stored = try Self.insertInteraction(db, interaction, contactID: contactID, userID: userID, now: now) else { return nil }
            try Self.queueWebhookEvents(db, events, userID: userID, now: now) { stored }
            return stored
        }
    }

    /// ``logInteraction(_:contactID:userID:)`` inside a transaction.
    static func insertInteraction(_ db: Database, _ interaction: Interaction, contactID: String, userID: String, now: Int64) throws -> StoredInteraction? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT name, reminder_date, last_contacted FROM contacts WHERE id = ? AND user_id = ?
            """), arguments: [contactID, userID])
        else { return nil }
        let reminder = FollowUp.reminderAfterLogging(
            interactionDate: interaction.date, followUp: interaction.followUp,
            currentReminder: (row[1] as String?).flatMap(CalendarDate.init(iso:)),
            previousLastInteraction: (row[2] as String?).flatMap(CalendarDate.init(iso:)))
        let id = ULID(milliseconds: now).value
        try db.cachedStatement(sql: """
            INSERT INTO interactions (id, user_id, contact_id, type, date, notes, follow_up_date, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [id, userID, contactID, interaction.type, interaction.date.iso, interaction.notes, interaction.followUp?.iso, now, now])
        try db.cachedStatement(sql: "UPDATE contacts SET reminder_date = ?, updated_at = ? WHERE id = ?").execute(arguments: [reminder?.iso, now, contactID])
        try refreshDerived(db, contactID: contactID)
        return StoredInteraction(id: id, contactID: contactID, contactName: row[0], interaction: interaction, createdAt: now)
    }

    /// One page of the owner's interactions, newest first; only `contactID`'s when given (nil when that contact is
    /// not the owner's).
    public func interactions(userID: String, contactID: String? = nil, page: PageRequest) throws -> PageOf<StoredInteraction>? {
        try writer.read { db in
            var condition = "i.user_id = ?"
            var arguments: [(any DatabaseValueConvertible)?] = [userID]
            if let contactID {
                guard try Self.ownsContact(db, id: contactID, userID: userID) else { return nil }
                condition += " AND i.contact_id = ?"
                arguments.append(contactID)
            }
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM interactions i WHERE \(condition)", arguments: StatementArguments(arguments)) ?? 0
            let rows = try Row.fetchAll(db, sql: """
                \(Self.interactionSelect) WHERE \(condition) ORDER BY i.date DESC, i.created_at DESC, i.id DESC LIMIT ? OFFSET ?
                """, arguments: StatementArguments(arguments + [page.size, page.offset]))
            return PageOf(items: rows.map(Self.interaction), page: page.page, size: page.size, total: total)
        }
    }

    /// Every interaction of the owner, oldest first (exports).
    public func allInteractions(userID: String) throws -> [StoredInteraction] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "\(Self.interactionSelect) WHERE i.user_id = ? ORDER BY i.date, i.created_at, i.id", arguments: [userID])
                .map(Self.interaction)
        }
    }

    /// Deletes the owner's interaction `id` and recomputes its contact's follow-up; false when there is none.
    public func deleteInteraction(id: String, userID: String) throws -> Bool {
        try writer.write { db in
            guard let contactID = try String.fetchOne(
                db, sql: "SELECT contact_id FROM interactions WHERE id = ? AND user_id = ?", arguments: [id, userID])
            else { return false }
            try db.execute(sql: "DELETE FROM interactions WHERE id = ?", arguments: [id])
            try Self.refreshDerived(db, contactID: contactID)
            return true
        }
    }

    /// The owner's own interaction types, by name.
    public func customInteractionTypes(userID: String) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM interaction_types WHERE user_id = ? ORDER BY name", arguments: [userID])
        }
    }

    /// Adds an interaction type for the owner (already normalised); false when it exists.
    public func addInteractionType(_ name: String, userID: String) throws -> Bool {
        let now = now()
        return try writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO interaction_types (user_id, name, created_at) VALUES (?, ?, ?)", arguments: [userID, name, now])
            return db.changesCount > 0
        }
    }

    static let interactionSelect = """
        SELECT i.id, i.contact_id, c.name, i.type, i.date, i.notes, i.follow_up_date, i.created_at
        FROM interactions i JOIN contacts c ON c.id = i.contact_id
        """

    static func interaction(_ row: Row) -> StoredInteraction {
        StoredInteraction(
            id: row[0], contactID: row[1], contactName: row[2],
            interaction: Interaction(
                type: row[3], date: CalendarDate(iso: row[4]) ?? CalendarDate(dayNumber: 0), notes: row[5],
                followUp: (row[6] as String?).flatMap(CalendarDate.init(iso:))),
            createdAt: row[7])
    }
}
