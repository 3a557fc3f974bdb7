import DevhubStore
import Foundation

/// GitHub's OAuth web application flow: the authorize URL an owner is sent to, and the exchange of the code GitHub
/// sends back for a token (`POST {oauth}/login/oauth/access_token`, answered as JSON).
struct GitHubOAuth: Sendable {
    let settings: GitHubSyncSettings
    let appURL: String
    let http: GitHubHTTP

    /// How long a `state` handed out stays good: 10 minutes.
    static let stateLifetimeMilliseconds: Int64 = 600_000

    /// Where GitHub sends the owner back.
    var redirectURI: String { appURL + "/app/settings/github/callback" }

    /// `{oauth}/login/oauth/authorize?client_id&redirect_uri&state&allow_signup=false` (no scope: public data only).
    func authorizeURL(state: String) -> String? {
        guard let clientID = settings.clientID, var components = URLComponents(string: settings.oauthURL + "/login/oauth/authorize") else { return nil }
        components.queryItems = [
            URLQueryItem(name: "client_id", value: clientID), URLQueryItem(name: "redirect_uri", value: redirectURI),
            URLQueryItem(name: "state", value: state), URLQueryItem(name: "allow_signup", value: "false"),
        ]
        return components.string
    }

    /// Why an exchange failed (never with the code or a token in it).
    struct ExchangeError: Error, CustomStringConvertible {
        var description: String
    }

    /// The access token GitHub gives for `code`.
    func exchange(code: String) async throws(ExchangeError) -> String {
        guard let clientID = settings.clientID, let secret = settings.clientSecret,
              let url = URL(string: settings.oauthURL + "/login/oauth/access_token")
        else { throw ExchangeError(description: "GitHub OAuth is not configured on this server") }
        guard let reply = await http.postForm(url, [
            ("client_id", clientID), ("client_secret", secret), ("code", code), ("redirect_uri", redirectURI),
        ]) else { throw ExchangeError(description: "GitHub could not be reached") }
        let (status, body) = reply
        struct Answer: Decodable {
            var access_token: String?
            var error: String?
        }
        guard status == 200, let answer = try? JSONDecoder().decode(Answer.self, from: body) else {
            throw ExchangeError(description: "GitHub answered \(status)")
        }
        guard let token = answer.access_token, (try? GitHubActions.validToken(token)) != nil else {
            // GitHub answers 200 with {"error": "bad_verification_code", …} for a wrong or used code.
            throw ExchangeError(description: "GitHub refused the code (\(answer.error.map { String($0.prefix(60)) } ?? "no token"))")
        }
        return token
    }
}
