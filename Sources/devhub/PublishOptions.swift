import ArgumentParser
import DevhubPublish
import Foundation

/// The Bunny flags `publish` and `serve` share. Precedence: flag, then environment variable, then default. The
/// storage password and the API key come only from the environment (`BUNNY_STORAGE_KEY`, `BUNNY_API_KEY`), so they
/// never show in `ps` or shell history.
struct PublishOptions: ParsableArguments {
    @Option(name: .customLong("bunny-storage-zone"), help: "The Bunny Storage zone to publish to (env BUNNY_STORAGE_ZONE). Its password comes from env BUNNY_STORAGE_KEY.")
    var storageZone: String?

    @Option(name: .customLong("bunny-storage-endpoint"), help: "The storage API, e.g. https://ny.storage.bunnycdn.com (env BUNNY_STORAGE_ENDPOINT; default https://storage.bunnycdn.com).")
    var storageEndpoint: String?

    @Option(name: .customLong("bunny-pull-zone"), help: ArgumentHelp("The pull zone whose cache is purged after a publish (env BUNNY_PULL_ZONE); needs env BUNNY_API_KEY.", valueName: "id"))
    var pullZone: String?

    @Option(name: .customLong("bunny-api-url"), help: "Bunny's API for purges (env BUNNY_API_URL; default https://api.bunny.net).")
    var apiURL: String?

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    private func value(_ flag: String?, _ name: String) -> String? {
        let value = flag ?? environment[name]
        return value?.isEmpty == false ? value : nil
    }

    /// Whether a storage zone is configured (by flag or environment).
    var isConfigured: Bool { value(storageZone, "BUNNY_STORAGE_ZONE") != nil }

    /// The configuration; throws a ``ValidationError`` naming the missing or malformed setting.
    func configuration(baseURL: String) throws -> BunnyConfiguration {
        guard let zone = value(storageZone, "BUNNY_STORAGE_ZONE") else {
            throw ValidationError("--bunny-storage-zone (or BUNNY_STORAGE_ZONE) is required to publish")
        }
        guard zone.utf8.count <= 128, zone.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }) else {
            throw ValidationError("--bunny-storage-zone must be a zone name (letters, digits and '-'), got '\(zone)'")
        }
        guard let key = value(nil, "BUNNY_STORAGE_KEY") else {
            throw ValidationError("BUNNY_STORAGE_KEY (the storage zone's password) is not set")
        }
        let endpoint = value(storageEndpoint, "BUNNY_STORAGE_ENDPOINT") ?? "https://storage.bunnycdn.com"
        let api = value(apiURL, "BUNNY_API_URL") ?? "https://api.bunny.net"
        for (name, url) in [("--bunny-storage-endpoint", endpoint), ("--bunny-api-url", api)] {
            guard URLComponents(string: url)?.host != nil, url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ValidationError("\(name) must be an absolute http(s) URL, got '\(url)'")
            }
        }
        var purge: BunnyConfiguration.Purge?
        let pullZone = value(pullZone, "BUNNY_PULL_ZONE")
        let apiKey = value(nil, "BUNNY_API_KEY")
        switch (pullZone, apiKey) {
        case let (zone?, key?): purge = .init(pullZone: zone, apiKey: key, apiURL: api)
        case (_?, nil): throw ValidationError("--bunny-pull-zone is set but BUNNY_API_KEY (the account API key for purges) is not")
        case (nil, _?): throw ValidationError("BUNNY_API_KEY is set but --bunny-pull-zone (or BUNNY_PULL_ZONE) is not")
        case (nil, nil): purge = nil
        }
        return BunnyConfiguration(storageZone: zone, storageEndpoint: endpoint, storageKey: key, purge: purge, baseURL: baseURL)
    }
}
