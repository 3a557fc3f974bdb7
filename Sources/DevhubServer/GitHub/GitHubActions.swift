import DevhubCore
import DevhubSite
import DevhubStore
import Foundation

/// What the GitHub routes and pages do: keep a token (sealed), turn the sync on or off, ask for a sync now.
struct GitHubActions {
    let services: AppServices
    var database: AppDatabase { services.database }

    /// The longest token accepted (GitHub's tokens are 40 to 93 characters today).
    static let maxTokenLength = 255

    /// Checks a pasted token: 1 to 255 of `A-Z a-z 0-9 _` (GitHub's token alphabet, `github_pat_…`, `ghp_…`); 422
    /// naming `token` otherwise. The token itself is never put in the message.
    static func validToken(_ token: String) throws -> String {
        guard !token.isEmpty else { throw APIError.invalid(CoreError(field: "token", "must not be empty")) }
        guard token.utf8.count <= maxTokenLength else {
            throw APIError.invalid(CoreError(field: "token", "must be at most \(maxTokenLength) characters"))
        }
        guard token.utf8.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) || $0 == 95 }) else {
            throw APIError.invalid(CoreError(field: "token", "must be a GitHub token: letters, digits and _ only (github_pat_…)"))
        }
        return token
    }

    /// Seals and stores `token` as the owner's GitHub connection of `kind`.
    func connect(userID: String, token: String, kind: GitHubTokenKind) throws {
        let sealed = try services.secretKey.sealGitHubToken(token, userID: userID)
        try database.saveGitHubToken(userID: userID, sealedToken: sealed, kind: kind)
    }

    /// Turns the sync on (its paced series starts now) or off (the series ends at its next run).
    func setSync(userID: String, enabled: Bool) throws {
        try database.setGitHubSync(userID: userID, enabled: enabled)
        if enabled { try database.enqueueJobUnlessPending(.githubSync(GitHubSyncJob(userID: userID, paced: true))) }
    }

    /// Queues a sync of every due contact now; 409 when the owner has not turned the sync on.
    func syncNow(userID: String) throws {
        guard try database.gitHubAccount(userID: userID).syncEnabled else {
            throw APIError(.conflict, code: "github_sync_off", "The GitHub sync is off; turn it on first (github_sync in /api/settings).",
                           details: [("github_sync", "is off")])
        }
        try database.enqueueJobUnlessPending(.githubSync(GitHubSyncJob(userID: userID, paced: false)))
    }

    /// The settings page's GitHub values: the switch, the connection (never the token), a pause, the connect button.
    func pageValues(userID: String) throws -> [String: Any] {
        let account = try database.gitHubAccount(userID: userID)
        var values: [String: Any] = [:]
        if account.syncEnabled { values["github_sync"] = true }
        if let kind = account.tokenKind {
            values["github_connected"] = kind == .oauth ? "through GitHub (OAuth)" : "with a personal access token"
            values["github_connected_at"] = account.connectedAt.map { Timestamp.iso8601($0) }
        }
        if account.pausedUntil > database.currentTime() { values["github_paused_until"] = Timestamp.iso8601(account.pausedUntil) }
        if services.settings.githubSync.oauthConfigured { values["github_oauth"] = true }
        return values
    }

    /// The connection as the API and the settings page show it (never the token).
    func status(userID: String) throws -> [String: Any] {
        let account = try database.gitHubAccount(userID: userID)
        return [
            "connected": account.tokenKind != nil, "kind": CRMJSON.nullable(account.tokenKind?.rawValue),
            "connected_at": CRMJSON.nullable(account.connectedAt.map { Timestamp.iso8601($0) }),
            "github_sync": account.syncEnabled,
        ]
    }
}
