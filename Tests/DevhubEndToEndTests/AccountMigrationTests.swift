import Foundation
import Testing

/// The `v6-account-email-key` migration on a database as an older server left it (rebuilt with `sqlite3`: the column,
/// its index and the migration's row removed, a case twin and an unverified account's live Quick Connect code added):
/// keys are filled, nobody is locked out, and the unverified account's code is revoked.
@Suite("Store: the account identity migration",
       .enabled(if: Devhub.hasTool("curl") && Devhub.hasTool("sqlite3"), "needs curl and the sqlite3 command"))
struct AccountMigrationTests {
    static let twinID = "01JLEGACYTWIN0000000000000"
    static let codeID = "01JLEGACYC0DE0000000000000"

    /// Runs `sql` on the database file with the sqlite3 command; fails unless it exits 0.
    static func sqlite(_ db: String, _ sql: String) async throws {
        let result = await Devhub.tool("sqlite3", [db, sql])
        try #require(result.status == 0, "sqlite3 failed: \(result)")
    }

    @Test("an older database gets the keys (case variants log in, a non-ASCII case twin keeps its own spelling) and unverified codes revoked")
    func migratesAnOlderDatabase() async throws {
        let site = try await ServerProcess.makeSite()
        try await ServerProcess.run(QC.serverArguments, site: site) { server in
            _ = try await server.verifiedSession("Mixed.Case@Example.test")
            _ = try await server.verifiedSession("zoë.legacy@example.test")
            #expect(await server.signUp("unverified-legacy@example.test").status == 202)
            try await server.waitUntilIdle()
        }

        try await Self.sqlite(site.db.path, """
            DROP INDEX users_email_key;
            ALTER TABLE users DROP COLUMN email_key;
            DELETE FROM grdb_migrations WHERE identifier = 'v6-account-email-key';
            INSERT INTO users (id, email, password_hash, email_verified, created_at, updated_at)
              SELECT '\(Self.twinID)', 'ZOË.LEGACY@example.test', password_hash, 0, created_at + 1, updated_at
              FROM users WHERE email = 'zoë.legacy@example.test';
            INSERT INTO quick_connect_codes (id, user_id, token_hash, event, created_at, expires_at)
              SELECT '\(Self.codeID)', id, 'legacy-hash', 'Legacy Conf', 0, 9999999999999
              FROM users WHERE email = 'unverified-legacy@example.test';
            """)

        try await ServerProcess.run(QC.serverArguments, site: site) { server in
            for spelling in ["mixed.case@example.test", "MIXED.CASE@EXAMPLE.TEST"] {
                #expect(await server.logIn(spelling).status == 200, "log-in as '\(spelling)' after the migration")
            }
            // The twin is found by its exact spelling; every other spelling (NFD included) finds the original.
            let twin = try await server.session("ZOË.LEGACY@example.test")
            let twinPage = await server.get("/app/dashboard", session: twin)
            #expect(twinPage.body.contains("ZOË.LEGACY@example.test"), "the twin's exact spelling did not sign in the twin: \(twinPage.body.prefix(1200))")
            for spelling in ["Zoë.Legacy@Example.test", "zoe\u{308}.legacy@example.test"] {
                let original = try await server.session(spelling)
                let page = await server.get("/app/dashboard", session: original)
                #expect(page.body.contains("zoë.legacy@example.test"), "'\(spelling)' did not sign in the original account: \(page.body.prefix(1200))")
            }

            let unverified = try await server.session("unverified-legacy@example.test")
            let code = try await server.quickConnect(Self.codeID, session: unverified)
            #expect(code["status"] as? String == "revoked", "an unverified account's code survived the migration: \(code)")
            try await server.waitUntilIdle()
        }
    }
}
