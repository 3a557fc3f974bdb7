import DevhubCore
@testable import DevhubServer
import DevhubStore
import Foundation
import GRDB
import Testing

/// Quick Connect posts recorded several to a write transaction, on a real SQLite file: each post stands or falls on
/// its own (its contact, interaction, arrival and use count together), and concurrent posts are all recorded once.
@Suite("Quick Connect group commit: a batch of posts, each one atomic")
struct QuickConnectGroupCommitTests {
    static func post(_ token: String, name: String, email: String) throws -> QuickConnectPost {
        guard case .success(let submission) = QuickConnectSubmission.validate(["name": name, "email": email, "consent": "yes"]) else {
            throw CoreError(field: "form", "the form of \(name) did not validate")
        }
        return QuickConnectPost(token: token, submission)
    }

    static func count(_ database: AppDatabase, _ sql: String) throws -> Int {
        try database.writer.read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    @Test("a post that fails inside the batch leaves nothing behind; the posts before and after it are recorded")
    func failingPostStandsAlone() throws {
        let store = try TemporaryDatabase()
        defer { store.remove() }
        let code = try QuickConnectPacingTests.code(store)
        // The fault is SQLite's own: a trigger on the writer's connection refuses one visitor's contact.
        try store.database.writer.write { db in
            try db.execute(sql: """
                CREATE TEMP TRIGGER refuse_visitor BEFORE INSERT ON contacts WHEN new.email = 'refused@visitor.test'
                BEGIN SELECT RAISE(ABORT, 'refused'); END
                """)
        }
        let results = try store.database.submitQuickConnects([
            try Self.post(code.token, name: "First", email: "first@visitor.test"),
            try Self.post(code.token, name: "Refused", email: "refused@visitor.test"),
            try Self.post(code.token, name: "Third", email: "third@visitor.test"),
            try Self.post("qc_not-a-token", name: "Lost", email: "lost@visitor.test"),
        ])
        #expect(results.count == 4)
        if case .success(.accepted(_, let created)) = results[0] { #expect(created) } else { Issue.record("first: \(results[0])") }
        if case .success = results[1] { Issue.record("the refused post was recorded: \(results[1])") }
        if case .success(.accepted(_, let created)) = results[2] { #expect(created) } else { Issue.record("third: \(results[2])") }
        if case .success(.unknown) = results[3] {} else { Issue.record("an unknown token must be unknown: \(results[3])") }

        #expect(try Self.count(store.database, "SELECT count(*) FROM contacts") == 2)
        #expect(try Self.count(store.database, "SELECT count(*) FROM contacts WHERE email = 'refused@visitor.test'") == 0)
        #expect(try Self.count(store.database, "SELECT count(*) FROM interactions") == 2)
        #expect(try Self.count(store.database, "SELECT count(*) FROM quick_connect_arrivals") == 2)
        #expect(try Self.count(store.database, "SELECT use_count FROM quick_connect_codes") == 2)
    }

    @Test("posts sent at the same time are each recorded once, and each answered")
    func concurrentPostsAreAllRecorded() async throws {
        let store = try TemporaryDatabase()
        defer { store.remove() }
        let code = try QuickConnectPacingTests.code(store)
        let commits = QuickConnectGroupCommit(database: store.database)
        let posts = try (1...60).map { try Self.post(code.token, name: "Visitor \($0)", email: "v\($0)@visitor.test") }
        let outcomes = try await withThrowingTaskGroup(of: QuickConnectOutcome.self) { group in
            for post in posts { group.addTask { try await commits.submit(post) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == 60)
        #expect(outcomes.allSatisfy { if case .accepted(_, true) = $0 { true } else { false } }, "\(outcomes)")
        #expect(Set(outcomes.compactMap { if case .accepted(let id, _) = $0 { id } else { nil } }).count == 60)
        #expect(try Self.count(store.database, "SELECT count(*) FROM contacts") == 60)
        #expect(try Self.count(store.database, "SELECT use_count FROM quick_connect_codes") == 60)
        #expect(try Self.count(store.database, "SELECT count(*) FROM interactions") == 60)
    }
}
