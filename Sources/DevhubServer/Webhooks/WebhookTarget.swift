import DevhubCore
import Foundation
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// Where a webhook request goes once its host was resolved and every address checked against
/// ``WebhookAddressPolicy``: the URL as the owner wrote it (its host names the `Host` header, the TLS server name and
/// the certificate to expect) and the checked addresses, the only ones the sender connects to.
struct WebhookTarget: Sendable, Equatable {
    /// The endpoint's URL.
    var url: URL
    /// The URL's host, without IPv6 brackets.
    var host: String
    /// The checked addresses to try in order (IPv4 first), as text (`192.0.2.1`, `2001:db8::1`).
    var addresses: [String]

    /// Why a target was refused; the text names no address (it goes to the delivery log and the server log).
    struct Refusal: Error, CustomStringConvertible, Equatable {
        var description: String
    }

    /// Resolves `raw`'s host once and checks every address; throws a ``Refusal`` when the URL is unusable, the host
    /// does not resolve, or any address is refused (private and loopback ones allowed when `allowPrivate`). The
    /// lookup blocks, so it runs on NIO's thread pool, never on a thread of the concurrency pool.
    static func resolve(_ raw: String, allowPrivate: Bool) async throws(Refusal) -> WebhookTarget {
        let result: Result<WebhookTarget, Refusal>
        do {
            result = try await NIOThreadPool.singleton.runIfActive { () -> Result<WebhookTarget, Refusal> in
                do throws(Refusal) { return .success(try checked(raw, allowPrivate: allowPrivate)) } catch { return .failure(error) }
            }
        } catch {
            throw Refusal(description: "the address check could not run")
        }
        return try result.get()
    }

    /// ``resolve(_:allowPrivate:)`` on the calling thread.
    static func checked(_ raw: String, allowPrivate: Bool) throws(Refusal) -> WebhookTarget {
        guard let components = URLComponents(string: raw), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", var host = components.host, !host.isEmpty, let url = URL(string: raw)
        else { throw Refusal(description: "the URL is not an absolute http(s) URL") }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let addresses = Self.addresses(of: host)
        guard !addresses.isEmpty else { throw Refusal(description: "the host name does not resolve") }
        for address in addresses {
            if let refusal = WebhookAddressPolicy.refusal(address.bytes, allowPrivate: allowPrivate) {
                let hint = refusal.isLiftedByAllowPrivate ? " (allowed only with --webhooks-allow-private)" : ""
                throw Refusal(description: "the host resolves to a \(refusal.rawValue) address\(hint)")
            }
        }
        // IPv4 first: a receiver on one family only is then found at once more often.
        let ordered = addresses.filter { $0.bytes.count == 4 } + addresses.filter { $0.bytes.count != 4 }
        return WebhookTarget(url: url, host: host, addresses: ordered.map(\.text))
    }

    /// Every address `host` resolves to (`getaddrinfo`, TCP), in the resolver's order, without duplicates.
    static func addresses(of host: String) -> [(bytes: [UInt8], text: String)] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let list else { return [] }
        defer { freeaddrinfo(list) }
        var found: [(bytes: [UInt8], text: String)] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = list
        while let entry = cursor {
            defer { cursor = entry.pointee.ai_next }
            guard let address = entry.pointee.ai_addr else { continue }
            var bytes: [UInt8] = []
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            switch Int32(address.pointee.sa_family) {
            case AF_INET:
                var v4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                bytes = withUnsafeBytes(of: &v4) { Array($0) }
                inet_ntop(AF_INET, &v4, &buffer, socklen_t(buffer.count))
            case AF_INET6:
                var v6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                bytes = withUnsafeBytes(of: &v6) { Array($0) }
                inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count))
            default:
                continue
            }
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !found.contains(where: { $0.bytes == bytes }) { found.append((bytes, text)) }
        }
        return found
    }
}
