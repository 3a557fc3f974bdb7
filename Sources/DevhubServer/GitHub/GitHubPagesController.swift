import DevhubCore
import DevhubStore
import Hummingbird

/// The GitHub part of `/app/settings`: connecting through OAuth (`connect`, `callback`), pasting a token, disconnecting.
struct GitHubPagesController {
    let services: AppServices
    var actions: GitHubActions { GitHubActions(services: services) }
    var settingsPages: CRMHomePagesController { CRMHomePagesController(services: services) }
    var oauth: GitHubOAuth { GitHubOAuth(settings: services.settings.githubSync, appURL: services.settings.appURL, http: services.githubHTTP) }

    func addRoutes(to app: RouterGroup<AppRequestContext>) {
        app.get("settings/github/connect") { _, context -> Response in
            guard let userID = context.userID, let session = context.sessionToken else { return seeOther("/app/login") }
            guard services.settings.githubSync.oauthConfigured else {
                return try settingsPages.settingsPage(userID: userID, error: APIError(
                    .conflict, code: "github_oauth_off", "This server has no GitHub OAuth application; paste a token instead."))
            }
            let state = SecretToken().value
            try services.database.saveGitHubOAuthState(
                stateHash: SecretToken.hash(state), userID: userID, sessionHash: SecretToken.hash(session),
                lifetime: GitHubOAuth.stateLifetimeMilliseconds)
            guard let url = oauth.authorizeURL(state: state) else { return seeOther("/app/settings") }
            return seeOther(url)
        }
        app.get("settings/github/callback") { request, context -> Response in
            guard let userID = context.userID, let session = context.sessionToken else { return seeOther("/app/login") }
            let state = ListParameters.text(request, "state") ?? ""
            guard state.utf8.count <= 200,
                  try services.database.consumeGitHubOAuthState(stateHash: SecretToken.hash(state), userID: userID, sessionHash: SecretToken.hash(session))
            else {
                return try settingsPages.settingsPage(userID: userID, error: APIError(
                    .badRequest, code: "github_state_mismatch",
                    "GitHub was not connected: this answer does not belong to a connection you started (state), or it expired. Start again."))
            }
            guard let code = ListParameters.text(request, "code"), code.utf8.count <= 200 else {
                return try settingsPages.settingsPage(userID: userID, error: APIError(
                    .badRequest, code: "github_not_connected", "GitHub was not connected (you declined, or GitHub sent no code)."))
            }
            let token: String
            do { token = try await oauth.exchange(code: code) } catch {
                return try settingsPages.settingsPage(userID: userID, error: APIError(
                    .badGateway, code: "github_not_connected", "GitHub was not connected: \(error)."))
            }
            try actions.connect(userID: userID, token: token, kind: .oauth)
            return try settingsPages.settingsPage(userID: userID, notice: "GitHub connected. Turn the GitHub sync on below when you want it.")
        }
        app.post("settings/github/token") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let form = try await FormBody.decode(request, context: context)
            do {
                try actions.connect(userID: userID, token: try GitHubActions.validToken(Text.trimmed(form["token"] ?? "")), kind: .personalAccessToken)
            } catch let error as APIError {
                return try settingsPages.settingsPage(userID: userID, error: error)
            }
            return try settingsPages.settingsPage(userID: userID, notice: "GitHub token saved (encrypted). Turn the GitHub sync on below when you want it.")
        }
        app.post("settings/github/disconnect") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            try services.database.deleteGitHubToken(userID: userID)
            return try settingsPages.settingsPage(userID: userID, notice: "GitHub disconnected: the token is deleted.")
        }
    }
}
