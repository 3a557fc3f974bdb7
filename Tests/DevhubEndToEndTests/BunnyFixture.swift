import Foundation
import Testing

/// The local Bunny stand-in (`Tests/Fixtures/bunny_fixture_server.py`): storage zone on disk, purge log, request
/// log, and faults the test switches on by writing ``faultsFile``.
struct BunnyFixture {
    static let script = Devhub.packageRoot.appendingPathComponent("Tests/Fixtures/bunny_fixture_server.py")
    static let zone = "devhub-test"
    static let storageKey = "storage-password-7f3a9c"
    static let apiKey = "account-api-key-51be0d"
    static let pullZone = "4242"

    let process: Process
    let port: Int
    let root: URL
    let log: URL
    let faultsFile: URL

    var url: String { "http://127.0.0.1:\(port)" }
    /// The zone's files on disk.
    var zoneRoot: URL { root.appendingPathComponent(Self.zone) }

    /// Starts the fixture with its files under `directory`.
    static func start(in directory: URL) async throws -> BunnyFixture {
        let port = try #require(HTTPClient.freePort(), "no free port")
        let root = directory.appendingPathComponent("bunny-storage")
        let log = directory.appendingPathComponent("bunny-requests.jsonl")
        let faults = directory.appendingPathComponent("bunny-faults.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, String(port), root.path, zone, storageKey, apiKey, log.path, faults.path]
        process.environment = Devhub.childEnvironment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var listening = false
        for _ in 0..<100 where !listening && process.isRunning {
            listening = ServerSocket.isListening(port: port)
            if !listening { try await Task.sleep(for: .milliseconds(100)) }
        }
        if !listening { kill(process.processIdentifier, SIGKILL) }
        try #require(listening, "the Bunny fixture never listened on \(port)")
        return BunnyFixture(process: process, port: port, root: root, log: log, faultsFile: faults)
    }

    /// Stops the fixture.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Turns faults on (`config` as the fixture documents it) or off (nil).
    func setFaults(_ config: [String: Any]?) throws {
        if let config {
            try JSONSerialization.data(withJSONObject: config).write(to: faultsFile)
        } else {
            try? FileManager.default.removeItem(at: faultsFile)
        }
    }

    /// Every request so far: method, path (percent-encoded, as sent) and status (a number, or "dropped").
    var requests: [(method: String, path: String, status: String)] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let method = object["method"] as? String, let path = object["path"] as? String
            else { return nil }
            return (method, path, "\(object["status"] ?? "")")
        }
    }

    /// The output paths stored by a successful PUT so far, in order.
    var uploads: [String] {
        requests.filter { $0.method == "PUT" && $0.status == "201" }.map { Self.outputPath($0.path) }
    }

    /// The output paths removed by a successful DELETE so far, in order.
    var deletions: [String] {
        requests.filter { $0.method == "DELETE" && $0.status == "200" }.map { Self.outputPath($0.path) }
    }

    /// Every URL purged so far, in order.
    var purges: [String] {
        let text = (try? String(contentsOf: URL(fileURLWithPath: log.path + ".purges"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// `/devhub-test/%40ada/index.html` → `@ada/index.html`.
    static func outputPath(_ requestPath: String) -> String {
        let decoded = requestPath.removingPercentEncoding ?? requestPath
        return String(decoded.dropFirst(zone.utf8.count + 2))
    }

    /// `devhub publish` of `site` to this fixture (the zone, the pull zone, both keys; `key` replaces the storage key).
    func publish(_ site: TempSite, key: String = storageKey, _ extra: [String] = []) async -> RunResult {
        await Devhub.run([
            "publish", "--db", site.db.path, "--out", site.out.path, "--base-url", TempSite.baseURL,
            "--content", site.content.path, "--templates", site.templates.path,
            "--bunny-storage-zone", Self.zone, "--bunny-storage-endpoint", url,
            "--bunny-pull-zone", Self.pullZone, "--bunny-api-url", url,
        ] + extra, in: site.root, environment: ["BUNNY_STORAGE_KEY": key, "BUNNY_API_KEY": Self.apiKey])
    }
}

/// The summary line of `devhub publish`: `U uploaded, S skipped, D deleted, P purged in T s`.
struct PublishSummary: Equatable {
    var uploaded: Int
    var skipped: Int
    var deleted: Int
    var purged: Int

    init(uploaded: Int, skipped: Int, deleted: Int, purged: Int) {
        self.uploaded = uploaded
        self.skipped = skipped
        self.deleted = deleted
        self.purged = purged
    }

    /// Parses the last summary line in `output`; nil when there is none.
    init?(_ output: String) {
        let pattern = #/^(\d+) uploaded, (\d+) skipped, (\d+) deleted, (\d+) purged in [0-9.]+ s$/#
        guard let match = output.split(separator: "\n").reversed().lazy.compactMap({ $0.firstMatch(of: pattern) }).first,
              let uploaded = Int(match.1), let skipped = Int(match.2), let deleted = Int(match.3), let purged = Int(match.4)
        else { return nil }
        self.init(uploaded: uploaded, skipped: skipped, deleted: deleted, purged: purged)
    }
}
