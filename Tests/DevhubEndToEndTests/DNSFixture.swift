import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A real DNS server on loopback for the custom-domain tests: Debian's `dnsmasq` answering for `*.test` from the
/// records it is started with (anything else under `.test` is NXDOMAIN). ``restart(_:)`` swaps the records, as an
/// owner editing their zone would.
final class DNSFixture {
    /// One record: a CNAME (`name` → `value`) or a TXT (`name` holds `value`).
    enum Record {
        case cname(String, String)
        case txt(String, String)
    }

    /// The UDP/TCP port it answers on (the server is started with `--dns-server 127.0.0.1:PORT`).
    let port: Int
    /// `--dns-server` for `devhub serve`.
    var serverArgument: String { "127.0.0.1:\(port)" }
    /// The host every CNAME must point at to prove a domain (``TempSite/baseURL``'s host).
    static let siteHost = "devhub.test"
    /// Where the daemon writes its process id.
    private let pidFile: URL

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/sbin/dnsmasq") }

    /// Starts dnsmasq with `records` on a free port.
    init(_ records: [Record]) async throws {
        port = try #require(HTTPClient.freePort(), "no free port")
        pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("dnsmasq-\(port).pid")
        try await restart(records)
    }

    /// Stops dnsmasq and starts it again answering with `records` only.
    func restart(_ records: [Record]) async throws {
        await stop()
        var arguments = [
            "--port=\(port)", "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
            "--conf-file=/dev/null", "--local=/test/", "--cache-size=0", "--user=root", "--pid-file=\(pidFile.path)",
            "--host-record=\(Self.siteHost),127.0.0.1",
        ]
        for record in records {
            switch record {
            case .cname(let name, let target): arguments.append("--cname=\(name),\(target)")
            case .txt(let name, let value): arguments.append("--txt-record=\(name),\(value)")
            }
        }
        // As a daemon: a dnsmasq kept in the foreground as our child stops Foundation's Process from noticing
        // any later child's exit, so it detaches and is stopped through its pid file.
        let started = await Devhub.tool("/usr/sbin/dnsmasq", arguments)
        try #require(started.status == 0, "dnsmasq did not start on port \(port): \(started.stderr)")
        for _ in 0..<50 {
            let answer = await Devhub.tool("dig", ["+short", "+time=1", "+tries=1", "-p", String(port), "@127.0.0.1", Self.siteHost, "A"])
            if answer.stdout.contains("127.0.0.1") { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        try #require(Bool(false), "dnsmasq on port \(port) never answered")
    }

    /// Stops dnsmasq (SIGTERM, then SIGKILL) and waits until it is gone.
    func stop() async {
        guard let text = try? String(contentsOf: pidFile, encoding: .utf8), let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return }
        try? FileManager.default.removeItem(at: pidFile)
        kill(pid, SIGTERM)
        for _ in 0..<50 where kill(pid, 0) == 0 { try? await Task.sleep(for: .milliseconds(50)) }
        if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        for _ in 0..<50 where kill(pid, 0) == 0 { try? await Task.sleep(for: .milliseconds(50)) }
    }

    /// Runs `body` with a fixture started with `records`, and stops it whatever happens.
    static func run<T>(_ records: [Record], _ body: (DNSFixture) async throws -> T) async throws -> T {
        let fixture = try await DNSFixture(records)
        do {
            let result = try await body(fixture)
            await fixture.stop()
            return result
        } catch {
            await fixture.stop()
            throw error
        }
    }
}
