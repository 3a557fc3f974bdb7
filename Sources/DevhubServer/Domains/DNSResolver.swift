import CResolv
import Foundation
import NIOPosix

/// Asks DNS for the records that prove a custom domain, through glibc's resolver (libresolv): the system's
/// resolvers by default, or one server (`--dns-server HOST:PORT`, a local DNS server in tests).
public struct DNSResolver: Sendable {
    /// The one server to ask (an IPv4 address and port), or nil for the system's resolvers.
    public let server: (host: String, port: Int)?
    /// Seconds each try waits for an answer.
    public var timeoutSeconds: Int32 = 3
    /// Tries per question.
    public var attempts: Int32 = 2

    /// What DNS answered instead of records.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The name does not exist.
        case nonexistentDomain
        /// No server answered, or it failed (SERVFAIL, REFUSED, a timeout).
        case unavailable

        public var description: String {
            switch self {
            case .nonexistentDomain: "the domain does not exist in DNS (NXDOMAIN)"
            case .unavailable: "DNS did not answer; will try again"
            }
        }
    }

    /// `--dns-server` was not an IPv4 address with an optional port.
    public struct InvalidServer: Error, CustomStringConvertible {
        public let description: String
    }

    /// A resolver asking the system's resolvers (`/etc/resolv.conf`).
    public init() { server = nil }

    /// A resolver asking `server` (`HOST:PORT`, an IPv4 address; port 53 when left out), or the system's when nil.
    /// Throws naming the flag when `server` is not of that form.
    public init(server: String?) throws(InvalidServer) {
        guard let server, !server.isEmpty else { self.server = nil; return }
        let parts = server.split(separator: ":", omittingEmptySubsequences: false)
        let host = String(parts[0])
        let port = parts.count == 2 ? Int(parts[1]) : (parts.count == 1 ? 53 : nil)
        var address = in_addr()
        guard let port, (1...65535).contains(port), parts.count <= 2, inet_pton(AF_INET, host, &address) == 1 else {
            throw InvalidServer(description: "--dns-server '\(server)' is not an IPv4 address with an optional port, like 127.0.0.1:5353")
        }
        self.server = (host, port)
    }

    /// The target of `name`'s CNAME record (lower-case, no trailing dot), or nil when it has none.
    public func canonicalName(of name: String) async throws(Failure) -> String? {
        try await records(of: name, type: ns_t_cname) { message, record in
            var buffer = [CChar](repeating: 0, count: Int(NS_MAXDNAME))
            guard ns_name_uncompress(message._msg, message._eom, record.rdata, &buffer, buffer.count) >= 0 else { return nil }
            return String(cString: buffer).lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }.first
    }

    /// The texts of `name`'s TXT records (each record's character-strings joined, as RFC 7208 §3.3 reads them).
    public func texts(at name: String) async throws(Failure) -> [String] {
        try await records(of: name, type: ns_t_txt) { _, record in
            var text: [UInt8] = []
            var offset = 0
            let length = Int(record.rdlength)
            while offset < length {
                let size = Int(record.rdata[offset])
                offset += 1
                guard offset + size <= length else { return nil }
                text.append(contentsOf: UnsafeBufferPointer(start: record.rdata + offset, count: size))
                offset += size
            }
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// Asks for `name`'s records of `type` and reads each answer record of that type with `read`. No records of
    /// the type is an empty list; NXDOMAIN and failures throw.
    private func records(
        of name: String, type: ns_type, read: @escaping @Sendable (ns_msg, ns_rr) -> String?
    ) async throws(Failure) -> [String] {
        let server = self.server
        let timeout = timeoutSeconds
        let attempts = self.attempts
        let result: Result<[String], Failure> = await withCheckedContinuation { continuation in
            // The resolver blocks: run it on NIO's thread pool, never on a request's event loop.
            NIOThreadPool.singleton.submit { _ in
                continuation.resume(returning: Self.query(name, type: type, server: server, timeout: timeout, attempts: attempts, read: read))
            }
        }
        return try result.get()
    }

    private static func query(
        _ name: String, type: ns_type, server: (host: String, port: Int)?, timeout: Int32, attempts: Int32,
        read: (ns_msg, ns_rr) -> String?
    ) -> Result<[String], Failure> {
        var answer = [UInt8](repeating: 0, count: 4096)
        var hostError: Int32 = 0
        let length = answer.withUnsafeMutableBufferPointer { buffer in
            if let server {
                return devhub_dns_query(
                    server.host, Int32(server.port), name, Int32(type.rawValue), timeout, attempts, buffer.baseAddress, Int32(buffer.count), &hostError)
            }
            return devhub_dns_query(nil, 0, name, Int32(type.rawValue), timeout, attempts, buffer.baseAddress, Int32(buffer.count), &hostError)
        }
        guard length >= 0 else {
            switch hostError {
            case HOST_NOT_FOUND: return .failure(.nonexistentDomain)
            case NO_DATA: return .success([])
            default: return .failure(.unavailable)
            }
        }
        return answer.withUnsafeBufferPointer { buffer in
            var message = ns_msg()
            guard ns_initparse(buffer.baseAddress, length, &message) == 0 else { return .failure(.unavailable) }
            var values: [String] = []
            for index in 0..<Int32(message._counts.1) {  // ns_msg_count(message, ns_s_an)
                var record = ns_rr()
                guard ns_parserr(&message, ns_s_an, index, &record) == 0 else { return .failure(.unavailable) }
                if record.type == UInt16(type.rawValue), let value = read(message, record) { values.append(value) }
            }
            return .success(values)
        }
    }
}
