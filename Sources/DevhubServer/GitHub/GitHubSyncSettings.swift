import DevhubCore
import DevhubStore

/// How the GitHub sync runs: its pace, each resource's freshness, and the OAuth application owners connect through.
public struct GitHubSyncSettings: Sendable {
    /// Contacts synced per owner per hour (`--github-sync-pace 100/h`): one contact every `3600 s / pace`.
    public var contactsPerHour: Double = 100
    /// How long each resource's answer is used before it is asked again (`--github-cache-seconds` sets all four).
    public var freshness = GitHubFreshness()
    /// GitHub's web host for the OAuth flow (`--github-oauth-url`), without a trailing slash.
    public var oauthURL = "https://github.com"
    /// The OAuth application's client id (`--github-client-id`) and secret (`GITHUB_CLIENT_SECRET`); the connect button
    /// is offered only when both are set.
    public var clientID: String?
    public var clientSecret: String?
    /// Contacts a `POST /api/github/sync` run takes before it queues the next run (a job stays well inside its lease).
    public var contactsPerRun = 25

    public init() {}

    /// The wait between two paced runs of one owner, in milliseconds.
    public var spacingMilliseconds: Int64 { max(100, Int64((3_600_000 / contactsPerHour).rounded())) }

    /// Whether owners can connect through OAuth.
    public var oauthConfigured: Bool { clientID?.isEmpty == false && clientSecret?.isEmpty == false }

    /// Reads a pace such as `100/h`, `10/m` or `2/s` (a whole number from 1, per hour, minute or second) as contacts per
    /// hour; at most 36,000 an hour. Throws naming `field`.
    public static func pace(parsing text: String, field: String = "--github-sync-pace") throws(CoreError) -> Double {
        let parts = text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard text.utf8.count <= 20, parts.count == 2, let count = Int(String(decoding: parts[0], as: UTF8.self)), count >= 1 else {
            throw CoreError(field: field, "must be a count per hour, minute or second, such as 100/h, 10/m or 2/s")
        }
        let perHour: Double
        switch String(decoding: parts[1], as: UTF8.self) {
        case "h": perHour = Double(count)
        case "m": perHour = Double(count) * 60
        case "s": perHour = Double(count) * 3600
        default: throw CoreError(field: field, "must end in /h, /m or /s, such as 100/h")
        }
        guard perHour <= 36_000 else { throw CoreError(field: field, "must be at most 36000/h (10/s)") }
        return perHour
    }
}
