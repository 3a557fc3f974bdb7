import ArgumentParser
import DevhubContent
import DevhubSite
import DevhubStore
import Foundation

/// Options every command shares. Precedence: flag, then `DEVHUB_*` environment variable, then
/// `content/site.yml`, then the default.
struct CommonOptions: ParsableArguments {
    @Option(help: "The SQLite database file (env DEVHUB_DB).")
    var db: String?

    @Option(help: "The output directory of the generated site (env DEVHUB_OUT).")
    var out: String?

    @Option(name: .customLong("base-url"), help: "The public base URL of the site, e.g. https://devhub.example (env DEVHUB_BASE_URL).")
    var baseURL: String?

    @Option(name: .customLong("app-url"), help: "The companion server's public URL: Quick Connect forms post there, email links point there (env DEVHUB_APP_URL; default: the base URL).")
    var appURL: String?

    @Option(help: "The content directory holding site.yml and pages/ (env DEVHUB_CONTENT).")
    var content: String?

    @Option(help: "The templates directory (env DEVHUB_TEMPLATES).")
    var templates: String?

    @Option(name: .customLong("secret-key-file"), help: ArgumentHelp(
        "The server's secret key: 32 bytes in base64, as `openssl rand -base64 32` prints. Quick Connect tokens are derived from it; every command that builds or serves the site needs the same key (env DEVHUB_SECRET_KEY holds the key itself; default: DB.secret-key beside the database, created on first use).",
        valueName: "path"))
    var secretKeyFile: String?

    @Flag(help: "Log each build step with its time.")
    var verbose = false

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    var databasePath: String { db ?? environment["DEVHUB_DB"] ?? "devhub.sqlite" }
    var outputPath: String { out ?? environment["DEVHUB_OUT"] ?? "output" }
    var contentPath: String { content ?? environment["DEVHUB_CONTENT"] ?? "content" }
    var templatesPath: String { templates ?? environment["DEVHUB_TEMPLATES"] ?? "site-templates" }

    /// The server's secret key: from `--secret-key-file` (which must exist), else `DEVHUB_SECRET_KEY`, else the file
    /// beside the database, created with a new key (mode 0600) on first use — never inside the database.
    func secretKey() throws -> ServerSecretKey {
        do {
            if let secretKeyFile { return try ServerSecretKey.read(path: secretKeyFile) }
            if let text = environment["DEVHUB_SECRET_KEY"], !text.isEmpty { return try ServerSecretKey(base64: text, source: "DEVHUB_SECRET_KEY") }
            return try ServerSecretKey.readOrCreate(path: ServerSecretKey.defaultPath(databasePath: databasePath))
        } catch let error as StoreError {
            throw ValidationError(error.description)
        }
    }

    func validate() throws {
        if let baseURL, URLComponents(string: baseURL)?.host == nil || !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            throw ValidationError("--base-url must be an absolute http(s) URL, got '\(baseURL)'")
        }
        if let appURL, URLComponents(string: appURL)?.host == nil || !(appURL.hasPrefix("http://") || appURL.hasPrefix("https://")) {
            throw ValidationError("--app-url must be an absolute http(s) URL, got '\(appURL)'")
        }
    }

    /// The site settings after applying the precedence rules.
    func siteSettings() throws -> SiteSettings {
        let file = try SiteConfigFile.read((contentPath as NSString).appendingPathComponent("site.yml"))
        let defaults = SiteSettings()
        let base = baseURL ?? environment["DEVHUB_BASE_URL"] ?? file.baseURL ?? defaults.baseURL
        guard URLComponents(string: base)?.host != nil, base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw ValidationError("base URL must be an absolute http(s) URL, got '\(base)'")
        }
        // Keeps every sitemap entry short enough that 50,000 of them stay far below the protocol's 50 MB.
        guard base.utf8.count <= 256 else { throw ValidationError("base URL is longer than 256 characters") }
        return SiteSettings(
            title: file.title ?? defaults.title, description: file.description ?? defaults.description, baseURL: base,
            language: file.language ?? defaults.language, directoryPageSize: file.directoryPageSize ?? defaults.directoryPageSize,
            sitemapMaxURLs: file.sitemapMaxURLs ?? defaults.sitemapMaxURLs,
            sitemapShardURLs: file.sitemapShardURLs ?? defaults.sitemapShardURLs,
            appURL: appURL ?? environment["DEVHUB_APP_URL"] ?? base)
    }
}
