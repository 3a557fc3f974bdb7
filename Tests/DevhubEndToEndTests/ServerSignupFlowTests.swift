import Foundation
import Testing

/// The companion server's main path, end to end on a live process: sign up, the verification email in the
/// mail folder, its link, log in, edit the profile, and the profile's static page regenerated on disk.
@Suite("Server: sign-up to published profile", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerSignupFlowTests {
    @Test("sign up, verify by the emailed link, log in, save a profile: its page is regenerated")
    func fullFlow() async throws {
        try await ServerProcess.run { server in
            let email = "grace@example.test"
            let signUp = await server.signUp(email)
            #expect(signUp.status == 202, "sign-up: \(signUp)")

            // One email, the verification one, with its subject, link and expiry notice.
            let token = try await server.newVerificationToken(for: email)
            try await server.waitUntilIdle()
            let mails = server.mails
            try #require(mails.count == 1, "expected exactly one .eml, found \(mails.count): \(mails)")
            let mail = mails[0]
            #expect(mail.subject == MailMessage.verificationSubject, "subject: \(mail)")
            #expect(mail.isAddressed(to: email), "To: \(mail)")
            #expect(mail.raw.contains("This link expires in 24 hours"), "no expiry notice: \(mail)")
            #expect(mail.raw.contains("\(server.appURL)/verify-email?token=\(token)"), "no link: \(mail)")

            // The link verifies, on a page that does not leak the token through Referer.
            let verified = await server.verifyEmail(token: token)
            #expect(verified.status == 200, "verify: \(verified)")
            #expect(verified.header("content-type")?.hasPrefix("text/html") == true, "verify page: \(verified)")
            #expect(verified.body.lowercased().contains("verified"), "the verify page does not say verified: \(verified)")
            #expect(verified.header("referrer-policy") == "no-referrer", "verify page: \(verified)")

            // Log in: the session cookie with the documented attributes (no Secure over http).
            let login = await server.logIn(email)
            try #require(login.status == 200, "log-in: \(login)")
            let cookie = try #require(login.cookie(ServerProcess.sessionCookieName), "no session cookie: \(login)")
            #expect(cookie.value.count >= 32, "session token too short to hold 256 bits: \(cookie.value)")
            #expect(cookie.attributes["httponly"] != nil, "cookie not HttpOnly: \(login)")
            #expect(cookie.attributes["samesite"]?.lowercased() == "lax", "cookie not SameSite=Lax: \(login)")
            #expect(cookie.attributes["path"] == "/", "cookie Path is not /: \(login)")
            #expect(cookie.attributes["secure"] == nil, "Secure cookie over http would never come back: \(login)")
            let session = cookie.value

            // Save a profile: the static page appears with the name, and the API returns it.
            let saved = await server.saveProfile(ProfileJSON.make(username: "grace-tester", name: "Grace Tester"), session: session)
            #expect(saved.status == 200, "PUT /api/profile: \(saved)")
            let published = await server.eventuallyHasFile("@grace-tester/index.html", containing: "Grace Tester")
            #expect(published, "@grace-tester/index.html never appeared with the name; log:\n\(server.logTail())")
            #expect(await server.eventuallyHasFile("api/profiles/@grace-tester.json"), "the profile's JSON never appeared")

            let profile = try await server.currentProfile(session: session)
            #expect(profile["username"] as? String == "grace-tester", "GET /api/profile: \(profile)")
            #expect(profile["name"] as? String == "Grace Tester", "GET /api/profile: \(profile)")

            // The server serves the regenerated page too.
            let page = await server.get("/@grace-tester/")
            #expect(page.status == 200 && page.body.contains("Grace Tester"), "GET /@grace-tester/: \(page)")
        }
    }

    @Test("an unverified account's profile is saved but not published until the email is verified")
    func unverifiedProfileStaysPrivate() async throws {
        try await ServerProcess.run { server in
            let email = "hopper@example.test"
            let signUp = await server.signUp(email)
            try #require(signUp.status == 202, "sign-up: \(signUp)")
            let token = try await server.newVerificationToken(for: email)

            let session = try await server.session(email)
            let saved = await server.saveProfile(ProfileJSON.make(username: "hopper-unverified", name: "Hopper Unverified"), session: session)
            #expect(saved.status == 200, "PUT /api/profile while unverified: \(saved)")
            let profile = try await server.currentProfile(session: session)
            #expect(profile["username"] as? String == "hopper-unverified", "the unverified account's profile was not saved: \(profile)")

            try await server.waitUntilIdle()
            #expect(!server.site.exists("@hopper-unverified/index.html"), "an unverified account's profile was published")
            #expect(!server.site.exists("api/profiles/@hopper-unverified.json"), "an unverified account's JSON was published")
            let page = await server.get("/@hopper-unverified/")
            #expect(page.status == 404, "an unverified account's page is served: \(page)")

            let verified = await server.verifyEmail(token: token)
            try #require(verified.status == 200, "verify: \(verified)")
            let published = await server.eventuallyHasFile("@hopper-unverified/index.html", containing: "Hopper Unverified")
            #expect(published, "verifying the email did not publish the profile; log:\n\(server.logTail())")
        }
    }
}
