import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The local GitHub (`Tests/Fixtures/github_fixture_server.py`) for the sync tests: its recorded requests and its admin
/// endpoints (change a user's data, force a rate limit, read the OAuth tokens it handed out).
struct GitHubSyncFixture {
    let process: Process
    let port: Int
    let log: URL

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// One recorded request to GitHub's paths.
    struct Request {
        var method: String
        var path: String
        var status: Int
        var headers: [String: String]
        /// When the fixture answered (epoch seconds).
        var time: Double

        /// Header `name`, looked up case-insensitively.
        func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
    }

    /// Starts the fixture with its log under `directory` and waits until it listens.
    static func start(in directory: URL) async throws -> GitHubSyncFixture {
        let port = try #require(HTTPClient.freePort(), "no free port")
        let log = directory.appendingPathComponent("github-\(port).jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", QuickConnectGitHubTests.fixtureScript.path, String(port), log.path]
        process.environment = Devhub.childEnvironment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var listening = false
        for _ in 0..<100 where !listening && process.isRunning {
            listening = ServerSocket.isListening(port: port)
            if !listening { try await Task.sleep(for: .milliseconds(100)) }
        }
        if !listening { await ServerProcess.forceStop(process) }
        try #require(listening, "the GitHub fixture never listened on \(port)")
        return GitHubSyncFixture(process: process, port: port, log: log)
    }

    func stop() async { await ServerProcess.forceStop(process) }

    /// Re-checks `condition` every 100 ms for at most 15 s (a bound on the wait, never a timing assertion); whether it held.
    static func poll(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<150 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return condition()
    }

    /// Every recorded request, in order.
    var requests: [Request] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return Request(method: object["method"] as? String ?? "", path: object["path"] as? String ?? "",
                           status: object["status"] as? Int ?? 0, headers: object["headers"] as? [String: String] ?? [:],
                           time: object["t"] as? Double ?? 0)
        }
    }

    /// The recorded requests for user `login`'s resources.
    func requests(for login: String) -> [Request] { requests.filter { $0.path.hasPrefix("/users/\(login)") } }

    /// `METHOD /_admin/path` with a JSON body; fails unless the fixture answers 200.
    func admin(_ method: String, _ path: String, _ json: Any = [String: Any](), sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let answer = await ServerHTTP.sendJSON(method, baseURL + "/_admin" + path, json)
        try #require(answer.status == 200, "fixture \(method) \(path): \(answer)", sourceLocation: sourceLocation)
    }

    /// The access tokens the OAuth exchange handed out.
    func issuedTokens() async -> [String] {
        let answer = await ServerHTTP.send("GET", baseURL + "/_admin/tokens")
        return answer.object?["tokens"] as? [String] ?? []
    }
}

/// Starting a server wired to the fixture, and reading what the sync stored.
enum GitHubSyncRun {
    /// The server arguments of the sync tests: the fixture, no API rate limit reached, a retry schedule that does not wait.
    static func arguments(_ fixture: GitHubSyncFixture) -> [String] {
        ["--api-rate-limit", "100000", "--github-api-url", fixture.baseURL, "--webhooks-allow-private", "--retry-schedule", "1s,1s,1s"]
    }

    /// Starts the fixture and a server (plus `extra`), runs `body`, stops both.
    static func run(_ extra: [String] = [], environment: [String: String] = [:], site given: TempSite? = nil,
                    _ body: (ServerProcess, GitHubSyncFixture) async throws -> Void) async throws {
        let site: TempSite
        if let given { site = given } else { site = try await ServerProcess.makeSite() }
        let fixture = try await GitHubSyncFixture.start(in: site.root)
        do {
            try await ServerProcess.run(arguments(fixture) + extra, site: site, environment: environment) { server in
                try await body(server, fixture)
            }
        } catch {
            await fixture.stop()
            throw error
        }
        await fixture.stop()
    }
}

extension ServerProcess {
    /// The insights stored for the owner `userID`, oldest first: `type`, `title` and the contact's id.
    func insights(_ userID: String) async throws -> [(type: String, title: String, contact: String)] {
        let text = try await SQLiteFile.query(site.db.path, """
            SELECT type || char(9) || title || char(9) || contact_id FROM github_insights WHERE user_id = '\(userID)' ORDER BY created_at, id
            """)
        return text.split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : "")
        }
    }

    /// Turns the owner's GitHub sync on through `PUT /api/settings`.
    func turnGitHubSyncOn(session: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let answer = await put("/api/settings", json: ["github_sync": true], session: session)
        try #require(answer.status == 200 && answer.object?["github_sync"] as? Bool == true, "PUT /api/settings: \(answer)", sourceLocation: sourceLocation)
    }

    /// `POST /api/github/sync` (202), then waits until every queued job has run.
    func syncGitHubNow(session: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let answer = await post("/api/github/sync", session: session)
        try #require(answer.status == 202, "POST /api/github/sync: \(answer)", sourceLocation: sourceLocation)
        try await waitUntilIdle()
    }
}
