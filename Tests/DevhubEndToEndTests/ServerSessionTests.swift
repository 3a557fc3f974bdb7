import Foundation
import Testing

/// Sessions and the private routes on the live server: 401 without a valid session, a new token at each
/// log-in, log-out revokes, and the `/app/` pages answer HTML.
@Suite("Server: sessions and pages", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerSessionTests {
    @Test("private routes answer 401 in the error shape without a valid session")
    func privateRoutesNeedASession() async throws {
        try await ServerProcess.run { server in
            let anonymous = await server.get("/api/profile")
            #expect(anonymous.status == 401, "GET /api/profile without a session: \(anonymous)")
            #expect(anonymous.hasErrorShape, "error body: \(anonymous)")
            #expect(anonymous.header("content-type")?.contains("json") == true, "error content type: \(anonymous)")
            let forged = await server.get("/api/profile", session: String(repeating: "x", count: 43))
            #expect(forged.status == 401, "GET /api/profile with a forged session: \(forged)")
            let put = await server.put("/api/profile", json: ProfileJSON.make(username: "anon", name: "Anon"))
            #expect(put.status == 401, "PUT /api/profile without a session: \(put)")
            try await server.waitUntilIdle()
            #expect(!server.site.exists("@anon/index.html"), "an anonymous save was published")
        }
    }

    @Test("each log-in gets a new session token; log-out revokes only that session")
    func logInAndLogOut() async throws {
        try await ServerProcess.run { server in
            let email = "sessions@example.test"
            let first = try await server.verifiedSession(email)
            let second = try await server.session(email)
            #expect(first != second, "two log-ins got the same session token")
            #expect(await server.get("/api/profile", session: first).status != 401, "the first session is not valid")

            let logout = await server.post("/api/auth/logout", session: first)
            #expect((200..<300).contains(logout.status), "log-out: \(logout)")
            if let cleared = logout.cookie(ServerProcess.sessionCookieName) {
                #expect(cleared.isExpired, "log-out set a live cookie: \(logout)")
            }
            let afterLogout = await server.get("/api/profile", session: first)
            #expect(afterLogout.status == 401, "a logged-out session still works: \(afterLogout)")
            let other = await server.get("/api/profile", session: second)
            #expect(other.status != 401, "log-out of one session ended another: \(other)")
        }
    }

    @Test("the /app/ pages answer HTML; the profile editor sends signed-out visitors to log in")
    func appPages() async throws {
        try await ServerProcess.run { server in
            for path in ["/app/signup", "/app/login"] {
                let page = await server.get(path)
                #expect(page.status == 200, "\(path): \(page)")
                #expect(page.header("content-type")?.hasPrefix("text/html") == true, "\(path): \(page)")
                #expect(page.body.contains("<form"), "\(path) has no form (the pages work without JavaScript): \(page)")
            }
            let signedOut = await server.get("/app/profile")
            #expect((300..<400).contains(signedOut.status), "/app/profile signed out: \(signedOut)")
            #expect(signedOut.header("location")?.contains("/app/login") == true, "/app/profile signed out: \(signedOut)")

            let session = try await server.verifiedSession("pages@example.test")
            let editor = await server.get("/app/profile", session: session)
            #expect(editor.status == 200, "/app/profile signed in: \(editor)")
            #expect(editor.header("content-type")?.hasPrefix("text/html") == true, "/app/profile: \(editor)")
        }
    }
}
