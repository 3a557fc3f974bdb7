import DevhubCore
import Foundation

/// Where the client talks to and with which key: `~/.devhub/config.json`, with `DEVHUB_URL` and `DEVHUB_TOKEN`
/// overriding its fields one by one.
public struct ClientConfig: Codable, Sendable, Equatable {
    /// The companion server's base URL, e.g. `https://app.devhub.example`.
    public var url: String
    /// The API key (`dh_…`).
    public var token: String

    /// A configuration of `url` and `token`.
    public init(url: String, token: String) {
        self.url = url
        self.token = token
    }

    /// The configuration in effect: the file's fields with `DEVHUB_URL` / `DEVHUB_TOKEN` from `environment` on top;
    /// an auth failure (exit 2) when no URL or no well-formed key is known.
    public static func resolve(file: ConfigFile, environment: [String: String]) throws(ClientError) -> ClientConfig {
        let stored = try file.read()
        let url = nonEmpty(environment["DEVHUB_URL"]) ?? stored?.url
        let token = nonEmpty(environment["DEVHUB_TOKEN"]) ?? stored?.token
        guard let url else {
            throw ClientError(.auth, "not logged in: run `devhub login --url URL` or set DEVHUB_URL and DEVHUB_TOKEN")
        }
        guard let token else {
            throw ClientError(.auth, "no API key: run `devhub login --url \(url)` or set DEVHUB_TOKEN")
        }
        guard APIKeyFormat.isWellFormed(token.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ClientError(.auth, "the configured API key is not a dh_… key: run `devhub login` again or fix DEVHUB_TOKEN")
        }
        return ClientConfig(url: try validatedURL(url), token: try validatedToken(token))
    }

    /// `text` as a server base URL: absolute http(s) with a host, without a trailing slash.
    public static func validatedURL(_ text: String) throws(ClientError) -> String {
        var url = text.trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        guard url.utf8.count <= 2000, url.hasPrefix("http://") || url.hasPrefix("https://"),
              let components = URLComponents(string: url), components.host?.isEmpty == false,
              components.query == nil, components.fragment == nil
        else { throw ClientError(.usage, "--url must be an absolute http(s) URL such as https://app.devhub.example, got '\(TerminalText.clean(String(text.prefix(200))))'") }
        return url
    }

    /// `text` (trimmed) as an API key: `dh_`, base62 digits and a matching checksum (``APIKeyFormat``), so a
    /// mistyped or truncated key is caught before anything is sent.
    public static func validatedToken(_ text: String) throws(ClientError) -> String {
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard APIKeyFormat.isWellFormed(token) else {
            throw ClientError(.usage, "the API key must look like dh_… (52 characters, as /app/settings shows it once)")
        }
        return token
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return text
    }
}
