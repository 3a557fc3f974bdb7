import DevhubCore
import Foundation

/// The site-wide files that are not pages: robots.txt, `_headers`, `domains.json`.
public enum SiteFiles {
    /// robots.txt for the base host, pointing at the sitemap.
    static func robots(settings: SiteSettings) -> String {
        "User-agent: *\nAllow: /\nDisallow: /app/\nDisallow: /api/auth/\nDisallow: /connect/\n\nSitemap: \(settings.baseURL)/sitemap.xml\n"
    }

    /// Cache and security headers in the `_headers` format (Netlify, Cloudflare Pages, Bunny edge rules
    /// can be written from it): HTML briefly cached and revalidated in the background, fingerprinted
    /// assets immutable, a strict CSP everywhere.
    static func headers(settings: SiteSettings) -> String {
        """
        /*
          Content-Security-Policy: \(contentSecurityPolicy(baseOrigin: origin(of: settings.baseURL), appOrigin: origin(of: settings.appURL)))
          X-Content-Type-Options: nosniff
          Referrer-Policy: strict-origin-when-cross-origin
          X-Frame-Options: DENY
          Cache-Control: \(pageCacheControl)
        /assets/*
          Cache-Control: \(assetCacheControl)

        """
    }

    /// `Cache-Control` of pages and other unfingerprinted files: short, refreshed in the background.
    public static let pageCacheControl = "public, max-age=300, stale-while-revalidate=86400"
    /// `Cache-Control` of fingerprinted assets.
    public static let assetCacheControl = "public, max-age=31536000, immutable"

    /// The CSP of every page, generated or served by the companion server: scripts only from this host (the one
    /// there is enhances the Quick Connect form), styles from this host and the base host (custom-domain and server
    /// pages load the stylesheet from there), images on https, fetches and form posts to this host and the app.
    public static func contentSecurityPolicy(baseOrigin: String, appOrigin: String) -> String {
        let app = appOrigin == baseOrigin ? "" : " \(appOrigin)"
        return "default-src 'none'; script-src 'self'; style-src 'self' \(baseOrigin); img-src 'self' https: data:; "
            + "connect-src 'self'\(app); form-action 'self'\(app); base-uri 'none'; object-src 'none'; frame-ancestors 'none'"
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
