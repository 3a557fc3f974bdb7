import Foundation
import Testing

/// What an account whose email address is not verified may do: its private CRM, yes; anything that publishes on
/// the site's origin (Quick Connect codes), no (403 `email_not_verified`, API and pages alike). Verifying the
/// address (the link, or `devhub user verify`) ends every session started before it.
@Suite("Server: unverified accounts", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerUnverifiedAccountTests {
    /// The folders under `output/connect/` (one per Quick Connect code with a page).
    static func connectFolders(_ server: ServerProcess) -> [String] {
        let folder = server.site.out.appendingPathComponent("connect")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test("an unverified account gets 403 email_not_verified creating a Quick Connect code, through the API and /app/connect")
    func unverifiedCannotCreateQuickConnectCodes() async throws {
        try await QC.run { server in
            let email = "unverified-host@example.test"
            #expect(await server.signUp(email).status == 202)
            let token = try await server.newVerificationToken(for: email)
            let session = try await server.session(email)
            let before = Self.connectFolders(server)

            let api = await server.post("/api/quick-connect", json: ["event": QC.event], session: session)
            #expect(api.status == 403, "POST /api/quick-connect unverified: \(api)")
            #expect(api.hasErrorShape && api.errorCode == "email_not_verified", "error body: \(api)")
            #expect((api.object?["error"] as? [String: Any])?["message"].map { "\($0)".lowercased().contains("verify") } == true,
                    "the message does not tell them to verify: \(api)")

            let page = try await server.postForm("/app/connect", [("event", QC.event), ("expires_in_hours", "24")], session: session)
            #expect(page.status == 403, "POST /app/connect unverified: \(page)")
            #expect(page.header("content-type")?.hasPrefix("text/html") == true, "the page's 403 is not HTML: \(page)")
            #expect(page.body.contains("Verify your email address"), "the page does not tell them to verify: \(page.body.prefix(800))")

            let list = try await server.quickConnectList(session: session)
            #expect(list.codes.isEmpty, "an unverified account has codes: \(list.raw)")
            try await server.waitUntilIdle()
            #expect(Self.connectFolders(server) == before, "a Quick Connect page was written for an unverified account")

            // Private CRM actions on their own data stay allowed.
            let contact = await server.post("/api/contacts", json: ["name": "Private Person"], session: session)
            #expect(contact.status == 201, "POST /api/contacts unverified: \(contact)")

            // Once verified (and logged in again), the same request creates the code.
            #expect(await server.verifyEmail(token: token).status == 200)
            let verified = try await server.session(email)
            let created = try await server.createQuickConnect(["event": QC.event], session: verified)
            #expect(server.site.exists(QC.pagePath(created.token)), "the verified account's code has no page")
        }
    }

    @Test("verifying by the link ends the sessions made before it; the page signs nobody in and links to log-in")
    func verificationLinkEndsEarlierSessions() async throws {
        try await ServerProcess.run { server in
            let email = "squatted@example.test"
            #expect(await server.signUp(email).status == 202)
            let token = try await server.newVerificationToken(for: email)
            let squatter = try await server.session(email)
            let other = try await server.session(email)
            #expect(await server.get("/api/profile", session: squatter).status != 401, "the session before verification does not work")

            let verified = await server.verifyEmail(token: token)
            try #require(verified.status == 200, "verify: \(verified)")
            #expect(verified.cookie(ServerProcess.sessionCookieName) == nil, "the verification link set a session cookie: \(verified)")
            #expect(verified.body.contains("href=\"/app/login\""), "the verified page does not link to log-in: \(verified.body.prefix(800))")

            for session in [squatter, other] {
                let after = await server.get("/api/profile", session: session)
                #expect(after.status == 401, "a session made before verification still works: \(after)")
                let page = await server.get("/app/profile", session: session)
                #expect(page.header("location")?.contains("/app/login") == true, "the page still knows the old session: \(page)")
            }
            let fresh = try await server.session(email)
            #expect(await server.get("/api/profile", session: fresh).status != 401, "a log-in after verification does not work")
        }
    }

    @Test("devhub user verify ends the sessions made before it")
    func operatorVerifyEndsEarlierSessions() async throws {
        try await ServerProcess.run { server in
            let db = server.site.db.path
            let email = "operator-verified@example.test"
            let created = await Devhub.run(["user", "create", "--db", db, "--email", email, "--password", ServerProcess.goodPassword])
            try #require(created.status == 0, "user create: \(created)")
            let before = try await server.session(email)
            let verified = await Devhub.run(["user", "verify", "--db", db, "--email", email.uppercased()])
            try #require(verified.status == 0, "user verify (in upper case): \(verified)")
            let after = await server.get("/api/profile", session: before)
            #expect(after.status == 401, "a session made before `devhub user verify` still works: \(after)")
            let fresh = try await server.session(email)
            // Verifying again changes nothing: the new session lives on.
            let again = await Devhub.run(["user", "verify", "--db", db, "--email", email])
            #expect(again.status == 0, "user verify of a verified account: \(again)")
            #expect(await server.get("/api/profile", session: fresh).status != 401, "verifying a verified account ended its sessions")
        }
    }
}
