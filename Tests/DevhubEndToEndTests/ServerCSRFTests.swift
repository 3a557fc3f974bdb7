import Foundation
import Testing

/// Cookie-authenticated unsafe requests must come from the app's own origin: `Sec-Fetch-Site` decides, or
/// `Origin` when a browser does not send it; anything else answers 403 and changes nothing.
@Suite("Server: CSRF", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerCSRFTests {
    @Test("cross-site profile saves are refused; same-origin ones go through")
    func crossSiteRequestsAreRefused() async throws {
        try await ServerProcess.run { server in
            let session = try await server.verifiedSession("csrf@example.test")
            let original = ProfileJSON.make(username: "csrf-owner", name: "Original Name")
            let saved = await server.saveProfile(original, session: session)
            try #require(saved.status == 200, "same-origin save: \(saved)")

            let hostile = ProfileJSON.make(username: "csrf-owner", name: "Hostile Name")
            let crossSite = await server.put("/api/profile", json: hostile, session: session, headers: ["Sec-Fetch-Site": "cross-site"])
            #expect(crossSite.status == 403, "Sec-Fetch-Site: cross-site: \(crossSite)")
            let sameSite = await server.put("/api/profile", json: hostile, session: session, headers: ["Sec-Fetch-Site": "same-site"])
            #expect(sameSite.status == 403, "Sec-Fetch-Site: same-site (another subdomain) must not pass: \(sameSite)")
            let foreignOrigin = await server.put("/api/profile", json: hostile, session: session, headers: ["Origin": "https://evil.example"])
            #expect(foreignOrigin.status == 403, "Origin: https://evil.example without Sec-Fetch-Site: \(foreignOrigin)")
            let nullOrigin = await server.put("/api/profile", json: hostile, session: session, headers: ["Origin": "null"])
            #expect(nullOrigin.status == 403, "Origin: null without Sec-Fetch-Site: \(nullOrigin)")
            let logout = await server.post("/api/auth/logout", session: session, headers: ["Sec-Fetch-Site": "cross-site"])
            #expect(logout.status == 403, "cross-site log-out: \(logout)")

            let profile = try await server.currentProfile(session: session)
            #expect(profile["name"] as? String == "Original Name", "a refused request changed the profile (or logged out): \(profile)")

            let sameOrigin = await server.put("/api/profile", json: ProfileJSON.make(username: "csrf-owner", name: "Own Name"),
                                              session: session, headers: ["Sec-Fetch-Site": "same-origin"])
            #expect(sameOrigin.status == 200, "Sec-Fetch-Site: same-origin: \(sameOrigin)")
            let ownOrigin = await server.put("/api/profile", json: ProfileJSON.make(username: "csrf-owner", name: "Own Origin Name"),
                                             session: session, headers: ["Origin": server.appURL])
            #expect(ownOrigin.status == 200, "Origin: \(server.appURL) without Sec-Fetch-Site: \(ownOrigin)")
            let updated = try await server.currentProfile(session: session)
            #expect(updated["name"] as? String == "Own Origin Name", "GET /api/profile: \(updated)")
        }
    }
}
