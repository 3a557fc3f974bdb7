extension DomainName {
    /// Refuses a domain no account may claim: one of the site's own hosts (`siteHosts`: the base URL's and the app
    /// URL's), a subdomain of one of them, or `localhost` and its subdomains. IP addresses never get this far
    /// (``DomainName/init(_:field:)`` refuses them).
    public func checkClaimable(siteHosts: [String], field: String = "custom_domain") throws(CoreError) {
        for host in siteHosts.map({ Self.canonicalHost($0) }) + ["localhost"] where !host.isEmpty {
            if value == host || value.hasSuffix("." + host) {
                throw CoreError(field: field, "'\(value)' belongs to this site (\(host)); use a domain of your own")
            }
        }
    }

    /// `host` lower-cased, without a port or a trailing dot (`Devhub.Example:443` → `devhub.example`).
    public static func canonicalHost(_ host: String) -> String {
        var host = Substring(host.lowercased())
        if host.hasPrefix("[") {  // an IPv6 literal: keep it whole
            return String(host.prefix { $0 != "]" }.dropFirst())
        }
        if let colon = host.lastIndex(of: ":") { host = host[..<colon] }
        if host.hasSuffix(".") { host = host.dropLast() }
        return String(host)
    }
}
