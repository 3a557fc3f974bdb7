import DevhubCore
import DevhubSite
import DevhubStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// What ``buildApplication(_:)`` wires together.
public struct ServerDependencies: Sendable {
    public var configuration: ServerConfiguration
    public var settings: ServerSettings
    public var database: AppDatabase
    /// The generator, for regeneration after changes.
    public var builder: SiteBuilder
    /// The templates directory (the server's pages live in its `app/` folder).
    public var templatesDirectory: String
    public var siteSettings: SiteSettings
    public var logger: Logger
    /// What `/metrics` reports (the caller may count the startup build into it first).
    public var metrics: ServerMetrics
    /// Derives Quick Connect tokens; the same key the builder's ``QuickConnectCodeSource`` uses.
    public var secretKey: ServerSecretKey

    public init(
        configuration: ServerConfiguration, settings: ServerSettings, database: AppDatabase, builder: SiteBuilder,
        templatesDirectory: String, siteSettings: SiteSettings, logger: Logger, metrics: ServerMetrics = ServerMetrics(),
        secretKey: ServerSecretKey
    ) {
        self.secretKey = secretKey
        self.configuration = configuration
        self.settings = settings
        self.database = database
        self.builder = builder
        self.templatesDirectory = templatesDirectory
        self.siteSettings = siteSettings
        self.logger = logger
        self.metrics = metrics
    }
}

/// Builds the server (tests build the same one): the static site as a CDN would serve it, the private
/// routes under `/api/` and `/app/`, the verification link, the rebuild hook, `/healthz`, `/metrics`, and the job worker.
public func buildApplication(_ dependencies: ServerDependencies) throws -> some ApplicationProtocol {
    let settings = dependencies.settings
    let database = dependencies.database
    let logger = dependencies.logger
    let metrics = dependencies.metrics
    var policy = SessionPolicy()
    policy.idleMilliseconds = settings.sessionIdleSeconds * 1000
    policy.absoluteMilliseconds = settings.sessionAbsoluteSeconds * 1000
    let recorder = BuildRecorder(metrics: metrics, database: database, logger: logger)
    let emitter = WebhookEmitter(database: database, logger: logger)
    let regenerator = Regenerator(builder: dependencies.builder, logger: logger, recorder: recorder) { report in
        emitter.profilesPublished(report, baseURL: settings.baseURL)
        if settings.publishing != nil { try database.enqueuePublish() }
        guard !settings.deployHooks.isEmpty else { return }
        try database.enqueueJob(.runDeployHooks(DeployPaths.sealed(report)))
    }
    let builder = dependencies.builder
    let githubHTTP = GitHubHTTP()
    let services = AppServices(
        database: database, settings: settings, hasher: PasswordHasher(), limiter: RateLimiter(),
        mail: MailComposer(appURL: settings.appURL, siteTitle: dependencies.siteSettings.title),
        pages: try AppPages(directory: dependencies.templatesDirectory, settings: dependencies.siteSettings),
        markdown: Markdown(), sessionPolicy: policy, regenerator: regenerator, connectRenderer: builder.connectRenderer,
        secretKey: dependencies.secretKey, github: GitHubProfiles(database: database, settings: settings, logger: logger, http: githubHTTP), githubHTTP: githubHTTP,
        domains: DomainVerifier(
            database: database, resolver: settings.dnsResolver, siteHost: settings.baseHost, schedule: settings.domainSchedule, logger: logger),
        metrics: metrics)

    let worker = JobWorker(
        database: database, logger: logger, metrics: metrics, leaseSeconds: settings.jobLeaseSeconds, schedule: settings.retrySchedule,
        recurrence: { JobHandler.recurrence(of: $0, settings: settings) }
    ) { job in
        try await JobHandler(services: services, regenerator: regenerator, logger: logger).run(job)
    }
    try database.enqueueJobUnlessPending(.cleanup)
    try database.enqueueJobUnlessPending(.digestSweep(DigestSweepJob(once: false)))
    try database.enqueueJobUnlessPending(.domainChecks)
    if settings.backup.directory != nil { try database.enqueueJobUnlessPending(.backup) }
    for userID in try database.gitHubSyncOwners() {
        try database.enqueueJobUnlessPending(.githubSync(GitHubSyncJob(userID: userID, paced: true)))
    }

    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    let apiRoutes = APIRouteTable()
    router.add(middleware: RequestObserverMiddleware(metrics: metrics))
    router.add(middleware: StaticSiteMiddleware(
        outputDirectory: dependencies.configuration.outputDirectory, baseOrigin: SiteFiles.origin(of: settings.baseURL),
        appOrigin: settings.appOrigin,
        routing: HostRouting(baseHost: settings.baseHost, appHost: settings.appHost) { host in
            (try? database.isPublishedDomain(host)) ?? false
        },
        logger: logger))
    router.add(middleware: APIErrorMiddleware(routes: apiRoutes))

    HealthController(database: database).addRoutes(to: router)
    MetricsController(services: services).addRoutes(to: router)
    VerifyAndHooksController(services: services).addRoutes(to: router)
    ConnectFormController(services: services).addRoutes(to: router)
    ReportFormController(services: services).addRoutes(to: router)

    let session = SessionMiddleware(database: database, cookieName: settings.sessionCookieName, policy: policy)
    let csrf = CSRFMiddleware(appOrigin: settings.appOrigin, cookieName: settings.sessionCookieName)
    let api = router.group("api")
        .add(middleware: RateLimitMiddleware(limiter: services.limiter, limit: settings.apiRequestsPerMinute, clientAddress: services.clientAddress))
        .add(middleware: APIKeyMiddleware(database: database, limiter: services.limiter, limit: settings.apiKeyRequestsPerMinute))
        .add(middleware: session)
        .add(middleware: csrf)
    AuthAPIController(services: services).addRoutes(to: api.group("auth"))
    ProfileAPIController(services: services).addRoutes(to: api)
    CRMAPIController(services: services).addRoutes(to: api)
    AccountAPIController(services: services).addRoutes(to: api)
    QuickConnectAPIController(services: services).addRoutes(to: api)
    APIKeysAPIController(services: services).addRoutes(to: api)
    SyncAPIController(services: services).addRoutes(to: api)
    WebhookAPIController(services: services).addRoutes(to: api)
    InsightsAPIController(services: services).addRoutes(to: api)
    GitHubAPIController(services: services).addRoutes(to: api)
    AdminAPIController(services: services).addRoutes(to: api.group("admin").add(middleware: AdminGate(database: database, answer: .api, pages: services.pages)))
    api.get("openapi.yaml") { _, _ -> Response in
        var headers = HTTPFields()
        headers[.contentType] = "application/yaml; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.text)))
    }
    let app = router.group("app")
        .add(middleware: FormRateLimitMiddleware(
            limiter: services.limiter, limit: settings.formRequestsPerMinute, pages: services.pages, clientAddress: services.clientAddress))
        .add(middleware: session)
        .add(middleware: csrf)
    PagesController(services: services).addRoutes(to: app)
    ContactPagesController(services: services).addRoutes(to: app)
    CRMHomePagesController(services: services).addRoutes(to: app)
    QuickConnectPagesController(services: services).addRoutes(to: app)
    APIKeyPagesController(services: services).addRoutes(to: app)
    WebhookPagesController(services: services).addRoutes(to: app)
    NetworkPagesController(services: services).addRoutes(to: app)
    GitHubPagesController(services: services).addRoutes(to: app)
    AdminPagesController(services: services).addRoutes(to: app.group("admin").add(middleware: AdminGate(database: database, answer: .pages, pages: services.pages)))
    apiRoutes.load(router.routes.map { ($0.path, $0.method) })

    let configuration = dependencies.configuration
    return Application(
        router: router,
        server: .http1(configuration: .init(
            additionalChannelHandlers: [ExpectContinueHandler()], idleTimeout: .seconds(configuration.idleTimeoutSeconds))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        services: [worker],
        logger: logger
    )
}

/// The OpenAPI description shipped with the server target.
enum OpenAPIDocument {
    static let text: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "openapi: 3.1.0\n" }
        return text
    }()
}
