import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A running `devhub serve` on a free loopback port over its own ``TempSite`` (demo profiles imported
/// and built), with the file mail transport writing into ``mailDir`` and its output in ``log``.
final class ServerProcess {
    /// How long a test waits for something the server does in the background (a page regenerated, a mail
    /// written, a deploy hook run): a bound on a polling loop, never a timing assertion.
    static let pollWindow: Duration = .seconds(10)
    /// The session cookie's name over plain http.
    static let sessionCookieName = "devhub_session"

    /// The site the server serves and regenerates.
    let site: TempSite
    /// The loopback port it listens on.
    let port: Int
    /// Where the file transport writes `.eml` files.
    let mailDir: URL
    /// The server's combined stdout and stderr.
    let log: URL
    /// The child process.
    let process: Process

    /// `http://127.0.0.1:PORT`: both the app URL and where requests go.
    var appURL: String { "http://127.0.0.1:\(port)" }

    /// The headers a browser sends with a same-origin unsafe request.
    var sameOriginHeaders: [String: String] { ["Sec-Fetch-Site": "same-origin", "Origin": appURL] }

    private init(site: TempSite, port: Int, mailDir: URL, log: URL, process: Process) {
        self.site = site
        self.port = port
        self.mailDir = mailDir
        self.log = log
        self.process = process
    }

    // MARK: Starting and stopping

    /// A fresh ``TempSite`` with the demo profiles imported and built, as the server expects to find it.
    static func makeSite() async throws -> TempSite {
        let site = try TempSite()
        let imported = await site.importProfiles()
        try #require(imported.status == 0, "import failed: \(imported)")
        let built = await site.build()
        try #require(built.status == 0, "build failed: \(built)")
        return site
    }

    /// The `devhub serve` arguments every test passes, for `site` on `port` with mail into `mailDir`.
    static func baseArguments(site: TempSite, port: Int, mailDir: URL) -> [String] {
        let appURL = "http://127.0.0.1:\(port)"
        return [
            "serve", "--db", site.db.path, "--out", site.out.path, "--port", String(port),
            "--base-url", TempSite.baseURL, "--app-url", appURL, "--mail-dir", mailDir.path,
            "--content", site.content.path, "--templates", site.templates.path,
        ]
    }

    /// Starts the server (on `site`, or a new demo site) with `extraArguments` and waits until `/healthz` answers 200.
    static func start(
        _ extraArguments: [String] = [], site given: TempSite? = nil, environment: [String: String] = [:]
    ) async throws -> ServerProcess {
        let site: TempSite
        if let given { site = given } else { site = try await makeSite() }
        let port = try #require(HTTPClient.freePort(), "no free port")
        let mailDir = try site.directory("mail")
        let log = site.root.appendingPathComponent("serve-\(port).log")
        let arguments = baseArguments(site: site, port: port, mailDir: mailDir) + extraArguments
        let process = try Devhub.start(arguments, log: log, environment: environment)
        let server = ServerProcess(site: site, port: port, mailDir: mailDir, log: log, process: process)
        do {
            try await server.waitUntilHealthy()
        } catch {
            _ = await server.stop()
            throw error
        }
        return server
    }

    /// Starts a server, runs `body` with it and stops it with SIGTERM whatever happens, expecting a clean exit.
    static func run<T>(
        _ extraArguments: [String] = [], site: TempSite? = nil, environment: [String: String] = [:],
        _ body: (ServerProcess) async throws -> T
    ) async throws -> T {
        let server = try await start(extraArguments, site: site, environment: environment)
        let result: T
        do {
            result = try await body(server)
        } catch {
            _ = await server.stop()
            throw error
        }
        let status = await server.stop()
        #expect(status == 0, "the server did not exit 0 on SIGTERM (status \(status.map(String.init) ?? "none: killed")); log:\n\(server.logTail())")
        return result
    }

    /// Sends SIGTERM and waits (bounded) for the exit; returns the exit status, or nil when it had to be killed
    /// or died of a signal.
    func stop() async -> Int32? {
        if process.isRunning {
            process.terminate()
            for _ in 0..<150 where process.isRunning {
                try? await Task.sleep(for: .milliseconds(100))
            }
            if process.isRunning {
                await Self.forceStop(process)
                return nil
            }
        }
        return process.terminationReason == .exit ? process.terminationStatus : nil
    }

    /// Sends SIGKILL to `process` and waits (bounded) for it to go. Never `waitUntilExit()`: children inherit
    /// the test runner's blocked signals, so a Python child may ignore SIGTERM, and Foundation's
    /// `waitUntilExit()` spins a core while it waits.
    static func forceStop(_ process: Process) async {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<100 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The last `limit` characters of the server's log, for failure messages.
    func logTail(_ limit: Int = 4000) -> String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return String(text.suffix(limit))
    }

    // MARK: Waiting

    /// Polls `/healthz` (bounded) until it answers 200; fails with the log when it never does.
    private func waitUntilHealthy() async throws {
        for _ in 0..<150 {
            let health = await ServerHTTP.send("GET", appURL + "/healthz", timeout: 1)
            if health.status == 200 { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try #require(Bool(false), "the server never answered /healthz on port \(port); its log:\n\(logTail())")
    }

    /// Polls `/healthz` (bounded) until it reports `"pending_jobs": 0`: every queued job (mail, regeneration,
    /// deploy hooks) has run. Fails when the field is missing or the queue never drains.
    func waitUntilIdle() async throws {
        var last = ServerResponse(status: 0, headerLines: [], body: "")
        for _ in 0..<150 {
            last = await ServerHTTP.send("GET", appURL + "/healthz", timeout: 2)
            if let pending = last.object?["pending_jobs"] as? Int, pending == 0 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        try #require(Bool(false), "/healthz never reported pending_jobs 0; last answer: \(last)\nlog:\n\(logTail())")
    }

    /// Re-checks `condition` every 100 ms until it holds or ``pollWindow`` has passed; returns whether it held.
    func eventually(_ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + Self.pollWindow
        while true {
            if try await condition() { return true }
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Whether the output file at `path` exists and, when `text` is given, contains it; polled for ``pollWindow``.
    func eventuallyHasFile(_ path: String, containing text: String? = nil) async -> Bool {
        await eventually {
            guard site.exists(path) else { return false }
            guard let text else { return true }
            return (try? site.text(path))?.contains(text) == true
        }
    }

    // MARK: Requests

    /// The `Cookie` header for `session`.
    private func cookieHeader(_ session: String?) -> [String: String] {
        session.map { ["Cookie": "\(Self.sessionCookieName)=\($0)"] } ?? [:]
    }

    /// `GET path` (relative to the app URL), with the session cookie when given.
    func get(_ path: String, session: String? = nil, headers: [String: String] = [:]) async -> ServerResponse {
        await ServerHTTP.send("GET", appURL + path, headers: headers.merging(cookieHeader(session)) { $1 })
    }

    /// An unsafe request with a JSON body (or none); `headers` nil means a browser's same-origin headers.
    func send(
        _ method: String, _ path: String, json: Any? = nil, session: String? = nil, headers: [String: String]? = nil
    ) async -> ServerResponse {
        let all = (headers ?? sameOriginHeaders).merging(cookieHeader(session)) { $1 }
        if let json { return await ServerHTTP.sendJSON(method, appURL + path, json, headers: all) }
        return await ServerHTTP.send(method, appURL + path, headers: all)
    }

    /// `POST path` with a JSON body; see ``send(_:_:json:session:headers:)``.
    func post(_ path: String, json: Any? = nil, session: String? = nil, headers: [String: String]? = nil) async -> ServerResponse {
        await send("POST", path, json: json, session: session, headers: headers)
    }

    /// `PUT path` with a JSON body; see ``send(_:_:json:session:headers:)``.
    func put(_ path: String, json: Any? = nil, session: String? = nil, headers: [String: String]? = nil) async -> ServerResponse {
        await send("PUT", path, json: json, session: session, headers: headers)
    }
}
