import DevhubCore
import DevhubSite
import DevhubStore
import HTTPTypes
import Hummingbird
import Logging

/// Everything the routes need, built once in ``buildApplication(_:)`` (no singletons).
struct AppServices: Sendable {
    let database: AppDatabase
    let settings: ServerSettings
    let hasher: PasswordHasher
    let limiter: RateLimiter
    let mail: MailComposer
    let pages: AppPages
    let markdown: Markdown
    let sessionPolicy: SessionPolicy
    /// Regenerates the site after changes (Quick Connect pages are rendered through it too).
    let regenerator: Regenerator
    /// Renders Quick Connect pages (the server answers a bad submission with the form and its errors).
    let connectRenderer: ConnectPageRenderer
    /// Derives Quick Connect tokens from codes' ids (the database holds only their hashes).
    let secretKey: ServerSecretKey
    /// GitHub lookups for the form's prefill.
    let github: GitHubProfiles
    /// Requests to GitHub (the prefill, the sync and the OAuth exchange share it).
    let githubHTTP: GitHubHTTP
    /// Proves custom domains through DNS.
    let domains: DomainVerifier
    /// What `/metrics` reports.
    let metrics: ServerMetrics
    /// Where a digest summary would come from (none: see ``DigestSummaryProvider``).
    var digestSummary: any DigestSummaryProvider = NoDigestSummary()
    /// Sends webhook requests to the addresses the SSRF check approved.
    var webhookSender: WebhookSender { WebhookSender(extraTrustRootsFile: settings.webhooksCAFile) }

    /// Queues webhook events for the owners' endpoints.
    var webhooks: WebhookEmitter { WebhookEmitter(database: database, logger: Logger(label: "devhub.webhooks")) }

    /// The client's address: the peer, or with a trusted proxy in front the last address it forwarded.
    func clientAddress(_ request: Request, _ context: AppRequestContext) -> String {
        let peer = context.remoteAddress?.ipAddress ?? "unknown"
        guard settings.trustedProxies.contains(peer) else { return peer }
        return Self.forwardedAddress(request) ?? peer
    }

    /// The last address of `X-Forwarded-For` (the one a trusted proxy appended), or nil when there is none.
    static func forwardedAddress(_ request: Request) -> String? {
        guard let forwarded = request.headers[.xForwardedFor] else { return nil }
        // Split on the byte: a comma followed by a combining mark is one Character, not a separator.
        return forwarded.utf8.split(separator: UInt8(ascii: ",")).last.map { Text.trimmed(String(decoding: $0, as: UTF8.self)) }
    }

    /// The `Set-Cookie` value starting a session.
    func sessionCookie(_ token: String) -> Cookie {
        Cookie(
            name: settings.sessionCookieName, value: token, maxAge: Int(settings.sessionAbsoluteSeconds), path: "/",
            secure: settings.isSecure, httpOnly: true, sameSite: .lax)
    }

    /// The `Set-Cookie` value ending it.
    func expiredSessionCookie() -> Cookie {
        Cookie(name: settings.sessionCookieName, value: "", maxAge: 0, path: "/", secure: settings.isSecure, httpOnly: true, sameSite: .lax)
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
