import DevhubCore
import DevhubStore
import Foundation
import GRDB
import Testing

/// `github_technologies` (migration v18-technologies) on a real SQLite file: kept by triggers whatever writes
/// `github_repositories`, filled from rows stored before the migration, and never an error for an odd topic.
@Suite("Technologies: the index behind ?tech=")
struct TechnologyIndexTests {
    private func ids(_ database: AppDatabase, _ userID: String, _ technology: String) throws -> [String] {
        try database.contacts(userID: userID, query: ContactQuery(technology: technology), page: PageRequest(page: 1, size: 100)).items.map(\.id)
    }

    @Test("repositories stored before the migration are indexed when it runs; odd topics (quotes, backslashes, tabs) never fail a write")
    func backfillAndOddTopics() throws {
        let store = try TemporaryDatabase()
        defer { store.remove() }
        let owner = try store.owner()
        let sam = try store.database.createContact(Contact(name: "Sam", source: "manual"), userID: owner).id
        let kim = try store.database.createContact(Contact(name: "Kim", source: "manual"), userID: owner).id
        try store.database.replaceGitHubRepositories(userID: owner, contactID: sam, with: [
            GitHubRepository(fullName: "sam/a", url: "https://github.com/sam/a", language: " Rust ", topics: ["say \"hi\"", #"back\slash"#, "tab\there", "wasm"],
                             stars: 1, fork: false, pushedAt: 1),
        ])
        try store.database.replaceGitHubRepositories(userID: owner, contactID: kim, with: [
            GitHubRepository(fullName: "kim/a", url: "https://github.com/kim/a", language: "Go", topics: [], stars: 1, fork: false, pushedAt: 1),
            GitHubRepository(fullName: "kim/b", url: "https://github.com/kim/b", language: "Zig", topics: ["bell\u{7}", "cli"], stars: 1, fork: false, pushedAt: 1),
        ])
        #expect(try ids(store.database, owner, "rust") == [sam])
        #expect(try ids(store.database, owner, "say \"hi\"") == [sam])
        #expect(try ids(store.database, owner, #"back\slash"#) == [sam])
        #expect(try ids(store.database, owner, "WASM") == [sam])
        #expect(try ids(store.database, owner, "tab\there") == [sam], "a control character is escaped into the JSON the trigger splits")
        #expect(try ids(store.database, owner, "go") == [kim])
        #expect(try ids(store.database, owner, "zig") == [kim], "the language of a repository whose topics JSON cannot carry")
        #expect(try ids(store.database, owner, "cli") == [], "those topics are left out, the write succeeded")

        // Back to before v18: no index, no triggers, the migration not applied; then open the file again.
        let path = store.folder.appendingPathComponent("devhub.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                DROP TRIGGER github_repositories_technologies_insert;
                DROP TRIGGER github_repositories_technologies_update;
                DROP TRIGGER github_repositories_technologies_delete;
                DROP TABLE github_technologies;
                DELETE FROM grdb_migrations WHERE identifier = 'v18-technologies';
                """)
        }
        try queue.close()
        let reopened = try AppDatabase(path: path)
        #expect(try ids(reopened, owner, "rust") == [sam])
        #expect(try ids(reopened, owner, "wasm") == [sam])
        #expect(try ids(reopened, owner, "go") == [kim])
        let network = try reopened.networkTechnologies(userID: owner)
        #expect(network.map(\.name).contains("Rust"), "the language's spelling, trimmed: \(network)")
        #expect(network.first { $0.key == "rust" }?.contacts == 1)
    }
}
