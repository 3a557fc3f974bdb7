import Foundation
import Testing

/// The command-line client under test: a temporary `HOME` per test, the `devhub` binary run with it, and readers
/// for the client's JSON output.
final class CLIHome {
    /// The temporary folder standing in for `$HOME`.
    let home: URL
    /// `HOME/.devhub`.
    var configDirectory: URL { home.appendingPathComponent(".devhub") }
    /// `HOME/.devhub/config.json`.
    var configFile: URL { configDirectory.appendingPathComponent("config.json") }

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-cli-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: home) }

    /// Runs `devhub args` with `HOME` set to ``home`` (plus `environment`, and `input` on standard input).
    func run(_ args: [String], environment: [String: String] = [:], input: String? = nil) async -> RunResult {
        await Devhub.run(args, environment: ["HOME": home.path].merging(environment) { $1 }, input: input.map { Data($0.utf8) })
    }

    /// Runs `devhub args --json`, requires exit 0 and returns the output parsed as JSON.
    func json(_ args: [String], environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) async throws -> Any {
        let result = await run(args + ["--json"], environment: environment)
        try #require(result.status == 0, "devhub \(args.joined(separator: " ")) --json: \(result)", sourceLocation: sourceLocation)
        return try #require(
            try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8), options: [.fragmentsAllowed]),
            "devhub \(args.joined(separator: " ")) --json printed no JSON: \(result)", sourceLocation: sourceLocation)
    }

    /// ``json(_:environment:sourceLocation:)`` as an object.
    func object(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        try #require(try await json(args, sourceLocation: sourceLocation) as? [String: Any], "not a JSON object", sourceLocation: sourceLocation)
    }

    /// ``json(_:environment:sourceLocation:)`` as an array of objects.
    func objects(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> [[String: Any]] {
        try #require(try await json(args, sourceLocation: sourceLocation) as? [[String: Any]], "not a JSON array of objects", sourceLocation: sourceLocation)
    }

    /// The permission bits of `url`.
    static func mode(_ url: URL) throws -> Int {
        try #require((try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? NSNumber)?.intValue)
    }
}

enum CLI {
    /// Whether the server under test accepts API keys (`/api/keys` is in its OpenAPI document): without them the
    /// client cannot authenticate, and the client tests are skipped.
    static let serverHasAPIKeys: Bool = {
        let spec = Devhub.packageRoot.appendingPathComponent("Sources/DevhubServer/openapi.yaml")
        return (try? String(contentsOf: spec, encoding: .utf8))?.contains("\n  /api/keys:") == true
    }()

    /// The reason shown when ``serverHasAPIKeys`` is false.
    static let noKeysReason: Comment = "the server has no bearer API keys yet (POST /api/keys, branch keys): the CLI cannot authenticate"

    /// Whether `text` holds an ANSI escape (ESC).
    static func hasEscape(_ text: String) -> Bool { text.unicodeScalars.contains("\u{1B}") }

    /// Starts a CRM test server (frozen clock, no rate limit reached), signs an owner in, makes a read/write API key, logs the client in (the key on
    /// standard input) and runs `body`.
    static func run(_ body: (ServerProcess, CLIHome, _ session: String, _ key: String) async throws -> Void) async throws {
        try await CRM.run(["--api-key-rate-limit", "100000"]) { server in
            let session = try await server.verifiedSession("cli-owner@example.test")
            let key = try await server.createKey(session: session).key
            let home = try CLIHome()
            let login = await home.run(["login", "--url", server.appURL], input: key + "\n")
            try #require(login.status == 0, "devhub login: \(login)")
            try await body(server, home, session, key)
        }
    }
}
