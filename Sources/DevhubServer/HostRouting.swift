import DevhubCore

/// What a request's `Host` reaches. The private routes (pages under `/app/`, the JSON API, the hooks) answer only
/// on the app URL's host; the static site on the base URL's host, the app's host (one server can be both) and the
/// verified custom domains, each of those from its own folder; any other host gets 404. Loopback names
/// (`localhost`, `127.x.x.x`, `::1`) count as the app's host, so the operator can reach the server on the machine.
struct HostRouting: Sendable {
    /// The base URL's host.
    let baseHost: String
    /// The app URL's host.
    let appHost: String
    /// Whether a host is a verified custom domain of a public profile.
    let isPublishedDomain: @Sendable (String) -> Bool

    /// The part of the server a host reaches.
    enum Role: Equatable, Sendable {
        /// The app's host: the private routes, and the site.
        case app
        /// The base URL's host: the site.
        case site
        /// A verified custom domain: its profile's folder `domains/DOMAIN/` as the root.
        case customDomain(String)
        /// Anything else: nothing.
        case unknown
    }

    /// The role of `authority` (`Host` header: `host[:port]`).
    func role(of authority: String?) -> Role {
        let host = DomainName.canonicalHost(authority ?? "")
        guard !host.isEmpty else { return .unknown }
        if host == appHost || Self.isLoopback(host) { return .app }
        if host == baseHost { return .site }
        if let domain = try? DomainName(host), domain.value == host, isPublishedDomain(host) { return .customDomain(host) }
        return .unknown
    }

    /// `localhost`, an address in 127.0.0.0/8, or `::1`.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
