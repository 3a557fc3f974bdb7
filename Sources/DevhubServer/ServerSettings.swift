import DevhubCore
import DevhubSite
import DevhubStore
import Foundation

/// How the companion server behaves: its URLs, cookie, limits, mail and hooks.
public struct ServerSettings: Sendable {
    /// The public base URL (the CDN), without a trailing slash.
    public var baseURL: String
    /// This server's own URL, without a trailing slash; links in emails point here.
    public var appURL: String
    /// Where mail goes.
    public var mail: MailTransport
    /// The sender address and name.
    public var mailFrom: String
    public var mailFromName: String
    /// Bearer secret for `POST /hooks/rebuild` (nil: the hook is off).
    public var rebuildSecret: String?
    /// Bearer token that opens `GET /metrics` to clients off this machine (nil: loopback clients only).
    public var metricsToken: String?
    /// What runs after a build changed files.
    public var deployHooks: DeployHooks
    /// Publishing to a Bunny storage zone after builds that changed files (nil: no zone configured).
    public var publishing: AutoPublish?
    /// Addresses of proxies whose `X-Forwarded-For` is believed.
    public var trustedProxies: Set<String>
    /// API requests per IP per minute.
    public var apiRequestsPerMinute = 100
    /// API requests per API key per minute (`--api-key-rate-limit`), on top of the per-address limit.
    public var apiKeyRequestsPerMinute = 100
    /// Form posts under `/app/` per client address per minute, counted per route (`devhub serve` sets it to the API's
    /// number unless `--form-rate-limit` is given).
    public var formRequestsPerMinute = 100
    /// Failed log-ins per account per 15 minutes.
    public var failedLoginsPerWindow = 5
    /// How long a claimed job is reserved for its worker; a job whose process died runs again after it.
    public var jobLeaseSeconds: Int64 = 60
    /// When a failed job runs again (`--retry-schedule`); after the last entry it is dead.
    public var retrySchedule = RetrySchedule.standardWebhooks
    /// Quick Connect form submissions per client address, and per code, per 10 minutes.
    public var connectSubmissionsPerAddress = 20
    public var connectSubmissionsPerCode = 120
    /// How often a code's page is re-rendered and its owner mailed while visitors arrive (`--connect-page-interval`,
    /// `--connect-mail-interval`).
    public var connectPacing = QuickConnectPacing.standard
    /// Abuse reports (`POST /report`) per client address, and per reported profile, per 10 minutes; how long after
    /// the first new report the admins get one mail listing every report since (`--report-mail-interval`).
    public var reportsPerAddress = 5
    public var reportsPerProfile = 30
    public var reportMailIntervalMilliseconds: Int64 = 900_000
    /// GitHub's REST API (a local fixture in tests; `off`: never asked), the optional token sent to it, and how long
    /// an answer is reused.
    public var githubAPIURL = "https://api.github.com"
    public var githubToken: String?
    public var githubCacheSeconds: Int64 = 3600
    /// The GitHub sync of owners' contacts: pace, freshness, OAuth application.
    public var githubSync = GitHubSyncSettings()
    /// Where custom domains are looked up (`--dns-server`), and how often they are checked.
    public var dnsResolver = DNSResolver()
    public var domainSchedule = DomainCheckSchedule()
    /// Scheduled backups (off unless a folder is given).
    public var backup = BackupSchedule()
    /// How long deleted accounts, digests, GitHub answers and old jobs are kept.
    public var retention = RetentionPolicy()
    /// How often the cleanup job runs (`--cleanup-every`).
    public var cleanupEveryMilliseconds: Int64 = 3_600_000
    /// Whether webhook endpoints may be on loopback and private addresses (`--webhooks-allow-private`: tests and home
    /// labs); link-local, multicast and reserved addresses stay refused.
    public var webhooksAllowPrivate = false
    /// A PEM file of certificate authorities trusted for `https://` webhook endpoints besides the system's
    /// (`--webhooks-ca-file`: a home lab's own authority).
    public var webhooksCAFile: String?
    /// Session lifetimes.
    public var sessionIdleSeconds: Int64 = 7 * 24 * 3600
    public var sessionAbsoluteSeconds: Int64 = 30 * 24 * 3600

    public init(
        baseURL: String, appURL: String, mail: MailTransport, mailFrom: String = "devhub@localhost", mailFromName: String = "Devhub",
        rebuildSecret: String? = nil, deployHooks: DeployHooks, trustedProxies: Set<String> = []
    ) {
        self.baseURL = baseURL
        self.appURL = appURL
        self.mail = mail
        self.mailFrom = mailFrom
        self.mailFromName = mailFromName
        self.rebuildSecret = rebuildSecret
        self.deployHooks = deployHooks
        self.trustedProxies = trustedProxies
    }

    /// Whether the app is served over https (then the session cookie is `__Host-` and `Secure`).
    public var isSecure: Bool { appURL.lowercased().hasPrefix("https://") }

    /// The session cookie's name: `__Host-devhub_session` over https; browsers refuse that prefix without `Secure`.
    public var sessionCookieName: String { isSecure ? "__Host-devhub_session" : "devhub_session" }

    /// The base URL's host (lower-case, no port): the static site's own host and the CNAME target of custom domains.
    public var baseHost: String { DomainName.canonicalHost(URLComponents(string: baseURL)?.host ?? "") }

    /// The app URL's host (lower-case, no port): the only host the private routes answer on.
    public var appHost: String { DomainName.canonicalHost(URLComponents(string: appURL)?.host ?? "") }

    /// How often the `domain-checks` job looks for due checks: every minute, or sooner when verified domains are
    /// re-checked more often than that (tests).
    public var domainCheckPollMilliseconds: Int64 { min(60_000, domainSchedule.verifiedRecheckMilliseconds) }

    /// `scheme://host[:port]` of the app URL, for the CSRF origin check.
    public var appOrigin: String { SiteFiles.origin(of: appURL) }
}
