import DevhubCore
import DevhubStore
import Foundation
import GRDB
import Testing

/// A clock the tests move by hand.
final class SyncTestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64

    init(_ milliseconds: Int64) { value = milliseconds }

    var milliseconds: Int64 {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// The sync change log over a real SQLite file: every store write path (not only the API's) moves a record to the
/// end of the log, deletes leave tombstones, a cascade never revives a record, and erasing an account leaves nothing.
@Suite("Store: sync change log and API keys")
struct SyncChangeLogTests {
    static func database(clock: SyncTestClock = SyncTestClock(1_795_000_000_000)) throws -> (AppDatabase, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-sync-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("devhub.sqlite")
        return (try AppDatabase(path: path.path, now: { clock.milliseconds }), folder)
    }

    static func account(_ database: AppDatabase, _ email: String) throws -> String {
        try #require(try database.createAccountDirectly(email: try EmailAddress(email), passwordHash: "x", verified: true))
    }

    static func date(_ iso: String) throws -> CalendarDate { try #require(CalendarDate(iso: iso)) }

    /// `type:id` of every change after `since`, in log order, and the cursor after them.
    static func changes(_ database: AppDatabase, _ userID: String, since: Int64?) throws -> (changed: [String], deleted: [String], cursor: Int64) {
        let page = try database.syncChanges(userID: userID, since: since, limit: 1000)
        #expect(!page.hasMore)
        let changed = page.contacts.map { "contact:\($0.contact.name)" } + page.interactions.map { "interaction:\($0.interaction.type)" }
            + page.tags.map { "tag:\($0.name)" }
        return (changed.sorted(), page.deleted.map { "\($0.type):\($0.id)" }.sorted(), page.cursor)
    }

    @Test("imports, bulk tagging, tag and interaction deletion and contact updates each bump exactly the records they change")
    func everyWritePath() throws {
        let (database, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let owner = try Self.account(database, "sync-owner@example.test")
        let other = try Self.account(database, "sync-other@example.test")
        let ada = try database.createContact(Contact(name: "Ada"), userID: owner)
        var tagged = Contact(name: "Tagged")
        tagged.tags = ["friends"]
        let taggedStored = try database.createContact(tagged, userID: owner)
        _ = try database.createContact(Contact(name: "Someone Else's"), userID: other)
        var cursor = try Self.changes(database, owner, since: nil)
        #expect(cursor.changed == ["contact:Ada", "contact:Tagged", "tag:friends"], "first sync: \(cursor.changed)")

        let summary = try database.importContacts(
            [ImportCandidate(index: 1, fields: ContactFields(Contact(name: "Imported"))), ImportCandidate(index: 2, fields: ContactFields(Contact(name: "Ada")))],
            userID: owner, source: "vcard")
        #expect(summary.created == 1 && summary.duplicates == 1)
        var next = try Self.changes(database, owner, since: cursor.cursor)
        #expect(next.changed == ["contact:Imported"] && next.deleted.isEmpty, "import: \(next)")
        cursor = next

        #expect(try database.tagContacts(ids: [ada.id], userID: owner, tag: "vip-list", adding: true) == 1)
        next = try Self.changes(database, owner, since: cursor.cursor)
        #expect(next.changed == ["contact:Ada", "tag:vip-list"], "bulk tag: \(next)")
        cursor = next

        let logged = try #require(try database.logInteraction(
            Interaction(type: "call", date: try Self.date("2026-11-20")), contactID: ada.id, userID: owner))
        next = try Self.changes(database, owner, since: cursor.cursor)
        #expect(next.changed == ["contact:Ada", "interaction:call"], "interaction: \(next)")
        cursor = next

        #expect(try database.deleteInteraction(id: logged.id, userID: owner))
        next = try Self.changes(database, owner, since: cursor.cursor)
        #expect(next.changed == ["contact:Ada"] && next.deleted == ["interaction:\(logged.id)"], "interaction deleted: \(next)")
        cursor = next

        let friends = try #require(try database.tags(userID: owner).first { $0.name == "friends" })
        #expect(try database.deleteTag(id: friends.id, userID: owner))
        next = try Self.changes(database, owner, since: cursor.cursor)
        #expect(next.changed == ["contact:Tagged"] && next.deleted == ["tag:\(friends.id)"], "tag deleted: \(next)")
        cursor = next

        var renamed = taggedStored.contact
        renamed.name = "Renamed"
        renamed.tags = []
        _ = try database.logInteraction(Interaction(type: "email", date: try Self.date("2026-11-19")), contactID: taggedStored.id, userID: owner)
        cursor = try Self.changes(database, owner, since: cursor.cursor)
        _ = try database.updateContact(id: taggedStored.id, userID: owner, renamed)
        next = try Self.changes(database, owner, since: cursor.cursor)
        #expect(next.changed == ["contact:Renamed", "interaction:email"], "a rename also changes its interactions' contact_name: \(next)")
        cursor = next

        #expect(try database.deleteContacts(ids: [ada.id, taggedStored.id], userID: owner) == 2)
        next = try Self.changes(database, owner, since: cursor.cursor)
        #expect(next.changed == ["tag:vip-list"], "only the surviving tag is bumped (its count fell): \(next)")
        #expect(next.deleted.count == 3 && next.deleted.contains("contact:\(ada.id)") && next.deleted.contains("contact:\(taggedStored.id)"),
                "tombstones: \(next.deleted)")
        #expect(try Self.changes(database, other, since: nil).changed == ["contact:Someone Else's"], "the other owner's log")
    }

    @Test("paging: limit splits the log, has_more says so, and a change during paging comes again later")
    func paging() throws {
        let (database, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let owner = try Self.account(database, "pager@example.test")
        var ids: [String] = []
        for index in 0..<5 { ids.append(try database.createContact(Contact(name: "Paged \(index)"), userID: owner).id) }
        let first = try database.syncChanges(userID: owner, since: nil, limit: 2)
        #expect(first.contacts.count == 2 && first.hasMore)
        var changed = try #require(try database.contact(id: ids[0], userID: owner)).contact
        changed.company = "Moved"
        _ = try database.updateContact(id: ids[0], userID: owner, changed)
        let rest = try database.syncChanges(userID: owner, since: first.cursor, limit: 10)
        #expect(!rest.hasMore)
        #expect(Set(rest.contacts.map(\.id)) == Set(ids[2...] + [ids[0]]), "the changed contact comes again, the rest once")
    }

    @Test("erasing an account removes its keys and log without a foreign-key error; other owners keep theirs")
    func erasure() throws {
        let clock = SyncTestClock(1_795_000_000_000)
        let (database, folder) = try Self.database(clock: clock)
        defer { try? FileManager.default.removeItem(at: folder) }
        let owner = try Self.account(database, "erased@example.test")
        let other = try Self.account(database, "stays@example.test")
        var contact = Contact(name: "Gone Soon")
        contact.tags = ["t"]
        let stored = try database.createContact(contact, userID: owner)
        _ = try database.logInteraction(Interaction(type: "call", date: try Self.date("2026-11-20")), contactID: stored.id, userID: owner)
        _ = try database.createContact(Contact(name: "Stays"), userID: other)
        _ = try #require(try database.createAPIKey(try APIKeySpec(name: "k", scopes: ["read"], expiresInDays: nil), userID: owner))
        try database.scheduleAccountDeletion(userID: owner)
        clock.milliseconds += 31 * 86_400_000
        #expect(try database.applyRetention(RetentionPolicy()).erasedAccounts == 1)
        let left = try database.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM sync_changes WHERE user_id = ?) + (SELECT count(*) FROM api_keys WHERE user_id = ?)",
                             arguments: [owner, owner])
        }
        #expect(left == 0)
        #expect(try Self.changes(database, other, since: nil).changed == ["contact:Stays"])
    }

    @Test("key lookups: valid, then revoked, expired, unknown, or of an account being deleted; last_used_at written at most once a minute")
    func keyAuthentication() throws {
        let clock = SyncTestClock(1_795_000_000_000)
        let (database, folder) = try Self.database(clock: clock)
        defer { try? FileManager.default.removeItem(at: folder) }
        let owner = try Self.account(database, "keyholder@example.test")
        let spec = try APIKeySpec(name: "cli", scopes: ["read"], expiresInDays: 2)
        let created = try #require(try database.createAPIKey(spec, userID: owner))
        #expect(try database.authenticateAPIKey(created.key) == .valid(id: created.stored.id, userID: owner, scopes: [.read]))
        let lastUsed = { try database.apiKeys(userID: owner).first?.lastUsedAt }
        #expect(try lastUsed() == clock.milliseconds)
        let firstUse = clock.milliseconds
        clock.milliseconds += 59_000
        _ = try database.authenticateAPIKey(created.key)
        #expect(try lastUsed() == firstUse, "written again within a minute")
        clock.milliseconds += 1_000
        _ = try database.authenticateAPIKey(created.key)
        #expect(try lastUsed() == clock.milliseconds, "not written after a minute")

        clock.milliseconds = created.stored.createdAt + 2 * 86_400_000
        #expect(try database.authenticateAPIKey(created.key) == .expired)
        #expect(try database.authenticateAPIKey(APIKeyFormat.generate()) == .unknown)

        let second = try #require(try database.createAPIKey(try APIKeySpec(name: "two", scopes: ["write"], expiresInDays: nil), userID: owner))
        #expect(try database.revokeAPIKey(id: second.stored.id, userID: "someone-else") == false)
        #expect(try database.revokeAPIKey(id: second.stored.id, userID: owner))
        #expect(try database.authenticateAPIKey(second.key) == .revoked)
        let third = try #require(try database.createAPIKey(try APIKeySpec(name: "three", scopes: ["write"], expiresInDays: nil), userID: owner))
        try database.scheduleAccountDeletion(userID: owner)
        #expect(try database.authenticateAPIKey(third.key) != .valid(id: third.stored.id, userID: owner, scopes: [.write]))
        try database.cancelAccountDeletion(userID: owner)
        #expect(try database.authenticateAPIKey(third.key) == .revoked, "a restored account got its keys back")
    }
}
