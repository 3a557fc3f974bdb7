import DevhubCore
import DevhubStore
import Foundation
import Hummingbird
import Testing

/// The GitHub connection through the real router: a pasted token is stored sealed and never returned, disconnecting
/// deletes it, `github_sync` is off by default and connecting does not turn it on, bad tokens are 422 naming `token`.
@Suite("GitHub connection routes (in-process)")
struct GitHubConnectionRouteTests {
    struct Connection: Decodable { var connected: Bool; var kind: String?; var github_sync: Bool }
    struct Settings: Decodable { var github_sync: Bool }

    @Test("PUT /api/github/token stores the token sealed (never in the answer), DELETE removes it; the sync stays off")
    func putAndDeleteToken() async throws {
        try await InProcessApp.run { app in
            let session = try await app.verifiedSession("token@example.test")
            let token = "github_pat_11AAAAAAA0\(UUID().uuidString.replacingOccurrences(of: "-", with: "_"))"
            let put = try await app.send(.put, "/api/github/token", json: #"{"token": "\#(token)"}"#, session: session)
            #expect(put.status == .ok, "\(put)")
            #expect(!put.body.contains(token), "the token came back: \(put)")
            let connection = try put.decode(Connection.self)
            #expect(connection.connected && connection.kind == "pat" && !connection.github_sync)
            let settings = try await app.send(.get, "/api/settings", session: session)
            #expect(try settings.decode(Settings.self).github_sync == false, "connecting turned the sync on: \(settings)")

            let userID = try #require(try app.database.account(email: EmailAddress("token@example.test"))?.id)
            let stored = try #require(try app.database.gitHubAccount(userID: userID).sealedToken)
            #expect(!stored.contains(token) && !stored.contains("github_pat"), "stored in clear")
            let page = try await app.send(.get, "/app/settings", session: session)
            #expect(page.body.contains("Connected with a personal access token") && !page.body.contains(token), "settings page")

            let delete = try await app.send(.delete, "/api/github/token", session: session)
            #expect(delete.status == .noContent, "\(delete)")
            #expect(try app.database.gitHubAccount(userID: userID).sealedToken == nil)
            #expect(try await app.send(.delete, "/api/github/token", session: session).status == .noContent, "disconnecting twice")
        }
    }

    @Test("bad tokens are 422 naming token (empty, spaces, too long, a quote), without echoing them; no session is 401")
    func badTokens() async throws {
        try await InProcessApp.run { app in
            let session = try await app.verifiedSession("bad-token@example.test")
            for body in [#"{"token": ""}"#, #"{"token": "ghp_abc def"}"#, #"{"token": "\#(String(repeating: "a", count: 256))"}"#,
                         #"{"token": "ghp_\"x"}"#, #"{"token": "ghp_e\u0301"}"#] {
                let answer = try await app.send(.put, "/api/github/token", json: body, session: session)
                #expect(answer.status == .unprocessableContent && answer.error?.details.first?.field == "token", "\(body): \(answer)")
            }
            let wrongType = try await app.send(.put, "/api/github/token", json: #"{"token": 42}"#, session: session)
            #expect(wrongType.status == .unprocessableContent && wrongType.error?.details.first?.field == "token", "\(wrongType)")
            let anonymous = try await app.send(.put, "/api/github/token", json: #"{"token": "ghp_abc"}"#)
            #expect(anonymous.status == .unauthorized, "\(anonymous)")
        }
    }

    @Test("POST /api/github/sync is 409 github_sync_off while the sync is off")
    func syncNeedsTheSwitch() async throws {
        try await InProcessApp.run { app in
            let session = try await app.verifiedSession("sync-off@example.test")
            let answer = try await app.send(.post, "/api/github/sync", session: session)
            #expect(answer.status == .conflict && answer.error?.code == "github_sync_off", "\(answer)")
        }
    }

    @Test("the OAuth connect button needs an OAuth app: without one /app/settings/github/connect says so (409), no redirect")
    func connectWithoutOAuthApp() async throws {
        try await InProcessApp.run { app in
            let session = try await app.verifiedSession("no-oauth@example.test")
            let answer = try await app.send(.get, "/app/settings/github/connect", session: session)
            #expect(answer.status == .conflict && answer.headers[.location] == nil && answer.body.contains("paste a token"), "\(answer)")
            let callback = try await app.send(.get, "/app/settings/github/callback?code=abc&state=forged", session: session)
            #expect(callback.status == .badRequest, "a forged state: \(callback)")
        }
    }
}
