import Foundation
import Testing

/// The output folder is derived: a build into an empty folder reproduces the server's output byte for byte, Quick
/// Connect pages included, from the database, the templates, the settings and the secret key (tokens are HMACs of
/// the codes' ids under it). The token is stored nowhere; another key derives other tokens (no page at all: the
/// stored hashes do not match) and changes nothing else.
@Suite("Quick Connect: the output folder is derived", .enabled(if: Devhub.hasTool("curl") && Devhub.hasTool("sqlite3"), "needs curl and sqlite3"))
struct QuickConnectDerivedOutputTests {
    /// The codes a test made: active (one with a submission), revoked, used up; and one of an account deleted later.
    struct Codes {
        var active: CreatedCode
        var submitted: CreatedCode
        var revoked: CreatedCode
        var usedUp: CreatedCode
        var leaving: CreatedCode
        var leavingUser: String
        var all: [CreatedCode] { [active, submitted, revoked, usedUp, leaving] }
    }

    @Test("a build into an empty folder equals the server's output byte for byte; another key changes only Quick Connect folders; the token is in no file; a deleted account's page goes with the next full build")
    func emptyBuildEqualsServerOutput() async throws {
        let site = try await ServerProcess.makeSite()
        // The real clock (the CLI build has no frozen one): the codes live 24 hours, far beyond this test.
        var appURL = ""
        var serverLog = ""
        let backup = site.root.appendingPathComponent("backup.sqlite")
        let codes = try await ServerProcess.run(["--api-rate-limit", "100000"], site: site) { server in
            appURL = server.appURL
            let session = try await server.verifiedSession("derived-host@example.test")
            let active = try await server.createQuickConnect(["event": "Derived Days 2026", "location": QC.location], session: session)
            let submitted = try await server.createQuickConnect(["event": "Derived Days 2026", "session": QC.session], session: session)
            let revoked = try await server.createQuickConnect(["event": "Revoked Rally 2026"], session: session)
            let usedUp = try await server.createQuickConnect(["event": "Full House 2026", "max_submissions": 1], session: session)
            let leavingSession = try await server.verifiedSession("derived-leaving@example.test")
            let leaving = try await server.createQuickConnect(["event": "Farewell Fest 2026"], session: leavingSession)

            // A submission to a derived token works; the used-up code takes one, then says it is full.
            let accepted = try await server.submitConnect(submitted.token, QC.form(email: "first@visitor.test"))
            #expect(accepted.status == 200, "a submission to a derived token: \(accepted)")
            #expect(try await server.submitConnect(usedUp.token, QC.form(email: "only@visitor.test")).status == 200)
            #expect(try await server.submitConnect(usedUp.token, QC.form(email: "late@visitor.test")).status == 410)
            let revoke = await server.send("DELETE", "/api/quick-connect/\(revoked.id)", session: session)
            #expect(revoke.status == 200, "DELETE /api/quick-connect/{id}: \(revoke)")
            _ = await server.get("/connect/\(active.token)/")
            try await server.waitUntilIdle()
            #expect(await server.eventuallyConnectPage(revoked.token) { $0.isClosed("revoked") }, "the revoked page was not re-rendered")
            #expect(await server.eventuallyConnectPage(usedUp.token) { $0.isClosed("used_up") }, "the used-up page was not re-rendered")
            #expect(await server.eventuallyConnectPage(submitted.token) { $0.uses == 1 }, "the submitted page does not count 1 use")

            // The token is derived from the id: the API lists each code's URLs under it.
            let listed = try await server.quickConnectList(session: session).codes
            let urls = Dictionary(listed.compactMap { code in (code["id"] as? String).map { ($0, code["form_url"] as? String ?? "") } },
                                  uniquingKeysWith: { first, _ in first })
            for code in [active, submitted, revoked, usedUp] {
                #expect(urls[code.id] == "\(TempSite.baseURL)/connect/\(code.token)/", "form_url of \(code.id) in the list: \(urls[code.id] ?? "none")")
            }

            let made = await Devhub.run(["backup", backup.path, "--db", site.db.path])
            #expect(made.status == 0, "devhub backup: \(made)")
            let stored = server.databaseBytes()
            #expect(stored.range(of: Data("Derived Days 2026".utf8)) != nil, "the event is not in the database bytes (control)")
            serverLog = server.logText
            #expect(serverLog.contains("/connect/"), "the log has no /connect/ request (control)")
            return Codes(active: active, submitted: submitted, revoked: revoked, usedUp: usedUp, leaving: leaving,
                         leavingUser: try await server.userID("derived-leaving@example.test"))
        }

        // No token in the database, its WAL, the log or the backup (as text in either case, or as raw bytes).
        let backupBytes = try Data(contentsOf: backup)
        #expect(backupBytes.range(of: Data("Derived Days 2026".utf8)) != nil, "the event is not in the backup (control)")
        var databaseBytes = Data()
        for suffix in ["", "-wal", "-journal"] {
            if let part = try? Data(contentsOf: URL(fileURLWithPath: site.db.path + suffix)) { databaseBytes.append(part) }
        }
        for code in codes.all {
            for (label, bytes) in [("database", databaseBytes), ("backup", backupBytes), ("log", Data(serverLog.utf8))] {
                #expect(bytes.range(of: Data(code.token.utf8)) == nil, "the token of \(code.id) is in the \(label)")
                #expect(bytes.range(of: Data(code.token.uppercased().utf8)) == nil, "the token of \(code.id) is in the \(label) in upper case")
                #expect(bytes.range(of: QC.tokenBytes(code.token)) == nil, "the token of \(code.id) is in the \(label) as raw bytes")
            }
        }
        let keyFile = site.db.path + ".secret-key"
        let mode = (try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600, "the key file's mode: \(mode.map { String($0, radix: 8) } ?? "none")")

        // Same database, settings and key, empty folder: the same bytes.
        let rebuilt = site.root.appendingPathComponent("rebuilt")
        let build = await Self.build(site, into: rebuilt, appURL: appURL)
        try #require(build.status == 0, "devhub build into an empty folder: \(build)")
        OutputTree.expectEqual(site, site.out, rebuilt)
        for code in codes.all {
            #expect(site.exists(QC.pagePath(code.token), in: rebuilt) && site.exists(QC.qrPath(code.token), in: rebuilt),
                    "no page of \(code.id) in the rebuilt folder")
        }
        #expect(ConnectPage(try site.text(QC.pagePath(codes.active.token), in: rebuilt)).state == "active")
        #expect(ConnectPage(try site.text(QC.pagePath(codes.revoked.token), in: rebuilt)).isClosed("revoked"))
        #expect(ConnectPage(try site.text(QC.pagePath(codes.usedUp.token), in: rebuilt)).isClosed("used_up"))
        let again = await Self.build(site, into: rebuilt, appURL: appURL)
        #expect(again.status == 0 && again.stdout.contains("profiles, 0 written,"), "a second build rewrote files: \(again)")

        // The same key given as DEVHUB_SECRET_KEY (its base64 text): the same bytes.
        let keyText = try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let fromEnvironment = site.root.appendingPathComponent("env-key")
        let environmentBuild = await Devhub.tool("env", ["DEVHUB_SECRET_KEY=" + keyText, Devhub.binary.path] + Self.buildArguments(
            site, into: fromEnvironment, appURL: appURL) + ["--db", site.db.path])
        #expect(environmentBuild.status == 0, "devhub build with DEVHUB_SECRET_KEY: \(environmentBuild)")
        OutputTree.expectEqual(site, rebuilt, fromEnvironment)

        // Another key: no Quick Connect page at all (its tokens' hashes match no code), everything else the same.
        let otherKey = site.root.appendingPathComponent("other.key")
        try Data((0..<32).map { UInt8($0) }).base64EncodedString().write(to: otherKey, atomically: true, encoding: .utf8)
        let other = site.root.appendingPathComponent("other-key")
        let otherBuild = await Self.build(site, into: other, appURL: appURL, extra: ["--secret-key-file", otherKey.path])
        try #require(otherBuild.status == 0, "devhub build with another key: \(otherBuild)")
        let isConnect = { (path: String) in path.hasPrefix("connect/") }
        #expect(site.files(in: other).filter(isConnect).isEmpty, "pages under another key: \(site.files(in: other).filter(isConnect))")
        #expect(site.files(in: other).filter { !isConnect($0) } == site.files(in: rebuilt).filter { !isConnect($0) }, "other files differ")
        let differing = site.files(in: other).filter { (try? site.data($0, in: other)) != (try? site.data($0, in: rebuilt)) }
        #expect(differing.isEmpty, "bytes differ under another key: \(differing.prefix(10))")
        let missing = await Self.build(site, into: other, appURL: appURL, extra: ["--secret-key-file", site.root.appendingPathComponent("absent.key").path])
        #expect(missing.status != 0 && missing.stderr.contains("absent.key"), "a missing --secret-key-file: \(missing)")
        let badKey = site.root.appendingPathComponent("bad.key")
        try "not a key\n".write(to: badKey, atomically: true, encoding: .utf8)
        let bad = await Self.build(site, into: other, appURL: appURL, extra: ["--secret-key-file", badKey.path])
        #expect(bad.status != 0 && bad.stderr.contains("bad.key") && bad.stderr.contains("32 bytes"), "a key file without a key: \(bad)")

        // The server's targeted re-renders kept the manifest right: a full build over its folder rewrites nothing.
        let over = await Self.build(site, into: site.out, appURL: appURL)
        #expect(over.status == 0 && over.stdout.contains("profiles, 0 written,") && over.stdout.contains(", 0 deleted"),
                "a full build over the server's output: \(over)")

        // The leaving account is erased: the next full build into the server's folder removes its page, only it.
        _ = try await SQLiteFile.query(site.db.path, "PRAGMA foreign_keys = ON; DELETE FROM users WHERE id = '\(codes.leavingUser)';")
        let before = site.files()
        let afterDeletion = await Self.build(site, into: site.out, appURL: appURL)
        try #require(afterDeletion.status == 0, "devhub build after the deletion: \(afterDeletion)")
        let gone = Set(before).subtracting(site.files())
        #expect(gone == [QC.pagePath(codes.leaving.token), QC.qrPath(codes.leaving.token)], "removed by the build: \(gone.sorted())")
        #expect(Set(site.files()).subtracting(before).isEmpty, "the build added files: \(Set(site.files()).subtracting(before).sorted())")
    }

    /// `devhub build` of `site` into `output` with the server's settings (its app URL is in the form's action).
    static func build(_ site: TempSite, into output: URL, appURL: String, extra: [String] = []) async -> RunResult {
        await Devhub.run(buildArguments(site, into: output, appURL: appURL) + ["--db", site.db.path] + extra, in: site.root)
    }

    /// The arguments of ``build(_:into:appURL:extra:)`` but the database.
    static func buildArguments(_ site: TempSite, into output: URL, appURL: String) -> [String] {
        [
            "build", "--out", output.path, "--base-url", TempSite.baseURL, "--app-url", appURL,
            "--content", site.content.path, "--templates", site.templates.path,
        ]
    }

    @Test("a deploy job names a Quick Connect page by its code's id: the deploy command gets the token's path, the database never holds it")
    func deployJobsHoldNoToken() async throws {
        let site = try await ServerProcess.makeSite()
        let deployLog = site.root.appendingPathComponent("deploy.log")
        try await ServerProcess.run(["--api-rate-limit", "100000", "--deploy-command", "cat >> '\(deployLog.path)'"], site: site) { server in
            let session = try await server.verifiedSession("deploying-host@example.test")
            let code = try await server.createQuickConnect(["event": "Deployed Days 2026"], session: session)
            #expect(await server.send("DELETE", "/api/quick-connect/\(code.id)", session: session).status == 200)
            let read = { (try? String(contentsOf: deployLog, encoding: .utf8)) ?? "" }
            let expected = ["written \(QC.pagePath(code.token))", "written \(QC.qrPath(code.token))"]
            #expect(await server.eventually { expected.allSatisfy(read().components(separatedBy: "\n").contains) },
                    "the deploy command never got \(expected); it got:\n\(read())")
            #expect(!read().contains(code.id), "the deploy command got a code id instead of its token:\n\(read())")
            try await server.waitUntilIdle()
            let stored = server.databaseBytes()
            #expect(stored.range(of: Data("Deployed Days 2026".utf8)) != nil, "the event is not in the database bytes (control)")
            #expect(stored.range(of: Data(code.token.utf8)) == nil, "the token is in the database (a deploy job's paths?)")
            #expect(stored.range(of: QC.tokenBytes(code.token)) == nil, "the token is in the database as raw bytes")
        }
    }
}
