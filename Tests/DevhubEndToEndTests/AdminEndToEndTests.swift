import Foundation
import Testing

/// The operator's admin on a real `devhub serve`: two members and an admin (promoted by the CLI while the server
/// runs). Suspension ends the member's session and API key at once and takes their page and Quick Connect pages off
/// `output/`; lifting it brings them back byte for byte. Unpublishing shows the owner the reason and survives their
/// edit until an admin republishes. A burst of abuse reports makes one admin mail through a real SMTP server. Every
/// action is in the append-only audit trail once, with its reason, and the CLI writes it as `cli`.
@Suite("Admin (end to end)", .enabled(if: Devhub.hasTool("curl") && Devhub.hasTool("sqlite3"), "needs curl and sqlite3"))
struct AdminEndToEndTests {
    static let adminEmail = "operator@example.test"
    /// The report mail's window in the burst test, in seconds: four posts fall inside it even on a machine busy with
    /// builds (the in-process `reportMailIsBatched` checks the batching itself, without a clock).
    static let reportWindow = 20

    /// Signs the admin up and promotes them with `devhub user promote` against the live database; returns their session.
    static func makeAdmin(_ server: ServerProcess) async throws -> String {
        let session = try await server.verifiedSession(adminEmail)
        let promoted = await Devhub.run(["user", "promote", "--db", server.site.db.path, "--email", adminEmail])
        try #require(promoted.status == 0 && promoted.stdout.contains("is now an admin"), "\(promoted)")
        return session
    }

    /// The files of `paths` that exist, with their bytes.
    static func snapshot(_ site: TempSite, _ paths: [String]) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in paths where site.exists(path) { files[path] = try site.data(path) }
        return files
    }

    @Test("suspension ends the session and API key at once, takes the page and Quick Connect page off output/; unsuspend restores them byte for byte")
    func suspensionRoundTrip() async throws {
        try await ServerProcess.run(["--api-rate-limit", "100000"]) { server in
            let admin = try await Self.makeAdmin(server)
            let member = try await server.verifiedSession("suspect@example.test")
            let other = try await server.verifiedSession("bystander@example.test")
            #expect(await server.saveProfile(ProfileJSON.make(username: "suspect", name: "Sus Pect"), session: member).status == 200)
            #expect(await server.saveProfile(ProfileJSON.make(username: "bystander", name: "By Stander"), session: other).status == 200)
            let code = try await server.createQuickConnect(session: member)
            let key = try await server.createKey(session: member).key
            let paths = ["@suspect/index.html", "@suspect/qr.svg", "@suspect/contact.vcf", "@suspect/report/index.html",
                         "api/profiles/@suspect.json", QC.pagePath(code.token)]
            #expect(await server.eventually { paths.allSatisfy { server.site.exists($0) } }, "the member's pages were never written")
            try await server.waitUntilIdle()
            let before = try Self.snapshot(server.site, paths)
            try #require(before.count == paths.count)
            #expect(try server.site.text("@suspect/index.html").contains("href=\"/@suspect/report/\""), "no report link on the profile page")

            // A member is refused every admin route.
            for path in ["/api/admin/users", "/api/admin/audit", "/api/admin/reports"] {
                #expect(await server.get(path, session: other).status == 404, "member GET \(path)")
            }
            let memberID = try await server.userID("suspect@example.test")
            let suspended = await server.post("/api/admin/users/\(memberID)/suspend", json: ["reason": "phishing links"], session: admin)
            #expect(suspended.status == 200, "\(suspended)")
            #expect(await server.get("/api/contacts", session: member).status == 401, "the member's session survived the suspension")
            #expect(await server.bearerGet("/api/contacts", key: key).status == 401, "the member's API key survived the suspension")
            let login = await server.logIn("suspect@example.test")
            #expect(login.status == 403 && login.body.contains("account_suspended"), "\(login)")
            #expect(await server.eventually { paths.allSatisfy { !server.site.exists($0) } },
                    "still on the site: \(paths.filter { server.site.exists($0) })")
            #expect(server.site.exists("@bystander/index.html"), "the bystander's page went too")

            let lifted = await server.post("/api/admin/users/\(memberID)/unsuspend", json: ["reason": "appeal accepted"], session: admin)
            #expect(lifted.status == 200, "\(lifted)")
            #expect(await server.eventually { paths.allSatisfy { server.site.exists($0) } }, "the pages did not come back")
            try await server.waitUntilIdle()
            let after = try Self.snapshot(server.site, paths)
            for path in paths { #expect(after[path] == before[path], "\(path) came back different") }
            #expect(await server.bearerGet("/api/contacts", key: key).status == 401, "the revoked API key works again")
            #expect(await server.logIn("suspect@example.test").status == 200)

            let audit = try await SQLiteFile.query(server.site.db.path, """
                SELECT action || '|' || actor || '|' || target || '|' || coalesce(reason, '') FROM admin_audit ORDER BY id
                """)
            #expect(audit.split(separator: "\n") == [
                "promote|cli|\(Self.adminEmail)|", "suspend|\(Self.adminEmail)|suspect@example.test|phishing links",
                "unsuspend|\(Self.adminEmail)|suspect@example.test|appeal accepted",
            ], "\(audit)")
            let tamper = await Devhub.tool("sqlite3", [server.site.db.path, "UPDATE admin_audit SET reason = 'nothing'"])
            #expect(tamper.status != 0 && tamper.stderr.contains("append-only"), "the audit trail took an UPDATE: \(tamper)")
            let erase = await Devhub.tool("sqlite3", [server.site.db.path, "DELETE FROM admin_audit"])
            #expect(erase.status != 0, "the audit trail took a DELETE: \(erase)")
        }
    }

    @Test("unpublish with a reason: off output/, the owner's editor shows the reason, the owner's edit keeps it off until republish")
    func unpublishUntilRepublished() async throws {
        try await ServerProcess.run(["--api-rate-limit", "100000"]) { server in
            let admin = try await Self.makeAdmin(server)
            let owner = try await server.verifiedSession("owner@example.test")
            #expect(await server.saveProfile(ProfileJSON.make(username: "dubious", name: "Dub Ious"), session: owner).status == 200)
            #expect(await server.eventuallyHasFile("@dubious/index.html"), "the page was never written")
            let off = await server.post("/api/admin/profiles/dubious/unpublish", json: ["reason": "impersonates a bank"], session: admin)
            #expect(off.status == 204, "\(off)")
            #expect(await server.eventually { !server.site.exists("@dubious/index.html") }, "the page stayed")
            let editor = await server.get("/app/profile", session: owner)
            #expect(editor.status == 200 && editor.body.contains("impersonates a bank"), "the owner does not see the reason")
            let edited = await server.saveProfile(ProfileJSON.make(username: "dubious", name: "Dub Ious", headline: "Now honest"), session: owner)
            #expect(edited.status == 200, "\(edited)")
            try await server.waitUntilIdle()
            #expect(!server.site.exists("@dubious/index.html"), "the owner's edit put the page back")
            let queue = await server.get("/app/admin/reports", session: admin)
            #expect(queue.status == 200 && queue.body.contains("@dubious") && queue.body.contains("(appeal)"), "the appeal is not in the queue")
            let back = await server.post("/api/admin/profiles/dubious/republish", json: ["reason": "fixed"], session: admin)
            #expect(back.status == 204, "\(back)")
            #expect(await server.eventuallyHasFile("@dubious/index.html", containing: "Now honest"), "republish did not bring the edit back")
            let rows = try await SQLiteFile.query(server.site.db.path, """
                SELECT action || '|' || coalesce(reason, '') FROM admin_audit WHERE target = 'dubious' ORDER BY id
                """)
            #expect(rows.split(separator: "\n") == ["unpublish|impersonates a bank", "republish|fixed"], "\(rows)")
        }
    }

    @Test("a burst of reports on two profiles makes ONE mail to the admin through a real SMTP server, listing both profiles",
          .enabled(if: ServerSMTPTests.toolsAvailable, "needs msmtp and python3 -m aiosmtpd (make test-deps)"))
    func reportBurstMakesOneMail() async throws {
        let site = try await ServerProcess.makeSite()
        let maildir = site.root.appendingPathComponent("maildir")
        let smtpPort = try #require(HTTPClient.freePort(), "no free port")
        let smtpd = try SMTPServer.start(port: smtpPort, maildir: maildir, log: site.root.appendingPathComponent("smtpd.log"))
        do {
            try #require(await SMTPServer.waitUntilListening(port: smtpPort, smtpd), "aiosmtpd never listened")
            try await reportBurst(site: site, smtpPort: smtpPort, maildir: maildir)
        } catch {
            await ServerProcess.forceStop(smtpd)
            throw error
        }
        await ServerProcess.forceStop(smtpd)
    }

    private func reportBurst(site: TempSite, smtpPort: Int, maildir: URL) async throws {
        let sendmail = "msmtp --host=127.0.0.1 --port=\(smtpPort) --from=devhub@example.test -t"
        try await ServerProcess.run(
            ["--mail-transport", "smtp", "--sendmail-command", sendmail, "--report-mail-interval", "\(Self.reportWindow)s"], site: site
        ) { server in
            _ = try await Self.makeAdminOverSMTP(server, maildir: maildir)
            let form = try server.site.text("@ada/report/index.html")
            #expect(form.contains("name=\"username\" value=\"ada\"") && form.contains("action=\"\(server.appURL)/report\""), "the static form: \(form)")
            let started = ContinuousClock.now
            for (username, reason) in [("ada", "spam"), ("ada", "harassment"), ("lin-yutong", "impersonation"), ("ada", "other")] {
                let body = Data(CRMPages.formBody([("username", username), ("reason", reason), ("details", "see \(username)")]).utf8)
                let answer = try await server.postVisitorBody("/report", body)
                #expect(answer.status == 200 && answer.body.contains("Thank you"), "\(answer)")
            }
            let burst = ContinuousClock.now - started
            func reportMails() -> [MailMessage] {
                Mailbox.maildirMessages(in: maildir).filter { $0.isAddressed(to: Self.adminEmail) && $0.subject?.contains("abuse report") == true }
            }
            if ContinuousClock.now - started < .seconds(Self.reportWindow) {
                #expect(reportMails().isEmpty, "a report mail went out before the window was over")
            }
            // Wait (bounded) until the four reports were mailed: a window after the first, plus slack.
            let deadline = started + .seconds(2 * Self.reportWindow + 30)
            func listed() -> Int {
                reportMails().reduce(0) { total, mail in total + (Int(mail.subject?.split(separator: " ").first ?? "") ?? 0) }
            }
            while ContinuousClock.now < deadline, listed() < 4 { try await Task.sleep(for: .milliseconds(200)) }
            try await server.waitUntilIdle()
            let mails = reportMails()
            #expect(listed() == 4, "reports mailed: \(mails.map { $0.subject ?? "" }); log:\n\(server.logTail())")
            if burst < .seconds(Self.reportWindow) {
                // The usual case: the whole burst fell inside one window.
                #expect(mails.count == 1, "expected ONE report mail, got \(mails.map { $0.subject ?? "" })")
                let mail = try #require(mails.first)
                #expect(mail.subject?.contains("4 new abuse reports") == true && mail.raw.contains("@ada: 3 new")
                        && mail.raw.contains("@lin-yutong: 1 new"), "\(mail.raw)")
            } else {
                // The machine took longer than a window for four posts: still at most one mail per window spanned.
                let windows = 1 + Int(burst.components.seconds) / Self.reportWindow
                #expect(mails.count <= min(windows, 4), "\(mails.count) report mails for 4 reports over \(burst)")
            }
            let queue = await server.get("/app/admin/reports", session: try await server.session(Self.adminEmail))
            #expect(queue.body.contains("@ada: 3 open report") && queue.body.contains("@lin-yutong: 1 open report"), "the queue does not group them")
        }
    }

    @Test("reports are limited per profile across addresses (429 with Retry-After), other profiles still take them; no address is stored or logged")
    func reportsPerProfileLimit() async throws {
        try await ServerProcess.run(["--trusted-proxy", "127.0.0.1"]) { server in
            func report(_ username: String, from address: String) async throws -> ServerResponse {
                let body = Data(CRMPages.formBody([("username", username), ("reason", "spam")]).utf8)
                return try await server.postVisitorBody("/report", body, headers: ["X-Forwarded-For": address])
            }
            for index in 1...30 {
                let answer = try await report("ada", from: "203.0.113.\(index)")
                #expect(answer.status == 200, "report #\(index) of @ada: \(answer)")
            }
            let over = try await report("ada", from: "203.0.113.77")
            #expect(over.status == 429 && (over.retryAfterSeconds ?? 0) > 0, "the 31st report of @ada from a new address: \(over)")
            let other = try await report("lin-yutong", from: "203.0.113.78")
            #expect(other.status == 200, "another profile: \(other)")
            try await server.waitUntilIdle()
            let stored = try await SQLiteFile.query(server.site.db.path, "SELECT * FROM abuse_reports")
            #expect(!stored.contains("203.0.113") && !stored.contains("127.0.0.1"), "an address was stored: \(stored)")
            #expect(try await SQLiteFile.count(server.site.db.path, "SELECT count(*) FROM abuse_reports") == 31)
            #expect(!server.logTail(1_000_000).contains("203.0.113"), "an address is in the log")
        }
    }

    /// The admin over the smtp transport: the verification link comes through the Maildir.
    static func makeAdminOverSMTP(_ server: ServerProcess, maildir: URL) async throws -> String {
        let created = await Devhub.run([
            "user", "create", "--db", server.site.db.path, "--email", adminEmail, "--password", ServerProcess.goodPassword, "--verified", "--admin",
        ])
        try #require(created.status == 0 && created.stdout.contains("(admin)"), "\(created)")
        return try await server.session(adminEmail)
    }

    @Test("devhub user create --admin, promote and demote write the audit trail as cli; promoting twice or an unknown address fails")
    func cliRoles() async throws {
        let site = try await ServerProcess.makeSite()
        let db = site.db.path
        let created = await Devhub.run(["user", "create", "--db", db, "--email", "root@example.test", "--password", ServerProcess.goodPassword, "--admin"])
        #expect(created.status == 0, "\(created)")
        let member = await Devhub.run(["user", "create", "--db", db, "--email", "m@example.test", "--password", ServerProcess.goodPassword])
        #expect(member.status == 0, "\(member)")
        #expect(await Devhub.run(["user", "promote", "--db", db, "--email", "M@example.test"]).status == 0)
        let twice = await Devhub.run(["user", "promote", "--db", db, "--email", "m@example.test"])
        #expect(twice.status != 0 && twice.stderr.contains("already an admin"), "\(twice)")
        #expect(await Devhub.run(["user", "demote", "--db", db, "--email", "m@example.test"]).status == 0)
        let unknown = await Devhub.run(["user", "demote", "--db", db, "--email", "nobody@example.test"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no account"), "\(unknown)")
        let roles = try await SQLiteFile.query(db, "SELECT email || '|' || role FROM users WHERE email IS NOT NULL ORDER BY email")
        #expect(roles.split(separator: "\n") == ["m@example.test|member", "root@example.test|admin"], "\(roles)")
        let audit = try await SQLiteFile.query(db, "SELECT actor || '|' || action || '|' || target FROM admin_audit ORDER BY id")
        #expect(audit.split(separator: "\n") == ["cli|promote|root@example.test", "cli|promote|m@example.test", "cli|demote|m@example.test"],
                "\(audit)")
    }
}

/// Python's aiosmtpd on loopback, storing into a Maildir (as ``ServerSMTPTests`` runs it).
enum SMTPServer {
    static func start(port: Int, maildir: URL, log: URL) throws -> Process {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox", maildir.path]
        process.environment = Devhub.childEnvironment
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Polls (bounded) until the port listens; false when it never does or the process died.
    static func waitUntilListening(port: Int, _ process: Process) async -> Bool {
        for _ in 0..<100 where process.isRunning {
            if ServerSocket.isListening(port: port) { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
