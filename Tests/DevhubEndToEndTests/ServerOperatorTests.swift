import Foundation
import Testing

/// The operator's commands against the database of a running server: `devhub user create`, `devhub user
/// verify` and `devhub backup` (an online backup that passes `integrity_check`).
@Suite("Server: operator commands", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerOperatorTests {
    @Test("user create --verified and user verify give accounts that log in and publish")
    func userCreateAndVerify() async throws {
        try await ServerProcess.run { server in
            let db = server.site.db.path
            let created = await Devhub.run(["user", "create", "--db", db, "--email", "op@example.test",
                                            "--password", ServerProcess.goodPassword, "--verified"])
            try #require(created.status == 0, "user create --verified: \(created)")
            let session = try await server.session("op@example.test")
            let saved = await server.saveProfile(ProfileJSON.make(username: "operator-made", name: "Operator Made"), session: session)
            #expect(saved.status == 200, "PUT /api/profile: \(saved)")
            #expect(await server.eventuallyHasFile("@operator-made/index.html", containing: "Operator Made"),
                    "a --verified account's profile was not published; log:\n\(server.logTail())")

            let duplicate = await Devhub.run(["user", "create", "--db", db, "--email", "op@example.test",
                                              "--password", ServerProcess.goodPassword])
            #expect(duplicate.status != 0, "creating an existing address again exited 0: \(duplicate)")

            let plain = await Devhub.run(["user", "create", "--db", db, "--email", "later@example.test",
                                          "--password", ServerProcess.goodPassword])
            try #require(plain.status == 0, "user create: \(plain)")
            let laterSession = try await server.session("later@example.test")
            let laterSaved = await server.saveProfile(ProfileJSON.make(username: "verified-later", name: "Verified Later"), session: laterSession)
            #expect(laterSaved.status == 200, "PUT /api/profile: \(laterSaved)")
            try await server.waitUntilIdle()
            #expect(!server.site.exists("@verified-later/index.html"), "an account created without --verified was published")

            let verified = await Devhub.run(["user", "verify", "--db", db, "--email", "later@example.test"])
            #expect(verified.status == 0, "user verify: \(verified)")
            #expect(await server.eventuallyHasFile("@verified-later/index.html", containing: "Verified Later"),
                    "user verify did not publish the profile (no regenerate job?); log:\n\(server.logTail())")
            _ = try await server.session("later@example.test")

            let unknown = await Devhub.run(["user", "verify", "--db", db, "--email", "nobody@example.test"])
            #expect(unknown.status != 0, "verifying an unknown address exited 0: \(unknown)")
            let weak = await Devhub.run(["user", "create", "--db", db, "--email", "weak@example.test", "--password", "short"])
            #expect(weak.status != 0, "user create accepted a 5-character password: \(weak)")
        }
    }

    @Test("devhub backup while the server runs writes a copy that passes integrity_check",
          .enabled(if: Devhub.hasTool("sqlite3"), "needs the sqlite3 command"))
    func onlineBackup() async throws {
        try await ServerProcess.run { server in
            _ = try await server.verifiedSession("backup@example.test")
            let backup = server.site.root.appendingPathComponent("backup.sqlite")
            let result = await Devhub.run(["backup", backup.path, "--db", server.site.db.path])
            #expect(result.status == 0, "devhub backup: \(result)")
            try #require(FileManager.default.fileExists(atPath: backup.path), "no backup file: \(result)")

            let check = await Devhub.tool("sqlite3", [backup.path, "PRAGMA integrity_check"])
            #expect(check.status == 0 && check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "integrity_check: \(check)")
            let tables = await Devhub.tool("sqlite3", [backup.path, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"])
            #expect((Int(tables.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 0, "the backup has no tables: \(tables)")

            // The server still works after the backup.
            _ = try await server.session("backup@example.test")
        }
    }
}
