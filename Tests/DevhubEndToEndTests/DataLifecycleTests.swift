import Foundation
import Testing

/// Account deletion with a grace period (the page goes at once, a log-in within the grace restores the account,
/// after it every row is erased), and the consent a Quick Connect submission records.
@Suite("Server: data lifecycle", .enabled(if: Devhub.hasTool("curl") && Devhub.hasTool("sqlite3"), "needs curl and sqlite3"))
struct DataLifecycleTests {
    @Test("deleting takes the profile and the Quick Connect page down at once and ends every session; logging in restores the account and its page")
    func logInWithinTheGraceRestores() async throws {
        try await ServerProcess.run(["--api-rate-limit", "100000"]) { server in
            let email = "second-thoughts@example.test"
            let session = try await server.verifiedSession(email)
            let other = try await server.session(email)
            #expect(await server.saveProfile(ProfileJSON.make(username: "second-thoughts", name: "Sec Ond"), session: session).status == 200)
            let page = "@second-thoughts/index.html"
            #expect(await server.eventuallyHasFile(page), "the profile was not published")
            #expect(await server.post("/api/contacts", json: ["name": "Kept While Waiting"], session: session).status == 201)
            let code = try await server.createQuickConnect(session: session)
            #expect(await server.eventuallyConnectPage(code.token) { $0.form != nil }, "the Quick Connect form was not published")
            let userID = try await server.userID(email)

            let deleted = await server.send("DELETE", "/api/account", json: ["password": ServerProcess.goodPassword], session: session)
            #expect(deleted.status == 204, "DELETE /api/account: \(deleted)")
            #expect(await server.eventually { !server.site.exists(page) }, "the profile's page is still in the output")
            #expect(await server.eventuallyConnectPage(code.token) { $0.isClosed("revoked") }, "the Quick Connect page still takes submissions")
            #expect(try await server.submitConnect(code.token, QC.form()).status != 200, "the code still accepts a submission")
            for token in [session, other] {
                #expect(await server.get("/api/settings", session: token).status == 401, "a session outlived the deletion")
            }
            // The private data waits for the grace period.
            let waiting = try await server.rowsOfUser(userID)
            #expect(waiting["users"] == 1 && waiting["contacts"] == 1 && waiting["public_profiles"] == 1, "rows during the grace: \(waiting)")

            let login = await server.logIn(email)
            let restored = try #require(login.cookie(ServerProcess.sessionCookieName)?.value, "log-in within the grace: \(login)")
            #expect(login.status == 200, "log-in within the grace: \(login)")
            #expect(try await server.names("/api/contacts", session: restored) == ["Kept While Waiting"], "contacts after the restore")
            #expect(await server.eventuallyHasFile(page), "the public page did not come back")
            #expect(try await SQLiteFile.query(server.site.db.path, "SELECT deletion_requested_at IS NULL FROM users WHERE id = '\(userID)'") == "1",
                    "the account still waits for its deletion")
        }
    }

    @Test("after the grace period every row of the account is gone, its pages too, and log-in fails")
    func erasedAfterTheGrace() async throws {
        try await ServerProcess.run(["--api-rate-limit", "100000", "--deletion-grace", "2s", "--cleanup-every", "1s"]) { server in
            let email = "gone-for-good@example.test"
            let session = try await server.verifiedSession(email)
            #expect(await server.saveProfile(ProfileJSON.make(username: "gone-for-good", name: "Gone Forgood"), session: session).status == 200)
            let page = "@gone-for-good/index.html"
            #expect(await server.eventuallyHasFile(page), "the profile was not published")
            let contact = await server.post("/api/contacts", json: ["name": "Erasable Friend", "tags": ["old"]], session: session)
            let contactID = try #require(contact.object?["id"] as? String, "POST /api/contacts: \(contact)")
            #expect(await server.post("/api/contacts/\(contactID)/interactions", json: ["type": "call", "notes": "last call"], session: session).status == 201)
            #expect(await server.post("/api/interaction-types", json: ["name": "farewell"], session: session).status == 201)
            #expect(await server.get("/api/digest", session: session).status == 200)
            let code = try await server.createQuickConnect(session: session)
            #expect(try await server.submitConnect(code.token, QC.form(name: "Late Visitor", email: "late@visitor.test")).status == 200)
            let userID = try await server.userID(email)
            let before = try await server.rowsOfUser(userID)
            #expect(before["contacts"] == 2 && before["interactions"] == 2 && before["agent_reports"] == 1 && before["outbox"] ?? 0 >= 1,
                    "rows before the deletion: \(before)")

            #expect(await server.send("DELETE", "/api/account", json: ["password": ServerProcess.goodPassword], session: session).status == 204)
            var left: [String: Int] = before
            let erased = await server.eventually {
                left = (try? await server.rowsOfUser(userID)) ?? left
                return left.isEmpty
            }
            #expect(erased, "rows left after the grace period: \(left); log:\n\(server.logTail())")
            #expect(try await SQLiteFile.count(server.site.db.path, "SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH 'Erasable'") == 0,
                    "the search index still holds the contact")
            #expect(await server.eventually { !server.site.exists(page) && !server.site.exists(QC.pagePath(code.token)) },
                    "the profile or Quick Connect page is still in the output")
            #expect(await server.logIn(email).status == 401, "log-in after the erasure")
        }
    }

    @Test("a Quick Connect submission records when the visitor consented and the privacy notice's SHA-256, on the contact, its page and the export")
    func consentIsRecorded() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("consent-owner@example.test")
            let code = try await server.createQuickConnect(session: session)
            #expect(try await server.submitConnect(code.token, QC.form()).status == 200)
            let contact = try #require(try await server.contactsTagged(session: session).first, "no contact from the submission")
            let consent = try #require(contact["consent"] as? [String: Any], "the contact has no consent: \(contact)")
            let notice = try await Self.noticeDigest(server.site)
            #expect(consent["given_at"] as? String == QC.fixedTime, "consent time: \(consent)")
            #expect(consent["privacy_notice_sha256"] as? String == notice, "notice version: \(consent), expected \(notice)")

            let export = await server.get("/api/export/json", session: session)
            let exported = JSONValue.objects(export.object?["contacts"]).first { $0["id"] as? String == contact["id"] as? String }
            let exportedConsent = exported?["consent"] as? [String: Any]
            #expect(exportedConsent?["given_at"] as? String == QC.fixedTime && exportedConsent?["privacy_notice_sha256"] as? String == notice,
                    "the export's consent: \(String(describing: exported))")

            let text = try await server.page("/app/contacts/\(try #require(contact["id"] as? String))", session: session).text
            #expect(text.contains(notice) && text.contains(QC.fixedTime), "the contact page does not show the consent: \(text)")

            let own = await server.post("/api/contacts", json: ["name": "Met In Person"], session: session)
            #expect(own.status == 201 && own.object?["consent"] is NSNull, "a contact the owner added has consent: \(own)")
        }
    }

    @Test("the cleanup job removes digests older than 90 days, GitHub answers older than 7 days and dead jobs older than 30 days, and keeps newer ones")
    func retentionRemovesOldRows() async throws {
        let site = try await ServerProcess.makeSite()
        let db = site.db.path
        let now = "(CAST(strftime('%s', 'now') AS INTEGER) * 1000)"
        let day = 86_400_000
        _ = try await SQLiteFile.query(db, """
            INSERT INTO agent_reports (id, user_id, report_type, report_date, priorities, insights, created_at)
              SELECT 'old-digest', user_id, 'daily', '2026-01-01', '[]', '[]', \(now) - \(91 * day) FROM public_profiles LIMIT 1;
            INSERT INTO agent_reports (id, user_id, report_type, report_date, priorities, insights, created_at)
              SELECT 'new-digest', user_id, 'daily', '2026-11-01', '[]', '[]', \(now) - \(89 * day) FROM public_profiles LIMIT 1;
            INSERT INTO github_profiles (login, status, fetched_at) VALUES ('old-answer', 404, \(now) - \(8 * day));
            INSERT INTO github_profiles (login, status, fetched_at) VALUES ('new-answer', 404, \(now) - \(6 * day));
            INSERT INTO jobs (kind, payload, run_at, attempts, last_error, created_at, state, last_attempt_at)
              VALUES ('regenerate', '{"usernames":["old-dead"]}', 0, 10, 'gave up', 0, 'dead', \(now) - \(31 * day));
            INSERT INTO jobs (kind, payload, run_at, attempts, last_error, created_at, state, last_attempt_at)
              VALUES ('regenerate', '{"usernames":["new-dead"]}', 0, 10, 'gave up', 0, 'dead', \(now) - \(29 * day));
            """)
        try await ServerProcess.run(["--cleanup-every", "1s"], site: site) { (server: ServerProcess) async throws in
            let gone = "SELECT (SELECT count(*) FROM agent_reports WHERE id = 'old-digest') + (SELECT count(*) FROM github_profiles WHERE login = 'old-answer')"
                + " + (SELECT count(*) FROM jobs WHERE payload LIKE '%old-dead%')"
            #expect(await server.eventually { (try? await SQLiteFile.count(db, gone)) == 0 }, "old rows left; log:\n\(server.logTail())")
            let kept = "SELECT (SELECT count(*) FROM agent_reports WHERE id = 'new-digest') + (SELECT count(*) FROM github_profiles WHERE login = 'new-answer')"
                + " + (SELECT count(*) FROM jobs WHERE payload LIKE '%new-dead%')"
            #expect(try await SQLiteFile.count(db, kept) == 3, "the cleanup removed rows still within their retention")
        }
    }

    /// The SHA-256 (hex) of the privacy page's Markdown: `content/pages/privacy.md` after its front matter.
    static func noticeDigest(_ site: TempSite) async throws -> String {
        let text = try String(contentsOf: site.content.appendingPathComponent("pages/privacy.md"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let close = try #require(lines.indices.dropFirst().first { lines[$0] == "---" }, "privacy.md has no front matter")
        let body = lines[(close + 1)...].joined(separator: "\n")
        let file = site.root.appendingPathComponent("privacy-body.md")
        try Data(body.utf8).write(to: file)
        let result = await Devhub.tool("sha256sum", [file.path])
        try #require(result.status == 0, "sha256sum: \(result)")
        return String(result.stdout.prefix(64))
    }
}
