import Foundation
import Testing

/// The webhook receiver (`Tests/Fixtures/webhook_receiver.py`): verifies each request with the Standard Webhooks
/// reference implementation (PyPI `standardwebhooks`) against the secrets the test gives it, answers as the test's
/// script says, and logs every request.
struct WebhookReceiver {
    static let script = Devhub.packageRoot.appendingPathComponent("Tests/Fixtures/webhook_receiver.py")

    let process: Process
    let port: Int
    let log: URL
    let config: URL

    /// `http://127.0.0.1:PORT` + `path`.
    func url(_ path: String = "/hook") -> String { "http://127.0.0.1:\(port)\(path)" }

    /// One logged request.
    struct Entry {
        var path: String
        var webhookID: String
        var timestamp: String
        var signatures: [String]
        /// Indexes of the configured secrets that verified it (empty: none did, answered 401).
        var verifiedWith: [Int]
        var status: Int
        var body: [String: Any]
        var receivedAt: Double
        var host: String
        var userAgent: String
        var contentType: String

        var type: String { body["type"] as? String ?? "" }
        var data: [String: Any] { body["data"] as? [String: Any] ?? [:] }
    }

    /// Starts the receiver with its files under `directory`; python from the project's `.venv` when there is one.
    static func start(in directory: URL) async throws -> WebhookReceiver {
        let port = try #require(HTTPClient.freePort(), "no free port")
        let log = directory.appendingPathComponent("webhook-requests-\(port).jsonl")
        let config = directory.appendingPathComponent("webhook-config-\(port).json")
        try Data(#"{"secrets": [], "script": []}"#.utf8).write(to: config)
        let venv = Devhub.packageRoot.appendingPathComponent(".venv/bin/python3")
        let process = Process()
        if FileManager.default.isExecutableFile(atPath: venv.path) {
            process.executableURL = venv
            process.arguments = [script.path, String(port), log.path, config.path]
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script.path, String(port), log.path, config.path]
        }
        process.environment = Devhub.childEnvironment
        process.standardOutput = FileHandle.nullDevice
        let errors = directory.appendingPathComponent("webhook-receiver-\(port).err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        var listening = false
        for _ in 0..<100 where !listening && process.isRunning {
            listening = ServerSocket.isListening(port: port)
            if !listening { try await Task.sleep(for: .milliseconds(100)) }
        }
        if !listening { kill(process.processIdentifier, SIGKILL) }
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        try #require(listening, "the webhook receiver never listened on \(port) (is standardwebhooks installed? make test-deps): \(stderr)")
        return WebhookReceiver(process: process, port: port, log: log, config: config)
    }

    /// Stops the receiver.
    func stop() async { await ServerProcess.forceStop(process) }

    /// Verifies with `secrets` from now on, answering with `script` (each entry once, then 200).
    func configure(secrets: [String], script: [[String: Any]] = []) throws {
        let data = try JSONSerialization.data(withJSONObject: ["secrets": secrets, "script": script])
        let temporary = config.appendingPathExtension("new")
        try data.write(to: temporary)
        // rename(2): the receiver reads either the old file or the new one, never half of one.
        try #require(rename(temporary.path, config.path) == 0, "could not replace \(config.path)")
    }

    /// Every request so far, in order.
    var entries: [Entry] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return Entry(
                path: object["path"] as? String ?? "", webhookID: object["webhook_id"] as? String ?? "",
                timestamp: object["timestamp"] as? String ?? "", signatures: object["signatures"] as? [String] ?? [],
                verifiedWith: object["verified_with"] as? [Int] ?? [], status: object["status"] as? Int ?? 0,
                body: object["body"] as? [String: Any] ?? [:], receivedAt: object["received_at"] as? Double ?? 0,
                host: object["host"] as? String ?? "", userAgent: object["user_agent"] as? String ?? "",
                contentType: object["content_type"] as? String ?? "")
        }
    }

    /// The requests carrying events of `type`.
    func entries(ofType type: String) -> [Entry] { entries.filter { $0.type == type } }
}

/// The webhook steps the tests share.
extension ServerProcess {
    /// `POST /api/webhooks`; fails unless it answers 201 with an id and a `whsec_` secret; returns (id, secret, object).
    func createWebhook(
        url: String, events: [String] = WebhookTests.allEvents, description: String = "test receiver", session: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (id: String, secret: String, object: [String: Any]) {
        let response = await post("/api/webhooks", json: ["url": url, "events": events, "description": description], session: session)
        try #require(response.status == 201, "POST /api/webhooks: \(response)", sourceLocation: sourceLocation)
        let object = try #require(response.object, "no JSON object: \(response)", sourceLocation: sourceLocation)
        let id = try #require(object["id"] as? String, "no id: \(response)", sourceLocation: sourceLocation)
        let secret = try #require(object["secret"] as? String, "no secret: \(response)", sourceLocation: sourceLocation)
        return (id, secret, object)
    }

    /// The endpoint's delivery log (`items`, newest first).
    func webhookDeliveries(_ id: String, session: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [[String: Any]] {
        let response = await get("/api/webhooks/\(id)/deliveries", session: session)
        try #require(response.status == 200, "GET deliveries: \(response)", sourceLocation: sourceLocation)
        return try #require(response.object?["items"] as? [[String: Any]], "no items: \(response)", sourceLocation: sourceLocation)
    }
}
