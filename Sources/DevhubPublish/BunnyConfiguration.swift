import Foundation

/// Where `devhub publish` sends the output folder: a Bunny Storage zone and, optionally, the pull zone whose cache
/// is purged. Keys are held here only; nothing prints them (``description`` leaves them out).
public struct BunnyConfiguration: Sendable, CustomStringConvertible {
    /// The storage zone's name.
    public var storageZone: String
    /// The storage API's base URL, e.g. `https://storage.bunnycdn.com` or a region host.
    public var storageEndpoint: String
    /// The storage zone's password (`BUNNY_STORAGE_KEY`), sent as `AccessKey`.
    public var storageKey: String
    /// The pull zone's ID and the account API key: purging is on when both are set.
    public var purge: Purge?
    /// The public base URL of the site (purge URLs are absolute).
    public var baseURL: String

    /// The CDN side: which pull zone, which account key, which API.
    public struct Purge: Sendable {
        /// The pull zone's ID (named in messages).
        public var pullZone: String
        /// The account API key (`BUNNY_API_KEY`).
        public var apiKey: String
        /// The API's base URL, `https://api.bunny.net` by default.
        public var apiURL: String
        public init(pullZone: String, apiKey: String, apiURL: String) {
            self.pullZone = pullZone
            self.apiKey = apiKey
            self.apiURL = apiURL
        }
    }

    public init(storageZone: String, storageEndpoint: String, storageKey: String, purge: Purge?, baseURL: String) {
        self.storageZone = storageZone
        self.storageEndpoint = Self.trimmingSlashes(storageEndpoint)
        self.storageKey = storageKey
        self.purge = purge.map { Purge(pullZone: $0.pullZone, apiKey: $0.apiKey, apiURL: Self.trimmingSlashes($0.apiURL)) }
        self.baseURL = Self.trimmingSlashes(baseURL)
    }

    /// The key of this zone's rows in the published state: the endpoint and the zone (never a key).
    public var target: String { "\(storageEndpoint)/\(storageZone)" }

    /// The zone and endpoint, without keys.
    public var description: String { "storage zone '\(storageZone)' at \(storageEndpoint)" }

    private static func trimmingSlashes(_ text: String) -> String {
        var text = Substring(text)
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}
