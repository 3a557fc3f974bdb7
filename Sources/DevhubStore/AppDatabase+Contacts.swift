import DevhubCore
import Foundation
import GRDB

extension AppDatabase {
    /// The date it is for the owner (in their time zone).
    public func today(userID: String) throws -> CalendarDate {
        let now = now()
        return try writer.read { db in try Self.today(db, userID: userID, now: now) }
    }

    /// Creates a contact owned by `userID`, queuing `events` in the same transaction.
    public func createContact(_ contact: Contact, userID: String, events: WebhookEventsInTransaction<StoredContact>? = nil) throws -> StoredContact {
        let now = now()
        return try writer.write { db in
            let id = try Self.insertContact(db, contact, userID: userID, now: now)
            let stored = try Self.contacts(db, userID: userID, ids: [id])[0]
            try Self.queueWebhookEvents(db, events, userID: userID, now: now) { stored }
            return stored
        }
    }

    /// Replaces the fields of the owner's contact `id`, queuing `events` in the same transaction; nil when the owner
    /// has no such contact.
    public func updateContact(
        id: String, userID: String, _ contact: Contact, events: WebhookEventsInTransaction<StoredContact>? = nil
    ) throws -> StoredContact? {
        let now = now()
        return try writer.write { db in
            guard try Self.ownsContact(db, id: id, userID: userID) else { return nil }
            try Self.updateFields(db, contact, id: id, userID: userID, now: now)
            try Self.refreshDerived(db, contactID: id)
            guard let stored = try Self.contacts(db, userID: userID, ids: [id]).first else { return nil }
            try Self.queueWebhookEvents(db, events, userID: userID, now: now) { stored }
            return stored
        }
    }

    /// The owner's contact `id`, or nil (someone else's contact is "not found" too).
    public func contact(id: String, userID: String) throws -> StoredContact? {
        try writer.read { db in try Self.contacts(db, userID: userID, ids: [id]).first }
    }

    /// Deletes the owner's contacts among `ids` (with their interactions and tags), queuing `events` with the ids
    /// that went in the same transaction; returns how many went.
    public func deleteContacts(ids: [String], userID: String, events: WebhookEventsInTransaction<[String]>? = nil) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let now = now()
        return try writer.write { db in
            let owned = try String.fetchAll(
                db, sql: "SELECT id FROM contacts WHERE user_id = ? AND id IN (\(Self.placeholders(ids.count)))",
                arguments: StatementArguments([userID] + ids))
            guard !owned.isEmpty else { return 0 }
            try db.execute(
                sql: "DELETE FROM contacts WHERE user_id = ? AND id IN (\(Self.placeholders(owned.count)))",
                arguments: StatementArguments([userID] + owned))
            let deleted = db.changesCount
            try Self.queueWebhookEvents(db, events, userID: userID, now: now) { owned }
            return deleted
        }
    }

    /// Adds (or removes) tag `name` on the owner's contacts among `ids`; returns how many contacts changed.
    public func tagContacts(ids: [String], userID: String, tag name: String, adding: Bool) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let now = now()
        return try writer.write { db in
            let owned = try String.fetchAll(
                db, sql: "SELECT id FROM contacts WHERE user_id = ? AND id IN (\(Self.placeholders(ids.count)))",
                arguments: StatementArguments([userID] + ids))
            guard !owned.isEmpty else { return 0 }
            if adding {
                let tagID = try Self.tagID(db, name: name, userID: userID, now: now)
                var changed = 0
                for id in owned {
                    try db.execute(sql: "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id, created_at) VALUES (?, ?, ?)", arguments: [id, tagID, now])
                    changed += db.changesCount
                }
                return changed
            }
            guard let tagID = try String.fetchOne(db, sql: "SELECT id FROM tags WHERE user_id = ? AND name = ?", arguments: [userID, name]) else { return 0 }
            try db.execute(
                sql: "DELETE FROM contact_tags WHERE tag_id = ? AND contact_id IN (\(Self.placeholders(owned.count)))",
                arguments: StatementArguments([tagID] + owned))
            return db.changesCount
        }
    }

    /// One page of the owner's contacts matching `query`, with their tags (two queries, whatever the page size).
    public func contacts(userID: String, query: ContactQuery, page: PageRequest) throws -> PageOf<StoredContact> {
        try datedContacts(userID: userID, query: query, page: page).page
    }

    /// ``contacts(userID:query:page:)`` and the owner's date (``today(userID:)``) read in the same transaction: what
    /// a list answer needs to give each contact its follow-up status, in one read.
    public func datedContacts(userID: String, query: ContactQuery, page: PageRequest) throws -> (page: PageOf<StoredContact>, today: CalendarDate) {
        let now = now()
        return try writer.read { db in
            let today = try Self.today(db, userID: userID, now: now)
            var conditions = ["c.user_id = ?"]
            var arguments: [(any DatabaseValueConvertible)?] = [userID]
            if let pattern = query.text.flatMap(Self.ftsPattern) {
                conditions.append("c.seq IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)")
                arguments.append(pattern)
            }
            if let tag = query.tag {
                conditions.append("""
                    EXISTS (SELECT 1 FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
                            WHERE ct.contact_id = c.id AND t.user_id = c.user_id AND t.name = ?)
                    """)
                arguments.append(tag)
            }
            if let technology = query.technology {
                conditions.append("c.id IN (\(Self.technologyContactIDs))")
                let key = TechnologyName.key(TechnologyName.trimmingSpaces(technology))
                arguments += [userID, key, userID, key]
            }
            if let vip = query.vip {
                conditions.append("c.vip = ?")
                arguments.append(vip)
            }
            if query.withFollowUp { conditions.append("c.next_follow_up IS NOT NULL") }
            if let status = query.status {
                let soon = today.adding(days: FollowUp.dueSoonDays).iso
                switch status {
                case .overdue:
                    conditions.append("c.next_follow_up < ?")
                    arguments.append(today.iso)
                case .dueSoon:
                    conditions.append("c.next_follow_up BETWEEN ? AND ?")
                    arguments += [today.iso, soon]
                case .ok:
                    conditions.append("(c.next_follow_up IS NULL OR c.next_follow_up > ?)")
                    arguments.append(soon)
                }
            }
            let whereSQL = conditions.joined(separator: " AND ")
            // Without a filter the total is the owner's count, kept by triggers (one row, however many contacts).
            let total = conditions.count == 1
                ? try Int.fetchOne(db.cachedStatement(sql: "SELECT contacts FROM contact_counts WHERE user_id = ?"), arguments: [userID]) ?? 0
                : try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM contacts c WHERE \(whereSQL)"), arguments: StatementArguments(arguments)) ?? 0
            let direction = query.descending ? "DESC" : "ASC"
            let order: String
            switch query.sort {
            case .name: order = "c.name COLLATE NOCASE \(direction)"
            case .nextFollowUp: order = "c.next_follow_up IS NULL, c.next_follow_up \(direction)"
            case .lastContacted: order = "c.last_contacted IS NULL, c.last_contacted \(direction)"
            case .createdAt: order = "c.created_at \(direction)"
            case .updatedAt: order = "c.updated_at \(direction)"
            }
            // The SQL is one of a few dozen shapes (filters × order): each is prepared once per connection.
            let items = try Self.contacts(db, db.cachedStatement(sql: """
                \(Self.contactSelect) WHERE \(whereSQL) ORDER BY \(order), c.id \(direction) LIMIT ? OFFSET ?
                """), arguments: StatementArguments(arguments + [page.size, page.offset]))
            return (PageOf(items: items, page: page.page, size: page.size, total: total), today)
        }
    }

    /// Every contact of the owner, by name (exports).
    public func allContacts(userID: String) throws -> [StoredContact] {
        try writer.read { db in
            try Self.contacts(db, db.makeStatement(sql: "\(Self.contactSelect) WHERE c.user_id = ? ORDER BY c.name COLLATE NOCASE, c.id"), arguments: [userID])
        }
    }

    // MARK: Helpers inside transactions

    static func today(_ db: Database, userID: String, now: Int64) throws -> CalendarDate {
        today(timeZone: try String.fetchOne(db.cachedStatement(sql: "SELECT time_zone FROM users WHERE id = ?"), arguments: [userID]), now: now)
    }

    /// The date at `now` in the IANA zone `timeZone` (UTC when nil or unknown).
    static func today(timeZone: String?, now: Int64) -> CalendarDate {
        CalendarDate.on(Date(timeIntervalSince1970: Double(now) / 1000), in: timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!)
    }

    static func ownsContact(_ db: Database, id: String, userID: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM contacts WHERE id = ? AND user_id = ?", arguments: [id, userID]) ?? false
    }

    static let contactSelect = """
        SELECT c.id, c.name, c.relationship, c.company, c.industry, c.location, c.birthday, c.email, c.phone, c.github,
          c.website, c.main_app, c.notes, c.links, c.vip, c.source, c.cadence_days, c.importance, c.reminder_date,
          c.last_contacted, c.next_follow_up, c.added_on, c.created_at, c.updated_at,
          b.family, b.company, b.likes, b.dislikes, b.notes, c.consent_at, c.consent_notice, c.github_status
        FROM contacts c LEFT JOIN contact_backgrounds b ON b.contact_id = c.id
        """

    /// The owner's contacts among `ids`, in the order found.
    static func contacts(_ db: Database, userID: String, ids: [String]) throws -> [StoredContact] {
        guard !ids.isEmpty else { return [] }
        return try contacts(
            db, statement(db, sql: "\(contactSelect) WHERE c.user_id = ? AND c.id IN (\(placeholders(ids.count)))", placeholders: ids.count),
            arguments: StatementArguments([userID] + ids))
    }

    /// Contacts from the rows `select` (a query of ``contactSelect``) gives, with their tags and repositories
    /// fetched in one query each. The rows are decoded as the statement steps (no copy of each row first).
    static func contacts(_ db: Database, _ select: Statement, arguments: StatementArguments) throws -> [StoredContact] {
        var items: [StoredContact] = []
        let decoder = JSONDecoder()
        let rows = try Row.fetchCursor(select, arguments: arguments)
        while let row = try rows.next() {
            var contact = Contact(name: row[1], source: row[15])
            contact.relationship = row[2]
            contact.company = row[3]
            contact.industry = row[4]
            contact.location = row[5]
            contact.birthday = (row[6] as String?).flatMap { try? Birthday.parse($0) }
            contact.email = row[7]
            contact.phone = row[8]
            contact.github = row[9]
            contact.website = row[10]
            contact.mainApp = row[11]
            contact.notes = row[12]
            let links: String = row[13]
            contact.links = links == "[]" ? [] : (try? decoder.decode([ProfileLink].self, from: Data(links.utf8))) ?? []
            contact.vip = row[14]
            contact.cadenceDays = row[16]
            contact.importance = Importance(rawValue: row[17]) ?? .normal
            contact.reminder = (row[18] as String?).flatMap(CalendarDate.init(iso:))
            contact.background = ContactBackground(family: row[24], company: row[25], likes: row[26], dislikes: row[27], notes: row[28])
            items.append(StoredContact(
                id: row[0], contact: contact, lastContacted: (row[19] as String?).flatMap(CalendarDate.init(iso:)),
                nextFollowUp: (row[20] as String?).flatMap(CalendarDate.init(iso:)),
                addedOn: CalendarDate(iso: row[21]) ?? CalendarDate(dayNumber: 0), createdAt: row[22], updatedAt: row[23],
                consent: (row[29] as Int64?).map { ContactConsent(at: $0, notice: row[30]) }, githubStatus: row[31]))
        }
        guard !items.isEmpty else { return [] }
        let ids = items.map(\.id)
        var tags: [String: [String]] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            let rows = try Row.fetchCursor(statement(db, sql: """
                SELECT ct.contact_id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
                WHERE ct.contact_id IN (\(placeholders(chunk.count))) ORDER BY t.name COLLATE NOCASE
                """, placeholders: chunk.count), arguments: StatementArguments(chunk))
            while let row = try rows.next() {
                tags[row[0], default: []].append(row[1])
            }
        }
        let repositories = try repositoryActivity(db, contactIDs: ids)
        for index in items.indices {
            let id = items[index].id
            items[index].contact.tags = tags[id] ?? []
            items[index].repositories = repositories[id] ?? []
        }
        return items
    }

    /// At most this many words of a search, each at most ``maxSearchWordScalars`` scalars, from at most
    /// ``maxSearchScalars`` scalars of input; the rest is ignored.
    static let maxSearchWords = 10
    static let maxSearchWordScalars = 64
    static let maxSearchScalars = 512

    /// An FTS5 query matching every word of `text` as a prefix (`ada lov` → `"ada"* "lov"*`); nil without words.
    /// Words are runs of letter, mark and number scalars (anything else separates them: quotes, `*`, `^`, `:`, `(`,
    /// `-`, prepend marks such as U+0600), so `NEAR`, `AND`, `OR`, `NOT` are plain words; each word is an FTS5 string
    /// with any `"` doubled. Working by scalar, not `Character`, a quote can never hide inside a word.
    public static func ftsPattern(_ text: String) -> String? {
        var words: [String.UnicodeScalarView] = []
        var word = String.UnicodeScalarView()
        var length = 0
        var hasLetterOrNumber = false
        func finish() {
            if hasLetterOrNumber, words.count < maxSearchWords { words.append(word) }
            word = String.UnicodeScalarView()
            length = 0
            hasLetterOrNumber = false
        }
        func add(_ scalar: Unicode.Scalar) {
            guard length < maxSearchWordScalars else { return }
            word.append(scalar)
            length += 1
        }
        for scalar in text.unicodeScalars.prefix(maxSearchScalars) {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber:
                hasLetterOrNumber = true
                add(scalar)
            case .nonspacingMark, .spacingMark, .enclosingMark:
                if length > 0 { add(scalar) }
            default:
                finish()
            }
        }
        finish()
        guard !words.isEmpty else { return nil }
        return words.map { word in
            var quoted = String.UnicodeScalarView()
            quoted.append("\"")
            for scalar in word {
                quoted.append(scalar)
                if scalar == "\"" { quoted.append(scalar) }
            }
            return String(quoted) + "\"*"
        }.joined(separator: " ")
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// The statement for `sql` with `placeholders` values in an `IN (…)` list: prepared once per connection and kept
    /// for a page's worth of values (at most ``PageRequest/maxSize``, the shapes a list answer uses again and again),
    /// prepared afresh for larger lists, whose many lengths would fill the connection's cache.
    static func statement(_ db: Database, sql: String, placeholders: Int) throws -> Statement {
        placeholders <= PageRequest.maxSize ? try db.cachedStatement(sql: sql) : try db.makeStatement(sql: sql)
    }
}
