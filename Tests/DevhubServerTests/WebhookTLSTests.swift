@testable import DevhubServer
import Foundation
import Testing

/// `https://` webhook deliveries against a real TLS receiver (`Tests/Fixtures/tls_receiver.py`) with certificates
/// made by `openssl` for the test: the sender connects to the checked address only, while the TLS server name and the
/// certificate check use the URL's host; an untrusted certificate or one for another name is refused.
@Suite("Webhooks over TLS")
struct WebhookTLSTests {
    /// A certificate authority and a receiver certificate for `names` (DNS names) signed by it, in `folder`.
    struct Certificates {
        var authority: String
        var certificate: String
        var key: String
    }

    static func makeCertificates(in folder: URL, names: [String]) throws -> Certificates {
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        let sans = names.map { "DNS:\($0)" }.joined(separator: ",")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("subjectAltName=\(sans)\nbasicConstraints=CA:FALSE\n".utf8).write(to: folder.appendingPathComponent("ext.cnf"))
        try run("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                                     "-subj", "/CN=Devhub test authority", "-keyout", path("ca.key"), "-out", path("ca.pem")])
        try run("/usr/bin/openssl", ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=\(names[0])",
                                     "-keyout", path("server.key"), "-out", path("server.csr")])
        try run("/usr/bin/openssl", ["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                                     "-CAcreateserial", "-days", "2", "-extfile", path("ext.cnf"), "-out", path("server.pem")])
        return Certificates(authority: path("ca.pem"), certificate: path("server.pem"), key: path("server.key"))
    }

    static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "\(executable) \(arguments.joined(separator: " ")) failed")
    }

    /// A running receiver: its port, its request log, and the process to stop.
    struct Receiver {
        var process: Process
        var port: Int
        var log: URL

        /// The logged requests: server name sent, `Host`, path.
        func requests() throws -> [[String: String?]] {
            guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
            return try text.split(separator: "\n").map { line in
                let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return object.mapValues { $0 as? String }
            }
        }

        /// Kills the receiver and waits (a while) for it to go.
        func stop() async {
            kill(process.processIdentifier, SIGKILL)
            for _ in 0..<100 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        }
    }

    static func startReceiver(_ certificates: Certificates, in folder: URL) async throws -> Receiver {
        let log = folder.appendingPathComponent("requests.jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [InProcessApp.packageRoot.appendingPathComponent("Tests/Fixtures/tls_receiver.py").path,
                             "0", certificates.certificate, certificates.key, log.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let portFile = log.path + ".port"
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: portFile) && process.isRunning {
            try await Task.sleep(for: .milliseconds(50))
        }
        let port = try #require(Int((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? ""), "the TLS receiver did not start")
        return Receiver(process: process, port: port, log: log)
    }

    /// Runs `body` with a receiver serving `certificates`, and stops the receiver however `body` ends.
    static func withReceiver(_ certificates: Certificates, in folder: URL, _ body: (Receiver) async throws -> Void) async throws {
        let receiver = try await startReceiver(certificates, in: folder)
        do {
            try await body(receiver)
        } catch {
            await receiver.stop()
            throw error
        }
        await receiver.stop()
    }

    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("devhub-webhook-tls-\(UUID().uuidString)")
    }

    @Test("a name that does not resolve still reaches the checked address, with that name as server name and Host")
    func connectsToTheCheckedAddress() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // `.invalid` never resolves: an answer proves the sender dialled the address it was given, not a new lookup.
        let name = "receiver.devhub.invalid"
        let certificates = try Self.makeCertificates(in: folder, names: [name])
        try await Self.withReceiver(certificates, in: folder) { receiver in
        let target = WebhookTarget(url: try #require(URL(string: "https://\(name):\(receiver.port)/hook?x=1")), host: name,
                                   addresses: ["::1", "127.0.0.1"])
        let sender = WebhookSender(extraTrustRootsFile: certificates.authority)
        let answer = try await sender.post(target, body: "{}", headers: [("content-type", "application/json")])
        #expect(answer.status == 204)
        let requests = try receiver.requests()
        #expect(requests.count == 1)
        #expect(requests.first?["sni"] == name, "\(requests)")
        #expect(requests.first?["host"] == "\(name):\(receiver.port)", "\(requests)")
        #expect(requests.first?["path"] == "/hook?x=1", "\(requests)")
        }
    }

    @Test("a certificate from an authority the server does not trust, or for another name, fails the handshake")
    func refusesUntrustedCertificates() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificates = try Self.makeCertificates(in: folder, names: ["localhost"])
        try await Self.withReceiver(certificates, in: folder) { receiver in
        let url = try #require(URL(string: "https://localhost:\(receiver.port)/hook"))

        let untrusted = WebhookSender()
        do {
            _ = try await untrusted.post(WebhookTarget(url: url, host: "localhost", addresses: ["127.0.0.1"]), body: "{}", headers: [])
            Issue.record("a certificate from an unknown authority was accepted")
        } catch {
            #expect(WebhookTransportFailure(error) == .tlsFailed, "\(error)")
            #expect(!WebhookDeliverer.transportReason(error).contains("127.0.0.1"))
        }

        let otherName = try #require(URL(string: "https://elsewhere.devhub.invalid:\(receiver.port)/hook"))
        let trusting = WebhookSender(extraTrustRootsFile: certificates.authority)
        do {
            _ = try await trusting.post(WebhookTarget(url: otherName, host: "elsewhere.devhub.invalid", addresses: ["127.0.0.1"]), body: "{}", headers: [])
            Issue.record("a certificate for another name was accepted")
        } catch {
            #expect(WebhookTransportFailure(error) == .tlsFailed, "\(error)")
        }
        #expect(try receiver.requests().isEmpty, "a request was sent over an unverified connection")

        let answer = try await trusting.post(WebhookTarget(url: url, host: "localhost", addresses: ["127.0.0.1"]), body: "{}", headers: [])
        #expect(answer.status == 204)
        }
    }
}
