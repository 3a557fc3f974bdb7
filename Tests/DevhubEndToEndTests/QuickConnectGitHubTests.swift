import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The form's GitHub prefill, `GET /api/github/{username}`, against a local stand-in for GitHub's REST API that
/// replays its documented answers and records every request (`Tests/Fixtures/github_fixture_server.py`).
///
/// These servers run on the real clock (no `--fixed-time`): the fixture's `x-ratelimit-reset` is one hour after the
/// real now, and the server's cache and rate-limit pause are measured against the same clock.
@Suite("Quick Connect: GitHub prefill", .enabled(if: Devhub.hasTool("curl") && Devhub.hasTool("python3"), "needs curl and python3"))
struct QuickConnectGitHubTests {
    static let fixtureScript = Devhub.packageRoot.appendingPathComponent("Tests/Fixtures/github_fixture_server.py")
    /// The ETag the fixture sends with octocat's profile (`OCTOCAT_ETAG` in the fixture).
    static let octocatETag = "W/\"5b0e1c8a3f2d4e6b9a7c1d0e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a\""
    /// What the server answers for octocat: the six documented keys, from the fixture's recorded profile.
    static var octocat: [String: Any] { [
        "login": "octocat", "name": "The Octocat", "company": "@github", "blog": "https://github.blog",
        "location": "San Francisco", "bio": NSNull(),
    ] }
    /// The server arguments of every test here: a limit on API requests no test reaches.
    static let serverArguments = ["--api-rate-limit", "100000"]

    // MARK: The fixture

    /// A running fixture: its port and the requests it recorded.
    struct GitHubFixture {
        let process: Process
        let port: Int
        let log: URL

        var baseURL: String { "http://127.0.0.1:\(port)" }

        /// Every recorded request: `method`, `path` and `headers` (names as sent).
        var requests: [[String: Any]] {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }

        /// The recorded requests for `path`.
        func requests(to path: String) -> [[String: Any]] { requests.filter { $0["path"] as? String == path } }

        /// Header `name` of a recorded request, looked up case-insensitively.
        static func header(_ name: String, of request: [String: Any]) -> String? {
            (request["headers"] as? [String: Any] ?? [:]).first { $0.key.lowercased() == name.lowercased() }?.value as? String
        }
    }

    /// Starts the fixture, then a server with `--github-api-url` pointing at it (plus `extra`), runs `body`, and stops both.
    func withGitHub<T>(_ extra: [String] = [], _ body: (ServerProcess, GitHubFixture) async throws -> T) async throws -> T {
        let site = try await ServerProcess.makeSite()
        let port = try #require(HTTPClient.freePort(), "no free port")
        let log = site.root.appendingPathComponent("github-requests.jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.fixtureScript.path, String(port), log.path]
        process.environment = Devhub.childEnvironment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { kill(process.processIdentifier, SIGKILL) }
        var listening = false
        for _ in 0..<100 where !listening && process.isRunning {
            listening = ServerSocket.isListening(port: port)
            if !listening { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(listening, "the GitHub fixture never listened on \(port)")
        let fixture = GitHubFixture(process: process, port: port, log: log)
        return try await ServerProcess.run(Self.serverArguments + ["--github-api-url", fixture.baseURL] + extra, site: site) { server in
            try await body(server, fixture)
        }
    }

    /// `GET /api/github/{username}` without a session, as the CDN-served form's script sends it.
    func lookUp(_ username: String, on server: ServerProcess) async -> ServerResponse {
        await server.get("/api/github/\(username)", headers: ["Origin": TempSite.baseURL])
    }

    /// Whether `response` is 200 with exactly octocat's six documented fields.
    static func isOctocat(_ response: ServerResponse) -> Bool {
        guard response.status == 200, let object = response.object else { return false }
        return JSONValue.canonical(object) == JSONValue.canonical(octocat)
    }

    // MARK: Tests

    @Test("octocat answers 200 with login, name, company, blog, location and bio, from one request with GitHub's headers")
    func profileShape() async throws {
        try await withGitHub { server, github in
            let response = await lookUp("octocat", on: server)
            #expect(response.status == 200, "GET /api/github/octocat: \(response)")
            let object = try #require(response.object, "no JSON object: \(response)")
            #expect(Set(object.keys) == Set(Self.octocat.keys), "keys: \(object.keys.sorted())")
            #expect(Self.isOctocat(response), "answer: \(response.body)")
            #expect(JSONValue.isNull(object["bio"]), "GitHub's null bio is not null: \(object["bio"] ?? "missing")")
            #expect(response.header("access-control-allow-origin") == TempSite.baseURL, "CORS: \(response)")

            let sent = github.requests(to: "/users/octocat")
            try #require(sent.count == 1, "requests to /users/octocat: \(github.requests)")
            let request = sent[0]
            #expect(request["method"] as? String == "GET")
            #expect(GitHubFixture.header("User-Agent", of: request)?.hasPrefix("devhub") == true, "User-Agent: \(request)")
            #expect(GitHubFixture.header("Accept", of: request) == "application/vnd.github+json", "Accept: \(request)")
            #expect(GitHubFixture.header("X-GitHub-Api-Version", of: request) == "2022-11-28", "X-GitHub-Api-Version: \(request)")
            #expect(GitHubFixture.header("If-None-Match", of: request) == nil, "a first lookup is conditional: \(request)")
        }
    }

    @Test("a repeat within --github-cache-seconds is answered from the cache: GitHub sees one request")
    func repeatIsCached() async throws {
        try await withGitHub { server, github in
            let first = await lookUp("octocat", on: server)
            let second = await lookUp("octocat", on: server)
            #expect(Self.isOctocat(first), "first: \(first)")
            #expect(Self.isOctocat(second), "second: \(second)")
            #expect(github.requests(to: "/users/octocat").count == 1, "requests: \(github.requests)")
        }
    }

    @Test("with --github-cache-seconds 0 the repeat sends If-None-Match with the ETag; the 304 still answers 200 with the profile")
    func revalidatesWithETag() async throws {
        try await withGitHub(["--github-cache-seconds", "0"]) { server, github in
            let first = await lookUp("octocat", on: server)
            let second = await lookUp("octocat", on: server)
            #expect(Self.isOctocat(first), "first: \(first)")
            #expect(Self.isOctocat(second), "second (after a 304): \(second)")
            let sent = github.requests(to: "/users/octocat")
            try #require(sent.count == 2, "with no cache time every lookup asks GitHub: \(github.requests)")
            #expect(GitHubFixture.header("If-None-Match", of: sent[0]) == nil, "first request: \(sent[0])")
            #expect(GitHubFixture.header("If-None-Match", of: sent[1]) == Self.octocatETag, "second request: \(sent[1])")
        }
    }

    @Test("a user GitHub does not know answers 404 not_found, and that answer is cached too")
    func unknownUser() async throws {
        try await withGitHub { server, github in
            for _ in 0..<2 {
                let response = await lookUp("no-such-user-here", on: server)
                #expect(response.status == 404 && response.errorCode == "not_found", "GET /api/github/no-such-user-here: \(response)")
            }
            #expect(github.requests(to: "/users/no-such-user-here").count == 1, "requests: \(github.requests)")
        }
    }

    @Test("a username outside 1-39 of [A-Za-z0-9-] without a leading hyphen answers 422 naming username, without asking GitHub")
    func invalidUsername() async throws {
        try await withGitHub { server, github in
            for username in ["-leading", "under_score", String(repeating: "a", count: 40), "dot.ted"] {
                let response = await lookUp(username, on: server)
                #expect(response.status == 422 && response.errorCode == "validation_failed", "\(username): \(response)")
                #expect(response.errorFields.contains("username"), "\(username): fields \(response.errorFields)")
            }
            #expect(github.requests.isEmpty, "invalid names reached GitHub: \(github.requests)")
            // The longest valid name is looked up (and unknown to the fixture).
            let longest = String(repeating: "a", count: 39)
            let valid = await lookUp(longest, on: server)
            #expect(valid.status == 404, "a 39-character name: \(valid)")
            #expect(github.requests(to: "/users/\(longest)").count == 1, "requests: \(github.requests)")
        }
    }

    @Test("GitHub's rate limit answers 503 github_unavailable with Retry-After; until the reset GitHub is not asked, cached profiles still answer")
    func rateLimited() async throws {
        // No cache time: without the rate-limit pause every lookup of octocat would go to GitHub.
        try await withGitHub(["--github-cache-seconds", "0"]) { server, github in
            #expect(Self.isOctocat(await lookUp("octocat", on: server)), "octocat before the limit")
            let limited = await lookUp("ratelimited", on: server)
            #expect(limited.status == 503 && limited.errorCode == "github_unavailable", "rate-limited lookup: \(limited)")
            let retryAfter = limited.retryAfterSeconds ?? 0
            #expect(retryAfter > 0 && retryAfter <= 3700, "Retry-After (reset is an hour away): \(limited)")
            let asked = github.requests.count

            let uncached = await lookUp("someone-uncached", on: server)
            #expect(uncached.status == 503 && uncached.errorCode == "github_unavailable", "an uncached user during the pause: \(uncached)")
            let cached = await lookUp("octocat", on: server)
            #expect(Self.isOctocat(cached), "a cached profile during the pause: \(cached)")
            #expect(github.requests.count == asked, "GitHub was asked during the pause: \(github.requests.dropFirst(asked).map { $0["path"] ?? "" })")
        }
    }

    @Test("an unreachable GitHub answers 503 github_unavailable")
    func unreachable() async throws {
        let closed = try #require(HTTPClient.freePort(), "no free port")
        try #require(!ServerSocket.isListening(port: closed), "something listens on the 'free' port \(closed)")
        try await ServerProcess.run(Self.serverArguments + ["--github-api-url", "http://127.0.0.1:\(closed)"]) { server in
            let response = await lookUp("octocat", on: server)
            #expect(response.status == 503 && response.errorCode == "github_unavailable", "GitHub unreachable: \(response)")
            // Input is still checked first.
            let invalid = await lookUp("-bad", on: server)
            #expect(invalid.status == 422, "an invalid name with GitHub unreachable: \(invalid)")
        }
    }
}
