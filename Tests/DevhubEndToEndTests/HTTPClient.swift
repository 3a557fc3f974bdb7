import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP response as curl saw it.
struct HTTPResponse: CustomStringConvertible {
    /// The status code (0 when there was no response).
    var status: Int
    /// Header fields, names lower-cased.
    var headers: [String: String]
    /// The body as UTF-8 text.
    var body: String

    /// The status line's code and headers, for failure messages.
    var description: String { "HTTP \(status) \(headers)" }
}

/// A minimal HTTP client over `curl` (it lets a test set the `Host` header, which URLSession does not reliably do).
enum HTTPClient {
    /// GETs `url`, optionally with a `Host` header; `timeout` bounds the whole request.
    static func get(_ url: String, host: String? = nil, timeout: Int = 5) async -> HTTPResponse {
        var args = ["-s", "-i", "--max-time", String(timeout)]
        if let host { args += ["-H", "Host: \(host)"] }
        let result = await Devhub.tool("curl", args + [url])
        guard result.status == 0, let split = result.stdout.range(of: "\r\n\r\n") else {
            return HTTPResponse(status: 0, headers: [:], body: result.stderr)
        }
        let head = result.stdout[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = head.first?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPResponse(status: status, headers: headers, body: String(result.stdout[split.upperBound...]))
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it).
    static func freePort() -> Int? {
        // Suites run in parallel in one process: never hand out a port twice, or two servers race for it
        // and a test may talk to another test's server.
        for _ in 0..<50 {
            guard let port = kernelAssignedPort() else { return nil }
            if PortRegistry.claim(port) { return port }
        }
        return nil
    }

    private static func kernelAssignedPort() -> Int? {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}

/// Ports already handed out in this test process.
private enum PortRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var used: Set<Int> = []

    /// Records `port`; false when it was handed out before.
    static func claim(_ port: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return used.insert(port).inserted
    }
}
