import ArgumentParser
import DevhubCore
import DevhubServer
import DevhubSite
import DevhubStore
import Foundation
import Hummingbird
import Logging

/// `devhub serve`: the static site and the companion server on one port.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the site and the companion server (accounts, profile editor, hooks).")

    @OptionGroup var options: CommonOptions
    @OptionGroup(title: "Publishing to Bunny Storage (after every build that changed files)") var bunny: PublishOptions

    @Option(help: "Interface to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (env DEVHUB_PORT).")
    var port: Int?

    @Option(name: .customLong("mail-transport"), help: "file, smtp or resend (env DEVHUB_MAIL_TRANSPORT).")
    var mailTransport: String?

    @Option(name: .customLong("mail-dir"), help: "Folder the file transport writes .eml files to (env DEVHUB_MAIL_DIR).")
    var mailDir: String?

    @Option(name: .customLong("sendmail-command"), help: "sendmail-compatible command for the smtp transport, e.g. \"msmtp -t\" (env DEVHUB_SENDMAIL_COMMAND).")
    var sendmailCommand: String?

    @Option(name: .customLong("mail-from"), help: "Sender address (env EMAIL_FROM_ADDRESS).")
    var mailFrom: String?

    @Option(name: .customLong("resend-base-url"), help: "Resend API base URL (env DEVHUB_RESEND_BASE_URL).")
    var resendBaseURL: String?

    @Option(name: .customLong("rebuild-secret"), help: "Bearer secret for POST /hooks/rebuild, at least 32 characters (env DEVHUB_REBUILD_SECRET).")
    var rebuildSecret: String?

    @Option(name: .customLong("metrics-token"), help: "Bearer token that opens GET /metrics to clients off this machine, at least 32 characters (env DEVHUB_METRICS_TOKEN). Without it only loopback clients get the metrics.")
    var metricsToken: String?

    @Option(name: .customLong("deploy-command"), help: "Shell command run in the output folder after a build changed files; gets 'written PATH' / 'deleted PATH' lines on stdin (env DEVHUB_DEPLOY_COMMAND).")
    var deployCommand: String?

    @Option(name: .customLong("deploy-webhook"), help: "URL to POST the changed paths to after a build (repeatable; env DEVHUB_DEPLOY_WEBHOOKS, comma-separated).")
    var deployWebhooks: [String] = []

    @Option(name: .customLong("trusted-proxy"), help: "Address of a reverse proxy whose X-Forwarded-For is believed (repeatable).")
    var trustedProxies: [String] = []

    @Option(name: .customLong("api-rate-limit"), help: "API requests per minute per client address.")
    var apiRateLimit = 100

    @Option(name: .customLong("api-key-rate-limit"), help: "API requests per minute per API key (Authorization: Bearer dh_…).")
    var apiKeyRateLimit = 100

    @Option(name: .customLong("form-rate-limit"), help: "Form posts under /app/ per minute per client address and route (default: the --api-rate-limit value).")
    var formRateLimit: Int?

    @Option(name: .customLong("job-lease-seconds"), help: "How long a started job is reserved; a job whose process died runs again after it.")
    var jobLeaseSeconds: Int64 = 60

    @Option(name: .customLong("retry-schedule"), help: "Waits before each retry of a failed job, e.g. \"5s,5m,30m,2h\" (units s, m, h, d); a job that fails after the last one is dead (default: \(RetrySchedule.standardWebhooks.text)).")
    var retrySchedule: String?

    @Option(name: .customLong("github-api-url"), help: "GitHub's REST API, asked for the Quick Connect form's prefill, or 'off' (env DEVHUB_GITHUB_API_URL; GITHUB_TOKEN is sent when set).")
    var githubAPIURL: String?

    @Option(name: .customLong("github-cache-seconds"), help: "How long a GitHub answer is reused before it is revalidated (default: 3600 for the Quick Connect prefill; for the sync, profile 1 h, repositories 6 h, events 30 min, followers 24 h — this flag sets all of them).")
    var githubCacheSeconds: Int64?

    @Option(name: .customLong("github-sync-pace"), help: "Contacts the GitHub sync fetches per owner: N/h, N/m or N/s.")
    var githubSyncPace = "100/h"

    @Option(name: .customLong("github-oauth-url"), help: "GitHub's web host for the OAuth flow (env DEVHUB_GITHUB_OAUTH_URL).")
    var githubOAuthURL: String?

    @Option(name: .customLong("github-client-id"), help: "Client id of the GitHub OAuth app owners connect through (env DEVHUB_GITHUB_CLIENT_ID; the secret comes from GITHUB_CLIENT_SECRET).")
    var githubClientID: String?

    @Option(name: .customLong("connect-ip-limit"), help: "Quick Connect submissions per client address per 10 minutes.")
    var connectIPLimit = 20

    @Option(name: .customLong("connect-code-limit"), help: "Quick Connect submissions per code per 10 minutes.")
    var connectCodeLimit = 120

    @Option(name: .customLong("connect-page-interval"), help: "The least time between two re-renderings of a Quick Connect code's page while visitors arrive (0s: after every submission).")
    var connectPageInterval = "2s"

    @Option(name: .customLong("connect-mail-interval"), help: "How long after a Quick Connect code's first new visitor its owner gets one mail listing every visitor since (0s: at once).")
    var connectMailInterval = "15m"

    @Option(name: .customLong("report-mail-interval"), help: "How long after the first new abuse report the admins get one mail listing every report since (0s: at once).")
    var reportMailInterval = "15m"

    @Option(name: .customLong("dns-server"), help: "DNS server that proves custom domains, HOST:PORT (an IPv4 address; env DEVHUB_DNS_SERVER). Default: the system's resolvers.")
    var dnsServer: String?

    @Option(name: .customLong("domain-recheck-seconds"), help: "How often a verified custom domain is checked again.")
    var domainRecheckSeconds: Int64 = 86_400

    @Option(name: .customLong("backup-dir"), help: "Folder for scheduled online backups (dated files, each integrity-checked); none: no scheduled backups.")
    var backupDir: String?

    @Option(name: .customLong("backup-every"), help: "How often a scheduled backup is taken: 30s, 15m, 24h, 7d.")
    var backupEvery = "24h"

    @Option(name: .customLong("backup-keep"), help: "How many scheduled backups are kept (the oldest are removed).")
    var backupKeep = 14

    @Option(name: .customLong("deletion-grace"), help: "How long a deleted account's private data is kept (logging in restores it) before it is erased.")
    var deletionGrace = "30d"

    @Option(name: .customLong("cleanup-every"), help: "How often the cleanup job runs (expired sessions, erasures, retention).")
    var cleanupEvery = "1h"

    @Flag(name: .customLong("webhooks-allow-private"), help: "Let webhook endpoints be on loopback and private addresses (tests, home labs); link-local and multicast stay refused.")
    var webhooksAllowPrivate = false

    @Option(name: .customLong("webhooks-ca-file"), help: "A PEM file of certificate authorities to trust for https:// webhook endpoints, besides the system's (a home lab's own authority).")
    var webhooksCAFile: String?

    @Option(name: .customLong("fixed-time"), help: .hidden)
    var fixedTime: String?

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The system clock, or for tests and demos a frozen one (`--fixed-time 2026-11-21T07:30:00Z`): digests and
    /// follow-ups are then computed for a known day.
    static func clock(_ fixedTime: String?) throws -> @Sendable () -> Int64 {
        guard let fixedTime else { return AppDatabase.systemMilliseconds }
        guard let date = ISO8601DateFormatter().date(from: fixedTime) else {
            throw ValidationError("--fixed-time '\(fixedTime)' is not an ISO 8601 time such as 2026-11-21T07:30:00Z")
        }
        let milliseconds = Int64(date.timeIntervalSince1970 * 1000)
        return { milliseconds }
    }

    func validate() throws {
        if let webhooksCAFile, !FileManager.default.isReadableFile(atPath: webhooksCAFile) {
            throw ValidationError("--webhooks-ca-file '\(webhooksCAFile)' cannot be read")
        }
        if let secret = rebuildSecret ?? environment["DEVHUB_REBUILD_SECRET"], secret.count < 32 {
            throw ValidationError("--rebuild-secret must be at least 32 characters (128 bits of hex or more)")
        }
        if let token = metricsToken ?? environment["DEVHUB_METRICS_TOKEN"], token.count < 32 {
            throw ValidationError("--metrics-token must be at least 32 characters (128 bits of hex or more)")
        }
        if let transport = mailTransport ?? environment["DEVHUB_MAIL_TRANSPORT"], !["file", "smtp", "resend"].contains(transport) {
            throw ValidationError("--mail-transport must be file, smtp or resend, got '\(transport)'")
        }
        guard apiRateLimit > 0 else { throw ValidationError("--api-rate-limit must be greater than 0") }
        guard apiKeyRateLimit > 0 else { throw ValidationError("--api-key-rate-limit must be greater than 0") }
        guard (formRateLimit ?? 1) > 0 else { throw ValidationError("--form-rate-limit must be greater than 0") }
        guard jobLeaseSeconds > 0 else { throw ValidationError("--job-lease-seconds must be greater than 0") }
        if let retrySchedule {
            do { _ = try RetrySchedule(parsing: retrySchedule) } catch { throw ValidationError("\(error)") }
        }
        guard (githubCacheSeconds ?? 0) >= 0 else { throw ValidationError("--github-cache-seconds must be 0 or more") }
        do { _ = try GitHubSyncSettings.pace(parsing: githubSyncPace) } catch { throw ValidationError("--github-sync-pace '\(Self.shown(githubSyncPace))' \(error.message)") }
        if let url = githubOAuthURL ?? environment["DEVHUB_GITHUB_OAUTH_URL"],
           URLComponents(string: url)?.host == nil || !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ValidationError("--github-oauth-url must be an absolute http(s) URL, got '\(Self.shown(url))'")
        }
        guard connectIPLimit > 0 else { throw ValidationError("--connect-ip-limit must be greater than 0") }
        guard connectCodeLimit > 0 else { throw ValidationError("--connect-code-limit must be greater than 0") }
        guard domainRecheckSeconds > 0 else { throw ValidationError("--domain-recheck-seconds must be greater than 0") }
        _ = try durations()
        guard backupKeep > 0 else { throw ValidationError("--backup-keep must be greater than 0") }
        if let backupDir, backupDir.isEmpty { throw ValidationError("--backup-dir must name a folder") }
        do { _ = try DNSResolver(server: dnsServer ?? environment["DEVHUB_DNS_SERVER"]) } catch { throw ValidationError(error.description) }
        if let url = githubAPIURL ?? environment["DEVHUB_GITHUB_API_URL"], url != "off",
           URLComponents(string: url)?.host == nil || !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ValidationError("--github-api-url must be an absolute http(s) URL or 'off', got '\(url)'")
        }
    }

    func run() async throws {
        // A deploy command or sendmail that exits without reading its input must not take the server down.
        signal(SIGPIPE, SIG_IGN)
        var logger = Logger(label: "devhub.serve")
        logger.logLevel = options.verbose ? .debug : .info
        let siteSettings = try options.siteSettings()
        let port = port ?? environment["DEVHUB_PORT"].flatMap(Int.init) ?? 8080
        let appURL = siteSettings.appURL
        var settings = ServerSettings(
            baseURL: siteSettings.baseURL, appURL: appURL, mail: try mail(),
            mailFrom: mailFrom ?? environment["EMAIL_FROM_ADDRESS"] ?? "devhub@localhost",
            rebuildSecret: rebuildSecret ?? environment["DEVHUB_REBUILD_SECRET"],
            deployHooks: DeployHooks(
                command: deployCommand ?? environment["DEVHUB_DEPLOY_COMMAND"],
                webhooks: deployWebhooks.isEmpty
                    ? (environment["DEVHUB_DEPLOY_WEBHOOKS"] ?? "").split(separator: ",").map(String.init) : deployWebhooks,
                outputDirectory: options.outputPath),
            trustedProxies: Set(trustedProxies))
        settings.metricsToken = metricsToken ?? environment["DEVHUB_METRICS_TOKEN"]
        settings.apiRequestsPerMinute = apiRateLimit
        settings.apiKeyRequestsPerMinute = apiKeyRateLimit
        settings.formRequestsPerMinute = formRateLimit ?? apiRateLimit
        settings.jobLeaseSeconds = jobLeaseSeconds
        settings.webhooksAllowPrivate = webhooksAllowPrivate
        settings.webhooksCAFile = webhooksCAFile
        if let retrySchedule { settings.retrySchedule = try RetrySchedule(parsing: retrySchedule) }
        var githubURL = githubAPIURL ?? environment["DEVHUB_GITHUB_API_URL"] ?? settings.githubAPIURL
        while githubURL.hasSuffix("/") { githubURL.removeLast() }
        settings.githubAPIURL = githubURL
        settings.githubToken = environment["GITHUB_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let githubCacheSeconds {
            settings.githubCacheSeconds = githubCacheSeconds
            settings.githubSync.freshness = GitHubFreshness(all: githubCacheSeconds * 1000)
        }
        settings.githubSync.contactsPerHour = try GitHubSyncSettings.pace(parsing: githubSyncPace)
        var oauthURL = githubOAuthURL ?? environment["DEVHUB_GITHUB_OAUTH_URL"] ?? settings.githubSync.oauthURL
        while oauthURL.hasSuffix("/") { oauthURL.removeLast() }
        settings.githubSync.oauthURL = oauthURL
        settings.githubSync.clientID = (githubClientID ?? environment["DEVHUB_GITHUB_CLIENT_ID"]).flatMap { $0.isEmpty ? nil : $0 }
        settings.githubSync.clientSecret = environment["GITHUB_CLIENT_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        let durations = try durations()
        settings.connectSubmissionsPerAddress = connectIPLimit
        settings.connectSubmissionsPerCode = connectCodeLimit
        settings.connectPacing = QuickConnectPacing(
            pageIntervalMilliseconds: durations.connectPageInterval.milliseconds, mailIntervalMilliseconds: durations.connectMailInterval.milliseconds)
        settings.reportMailIntervalMilliseconds = durations.reportMailInterval.milliseconds
        settings.dnsResolver = try DNSResolver(server: dnsServer ?? environment["DEVHUB_DNS_SERVER"])
        settings.domainSchedule.verifiedRecheckMilliseconds = domainRecheckSeconds * 1000
        settings.backup.directory = backupDir
        settings.backup.everyMilliseconds = durations.backupEvery.milliseconds
        settings.backup.keep = backupKeep
        settings.retention.deletionGraceMilliseconds = durations.deletionGrace.milliseconds
        settings.cleanupEveryMilliseconds = durations.cleanupEvery.milliseconds
        if bunny.isConfigured {
            settings.publishing = AutoPublish(configuration: try bunny.configuration(baseURL: siteSettings.baseURL), outputDirectory: options.outputPath)
        }
        let clock = try Self.clock(fixedTime)
        // Held while the server runs: `devhub restore` refuses to replace a database in use.
        let lock = try DatabaseLock(databasePath: options.databasePath, exclusive: false)
        defer { withExtendedLifetime(lock) {} }
        let database = try AppDatabase(path: options.databasePath, now: clock)
        let secretKey = try options.secretKey()
        let builder = try BuildCommand.makeBuilder(options, collectsPaths: true, now: clock, secretKey: secretKey)
        // Bring the site up to date before serving it (incremental: cheap when nothing changed).
        let metrics = ServerMetrics()
        let report = try await BuildRecorder(metrics: metrics, database: database, logger: logger).record(.site) { try await builder.build() }
        logger.info("site built", metadata: ["summary": "\(report)"])
        // Brings the zone up to date with the start-up build (and finishes a publish a previous run left undone).
        if settings.publishing != nil { try database.enqueuePublish() }
        let app = try buildApplication(ServerDependencies(
            configuration: ServerConfiguration(host: host, port: port, outputDirectory: options.outputPath),
            settings: settings, database: database, builder: builder, templatesDirectory: options.templatesPath,
            siteSettings: siteSettings, logger: logger, metrics: metrics, secretKey: secretKey))
        try await app.runService()
    }

    /// The duration flags, read by the one parser they share.
    private func durations() throws -> (
        backupEvery: TimeSpan, deletionGrace: TimeSpan, cleanupEvery: TimeSpan, connectPageInterval: TimeSpan, connectMailInterval: TimeSpan,
        reportMailInterval: TimeSpan
    ) {
        func parse(_ value: String, _ flag: String, allowingZero: Bool = false) throws -> TimeSpan {
            do { return try TimeSpan(parsing: value, field: flag, allowingZero: allowingZero) } catch {
                throw ValidationError("\(flag) '\(Self.shown(value))' \(error.message)")
            }
        }
        return (
            try parse(backupEvery, "--backup-every"), try parse(deletionGrace, "--deletion-grace"), try parse(cleanupEvery, "--cleanup-every"),
            try parse(connectPageInterval, "--connect-page-interval", allowingZero: true),
            try parse(connectMailInterval, "--connect-mail-interval", allowingZero: true),
            try parse(reportMailInterval, "--report-mail-interval", allowingZero: true))
    }

    /// At most 40 scalars of a value, for an error message.
    private static func shown(_ value: String) -> String { String(String.UnicodeScalarView(value.unicodeScalars.prefix(40))) }

    private func mail() throws -> MailTransport {
        switch mailTransport ?? environment["DEVHUB_MAIL_TRANSPORT"] ?? "file" {
        case "smtp":
            let command = sendmailCommand ?? environment["DEVHUB_SENDMAIL_COMMAND"] ?? "/usr/bin/msmtp -t"
            var words = command.split(separator: " ").map(String.init)
            if let first = words.first, !first.hasPrefix("/") {
                words[0] = Self.which(first) ?? first
            }
            return .sendmail(command: words)
        case "resend":
            guard let key = environment["EMAIL_API_KEY"], !key.isEmpty else {
                throw ValidationError("the resend transport needs EMAIL_API_KEY in the environment")
            }
            return .resend(apiKey: key, baseURL: resendBaseURL ?? environment["DEVHUB_RESEND_BASE_URL"] ?? "https://api.resend.com")
        default:
            return .file(directory: mailDir ?? environment["DEVHUB_MAIL_DIR"] ?? "mail")
        }
    }

    private static func which(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
