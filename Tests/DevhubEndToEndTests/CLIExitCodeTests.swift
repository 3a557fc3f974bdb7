import Foundation
import Testing

/// The client's documented exit codes (0 ok, 1 usage, 2 auth, 3 not found, 4 server) and its one-line errors.
@Suite("devhub CLI exit codes and errors", .enabled(if: CLI.serverHasAPIKeys, CLI.noKeysReason))
struct CLIExitCodeTests {
    /// Requires `result` to have exited `status` with one line on standard error starting with `prefix`.
    private func expectFailure(_ result: RunResult, _ status: Int32, _ prefix: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix(prefix), "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result)", sourceLocation: sourceLocation)
    }

    @Test("a revoked key and a read key writing exit 2, an unknown contact or code 3, a down server 4, each with one line naming what failed")
    func authNotFoundAndServerDown() async throws {
        try await CLI.run { server, home, session, _ in
            let unknown = await home.run(["contacts", "show", CRM.unknownID])
            expectFailure(unknown, 3, "devhub: contacts show \(CRM.unknownID): not found (404)\n")
            #expect(unknown.stderr.split(separator: "\n").count == 1)
            expectFailure(await home.run(["log", "Nobody Here", "hello"]), 3, "devhub: log Nobody Here: not found (404)")
            expectFailure(await home.run(["qc", "revoke", CRM.unknownID]), 3, "devhub: qc revoke \(CRM.unknownID): not found (404)")

            let revoked = try await server.createKey(session: session)
            let revokedID = try #require(revoked.json["id"] as? String)
            let withRevoked = ["DEVHUB_TOKEN": revoked.key]
            #expect(await home.run(["contacts", "list"], environment: withRevoked).status == 0)
            let deletion = await server.delete("/api/keys/\(revokedID)", session: session)
            try #require(deletion.status == 204, "DELETE /api/keys/\(revokedID): \(deletion)")
            expectFailure(await home.run(["contacts", "list"], environment: withRevoked), 2, "devhub: contacts list: the server refused the API key (401)")

            let readOnly = try await server.createKey(session: session, scopes: ["read"]).key
            #expect(await home.run(["contacts", "list"], environment: ["DEVHUB_TOKEN": readOnly]).status == 0)
            expectFailure(await home.run(["contacts", "add", "Read Only"], environment: ["DEVHUB_TOKEN": readOnly]), 2, "devhub: contacts add: forbidden (403)")

            let nobody = try #require(HTTPClient.freePort(), "no free port")
            let down = await home.run(["contacts", "list"], environment: ["DEVHUB_URL": "http://127.0.0.1:\(nobody)"])
            expectFailure(down, 4, "devhub: contacts list: cannot reach http://127.0.0.1:\(nobody): connection refused")
        }
    }

    @Test("an ambiguous name prefix exits 1 listing the candidates; usage errors exit 1 (not 64) on one line; operator commands keep ArgumentParser's codes")
    func ambiguityAndUsage() async throws {
        try await CLI.run { server, home, session, _ in
            let carter = try #require(try await server.createContact(["name": "Sam Carter", "email": "sam@sgc.test"], session: session)["id"] as? String)
            let jones = try #require(try await server.createContact(["name": "Samantha Jones"], session: session)["id"] as? String)

            let ambiguous = await home.run(["log", "sam", "Coffee"])
            #expect(ambiguous.status == 1, "\(ambiguous)")
            #expect(ambiguous.stderr.hasPrefix("devhub: log sam: 'sam' matches 2 contacts"), "\(ambiguous)")
            for expected in [carter, jones, "Sam Carter", "Samantha Jones", "<sam@sgc.test>"] {
                #expect(ambiguous.stderr.contains(expected), "candidate \(expected) not listed: \(ambiguous)")
            }
            #expect(try await server.list("/api/interactions", session: session).data.isEmpty, "nothing was logged")
            let exact = try await home.object(["log", "sam carter", "Coffee"])
            #expect(exact["contact_id"] as? String == carter, "an exact name wins over longer names with the same prefix")

            let usage: [([String], String)] = [
                (["contacts", "edit", carter], "devhub: contacts edit: nothing to change"),
                (["log", "sam carter", "--date", "2026-13-01"], "devhub: log: --date must be a date YYYY-MM-DD"),
                (["contacts", "list", "--bogus"], "devhub: contacts list: Unknown option '--bogus'"),
                (["export", "--format", "pdf"], "devhub: export: "),
                (["qc", "new", "--event", "X", "--hours", "0"], "devhub: qc new: --hours must be from 1 to 720"),
                (["login"], "devhub: login: Missing expected argument '--url <url>'"),
                (["login", "--url", "ftp://example.test", "--token", "dh_abc"], "devhub: login: --url must be an absolute http(s) URL"),
                (["login", "--url", server.appURL, "--token", "dh_abc"], "devhub: login: the API key must look like dh_"),
                (["contacts", "edit", carter, "--email", "not an email"], "devhub: contacts edit \(carter): email: "),
            ]
            for (args, prefix) in usage {
                let result = await home.run(args)
                expectFailure(result, 1, prefix)
                #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result)")
            }
            let login = await home.run(["login", "--url", server.appURL], input: "not-a-key\n")
            expectFailure(login, 1, "devhub: login: the API key must look like dh_")

            let operatorUsage = await Devhub.run(["build", "--bogus"])
            #expect(operatorUsage.status == 64, "the operator commands keep ArgumentParser's exit code: \(operatorUsage)")
            let help = await home.run(["contacts", "--help"])
            #expect(help.status == 0 && help.stdout.contains("edit"), "\(help)")
        }
    }
}
