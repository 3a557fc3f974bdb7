import Foundation
import Testing

/// Reading a database file the way an operator would: the `sqlite3` command.
enum SQLiteFile {
    /// The output of `sql` on the database at `path` (trimmed); fails unless sqlite3 exits 0.
    static func query(_ path: String, _ sql: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = await Devhub.tool("sqlite3", [path, sql])
        try #require(result.status == 0, "sqlite3 \(path) \"\(sql)\": \(result)", sourceLocation: sourceLocation)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The integer `sql` answers on the database at `path` (-1 when it is not one).
    static func count(_ path: String, _ sql: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int {
        Int(try await query(path, sql, sourceLocation: sourceLocation)) ?? -1
    }
}

extension ServerProcess {
    /// The id of the account with `email`, read from the server's database file.
    func userID(_ email: String) async throws -> String {
        let id = try await SQLiteFile.query(site.db.path, "SELECT id FROM users WHERE email = '\(email)'")
        try #require(!id.isEmpty, "no account for \(email)")
        return id
    }

    /// Rows that still name the account `userID`, table by table (tables with none are left out).
    func rowsOfUser(_ userID: String) async throws -> [String: Int] {
        let tables = [
            ("users", "id = '\(userID)'"), ("public_profiles", "user_id = '\(userID)'"), ("sessions", "user_id = '\(userID)'"),
            ("email_tokens", "user_id = '\(userID)'"), ("outbox", "user_id = '\(userID)'"), ("contacts", "user_id = '\(userID)'"),
            ("interactions", "user_id = '\(userID)'"), ("contact_counts", "user_id = '\(userID)'"), ("tags", "user_id = '\(userID)'"), ("interaction_types", "user_id = '\(userID)'"),
            ("agent_reports", "user_id = '\(userID)'"), ("quick_connect_codes", "user_id = '\(userID)'"),
            ("domain_claims", "user_id = '\(userID)'"), ("api_keys", "user_id = '\(userID)'"), ("sync_changes", "user_id = '\(userID)'"),
            ("jobs", "done_at IS NULL AND instr(payload, '\(userID)') > 0"),
            ("webhook_endpoints", "user_id = '\(userID)'"),
            ("quick_connect_arrivals", "code_id IN (SELECT id FROM quick_connect_codes WHERE user_id = '\(userID)')"),
        ]
        var rows: [String: Int] = [:]
        for (table, condition) in tables {
            let count = try await SQLiteFile.count(site.db.path, "SELECT count(*) FROM \(table) WHERE \(condition)")
            if count != 0 { rows[table] = count }
        }
        return rows
    }
}
