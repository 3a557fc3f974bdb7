import DevhubCore
import Foundation

/// The site-wide files that are not pages: robots.txt, `_headers`, `domains.json`.
public enum SiteFiles {
    /// robots.txt for the base host, pointing at the sitemap.
    static func robots(settings: SiteSettings) -> String {
        "User-agent: *\nAllow: /\nDisallow: /app/\nDisallow: /api/auth/\n\nSitemap: \(settings.baseURL)/sitemap.xml\n"
    }

    /// Cache and security headers in the `_headers` format (Netlify, Cloudflare Pages, Bunny edge rules
    /// can be written from it): HTML briefly cached and revalidated in the background, fingerprinted
    /// assets immutable, a strict CSP everywhere.
    static func headers(settings: SiteSettings) -> String {
        """
        /*
          Content-Security-Policy: \(contentSecurityPolicy(settings: settings))
          X-Content-Type-Options: nosniff
          Referrer-Policy: strict-origin-when-cross-origin
          X-Frame-Options: DENY
          Cache-Control: public, max-age=300, stale-while-revalidate=86400
        /assets/*
          Cache-Control: public, max-age=31536000, immutable

        """
    }

    /// The CSP of every generated page: no scripts, styles only from the base host (custom-domain pages load
    /// the stylesheet from there), images from anywhere on https.
    static func contentSecurityPolicy(settings: SiteSettings) -> String {
        let origin = self.origin(of: settings.baseURL)
        return "default-src 'none'; style-src 'self' \(origin); img-src 'self' \(origin) https: data:; "
            + "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
    }

    /// `scheme://host[:port]` of `url`.
    public static func origin(of url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else {
            return url
        }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }

    /// `{"domain": "/domains/domain/"}` for CDN edge rules, sorted, one line per domain.
    static func domainMap(_ domains: [String]) -> String {
        guard !domains.isEmpty else { return "{}\n" }
        let lines = domains.sorted().map { "  \"\($0)\": \"/domains/\($0)/\"" }
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }
}
