import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The transports that leave the machine over HTTP — Resend's email API and deploy webhooks — against a
/// local server that records requests and answers as Resend documents (`Tests/Fixtures/recording_http_server.py`).
@Suite("Server: Resend and deploy webhooks", .enabled(if: Devhub.hasTool("curl") && Devhub.hasTool("python3"), "needs curl and python3"))
struct ServerExternalHTTPTests {
    static let fixture = Devhub.packageRoot.appendingPathComponent("Tests/Fixtures/recording_http_server.py")

    @Test("sign-up mail goes to Resend's /emails with the bearer key; a profile save POSTs its paths to the webhook")
    func resendAndWebhook() async throws {
        // The key reaches the server through the environment, as EMAIL_API_KEY does in production.
        setenv("EMAIL_API_KEY", "re_test_0123456789", 1)
        let site = try await ServerProcess.makeSite()
        let port = try #require(HTTPClient.freePort(), "no free port")
        let requests = site.root.appendingPathComponent("requests.jsonl")
        let fake = try start(port: port, log: requests)
        defer { kill(fake.processIdentifier, SIGKILL) }
        var listening = false
        for _ in 0..<100 where !listening && fake.isRunning {
            listening = ServerSocket.isListening(port: port)
            if !listening { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(listening, "the recording server never listened on \(port)")
        let base = "http://127.0.0.1:\(port)"

        try await ServerProcess.run(
            ["--mail-transport", "resend", "--resend-base-url", base, "--deploy-webhook", base + "/deploy"], site: site
        ) { server in
            let email = "resend-user@example.test"
            #expect(await server.signUp(email).status == 202)
            try await server.waitUntilIdle()
            let sent = try recorded(requests).filter { $0["path"] as? String == "/emails" }
            try #require(sent.count == 1, "expected one POST /emails, got \(sent.count)")
            let headers = sent[0]["headers"] as? [String: String] ?? [:]
            #expect(headers["Authorization"] == "Bearer re_test_0123456789")
            let body = try #require(try JSONSerialization.jsonObject(with: Data((sent[0]["body"] as? String ?? "").utf8)) as? [String: Any])
            #expect(body["to"] as? [String] == [email])
            #expect(body["subject"] as? String == "Verify your Devhub email address")
            let text = body["text"] as? String ?? ""
            #expect(text.contains("\(server.appURL)/verify-email?token="), "no verification link in: \(text)")

            // Verify through the link Resend was given, then save a profile: the webhook gets the written paths.
            let token = try #require(text.split(separator: "=").last.map { String($0.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) })
            #expect(await server.verifyEmail(token: token).status == 200)
            let session = try await server.session(email)
            #expect(await server.saveProfile(ProfileJSON.make(username: "hooked", name: "Hooked"), session: session).status == 200)
            try await server.waitUntilIdle()
            let hooks = try recorded(requests).filter { $0["path"] as? String == "/deploy" }
            let paths = hooks.compactMap { request -> [String]? in
                let payload = try? JSONSerialization.jsonObject(with: Data((request["body"] as? String ?? "").utf8)) as? [String: [String]]
                return payload?["written"]
            }.flatMap { $0 }
            #expect(paths.contains("@hooked/index.html"), "webhook payloads: \(hooks.map { $0["body"] ?? "" })")
        }
    }

    private func start(port: Int, log: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.fixture.path, String(port), log.path]
        process.environment = Devhub.childEnvironment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func recorded(_ log: URL) throws -> [[String: Any]] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}
