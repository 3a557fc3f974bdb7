import DevhubCore
import DevhubServer
import DevhubSite
import DevhubStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The real server (``buildApplication(_:)``, every route and middleware) over an in-memory database and a temporary
/// output folder, driven through HummingbirdTesting's router mode: requests go straight to the router, no socket, no process.
/// The job worker runs as the application's service; tests do not wait for it.
struct InProcessApp: Sendable {
    /// The package's root folder (`site-templates/` lives there), found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A password that passes the policy.
    static let password = "correct-horse-battery-staple-42"

    /// The database the application runs on.
    let database: AppDatabase
    /// The client of the running router.
    let client: any TestClientProtocol

    /// Builds the application in a fresh temporary folder, runs `body` against it and removes the folder.
    static func run(_ body: @Sendable (InProcessApp) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-inprocess-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("output").path
        let mail = folder.appendingPathComponent("mail").path
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: mail, withIntermediateDirectories: true)

        let database = try AppDatabase.inMemory()
        let templates = packageRoot.appendingPathComponent("site-templates").path
        let siteSettings = SiteSettings(baseURL: "http://localhost:8080")
        let secretKey = ServerSecretKey.random()
        var logger = Logger(label: "devhub.inprocess-test")
        logger.logLevel = .warning
        let outputDirectory = try OutputDirectory(path: output)
        let builder = SiteBuilder(
            source: database, manifest: try SQLiteBuildManifest(database: database, outputDirectory: outputDirectory.root),
            output: outputDirectory, context: RenderContext(settings: siteSettings, templates: try SiteTemplates(directory: templates)),
            logger: logger, concurrency: 1, collectsPaths: true, quickConnect: QuickConnectCodeSource(database: database, key: secretKey))
        let settings = ServerSettings(
            baseURL: siteSettings.baseURL, appURL: siteSettings.appURL, mail: .file(directory: mail),
            deployHooks: DeployHooks(command: nil, webhooks: [], outputDirectory: output))
        let app = try buildApplication(ServerDependencies(
            configuration: ServerConfiguration(outputDirectory: output), settings: settings, database: database, builder: builder,
            templatesDirectory: templates, siteSettings: siteSettings, logger: logger, metrics: ServerMetrics(), secretKey: secretKey))
        try await app.test(.router) { client in
            try await body(InProcessApp(database: database, client: client))
        }
    }

    // MARK: Requests

    /// One answer, read.
    struct Answer: CustomStringConvertible {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String

        /// `body` decoded as `type`; fails the test when it is not.
        func decode<T: Decodable>(_ type: T.Type = T.self, sourceLocation: SourceLocation = #_sourceLocation) throws -> T {
            do { return try JSONDecoder().decode(type, from: Data(body.utf8)) } catch {
                Issue.record("not a \(type): \(self) (\(error))", sourceLocation: sourceLocation)
                throw error
            }
        }

        /// The body in the documented error shape, or nil when it is not.
        var error: ErrorBody.Detail? { try? JSONDecoder().decode(ErrorBody.self, from: Data(body.utf8)).error }

        var description: String { "\(status.code) \(body.prefix(500))" }
    }

    /// `METHOD path` with an optional raw JSON body, session cookie or bearer key.
    func send(
        _ method: HTTPRequest.Method, _ path: String, json: String? = nil, session: String? = nil, key: String? = nil
    ) async throws -> Answer {
        var headers = HTTPFields()
        if json != nil { headers[.contentType] = "application/json" }
        if let session { headers[.cookie] = "devhub_session=\(session)" }
        if let key { headers[.authorization] = "Bearer \(key)" }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        return Answer(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }

    // MARK: Accounts

    /// Signs `email` up through the API (202), verifies it as the operator would (`devhub user verify`: the link's
    /// mail goes out through the job worker, which the tests do not wait for), logs in and returns the session.
    func verifiedSession(_ email: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let signUp = try await send(.post, "/api/auth/signup", json: #"{"email": "\#(email)", "password": "\#(Self.password)"}"#)
        try #require(signUp.status == .accepted, "sign-up: \(signUp)", sourceLocation: sourceLocation)
        let account = try #require(try database.account(email: EmailAddress(email)), "no account for \(email)", sourceLocation: sourceLocation)
        try database.markVerified(userID: account.id)
        return try await session(email, sourceLocation: sourceLocation)
    }

    /// Logs in and returns the session cookie's value; fails unless the answer is 200 with the cookie.
    func session(_ email: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let login = try await send(.post, "/api/auth/login", json: #"{"email": "\#(email)", "password": "\#(Self.password)"}"#)
        try #require(login.status == .ok, "log-in: \(login)", sourceLocation: sourceLocation)
        let cookie = login.headers[values: .setCookie].first { $0.hasPrefix("devhub_session=") }
        let value = try #require(cookie?.dropFirst("devhub_session=".count).prefix { $0 != ";" }, "no session cookie: \(login.headers)",
                                 sourceLocation: sourceLocation)
        try #require(!value.isEmpty, "empty session cookie", sourceLocation: sourceLocation)
        return String(value)
    }
}

/// `{"error": {"code", "message", "details": [{"field", "message"}]}}`.
struct ErrorBody: Decodable {
    struct Detail: Decodable {
        struct Field: Decodable { var field: String; var message: String }
        var code: String
        var message: String
        var details: [Field]
    }
    var error: Detail
}
