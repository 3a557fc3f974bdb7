import DevhubCore

/// A profile unit's input hash in three parts, `PAGES:DATA:QR`, so that a change re-renders only the files it
/// affects:
/// - PAGES: what its pages (`index.html`) depend on — the global hash (templates, settings, generator) and the profile;
/// - DATA: what its vCard, JSON and a custom domain's robots.txt and sitemap depend on — the generator, the base URL and
///   the profile;
/// - QR: what its QR code depends on — the generator and its canonical URL.
///
/// PAGES covers everything the other parts do (the global hash holds the generator version and the base URL; the
/// profile holds its username and domain), so an earlier hash with the same PAGES is the same hash: a no-op build
/// computes only that part.
struct ProfileInputHash {
    /// The pages' part followed by `:`.
    private let pagesPrefix: String
    private let contentHash: String
    private let canonicalURL: String
    private let settings: SiteSettings

    /// The input hash of a profile in a build with global hash `global`.
    init(global: String, profile: ProfileKeyFacts, settings: SiteSettings) {
        pagesPrefix = InputHasher.hash(global, profile.contentHash) + ":"
        contentHash = profile.contentHash
        canonicalURL = ProfileRenderer.canonicalURL(username: profile.username, customDomain: profile.customDomain, settings: settings)
        self.settings = settings
    }

    /// Whether `stored`, an earlier build's input hash of the same profile, equals this one.
    func isUnchanged(from stored: String) -> Bool {
        stored.utf8.starts(with: pagesPrefix.utf8)
    }

    /// The hash as the manifest stores it.
    var value: String { pagesPrefix + dataHash + ":" + qrHash }

    /// The parts whose inputs differ from `stored`'s, an earlier build's input hash of the same profile (every part when
    /// `stored` is not in this form).
    func changedParts(since stored: String) -> ProfileParts {
        let parts = stored.utf8.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count == 3 else { return .all }
        var changed: ProfileParts = .pages
        if !parts[1].elementsEqual(dataHash.utf8) { changed.insert(.data) }
        if !parts[2].elementsEqual(qrHash.utf8) { changed.insert(.qrCode) }
        return changed
    }

    private var dataHash: String { InputHasher.hash("profile-data", SiteBuilder.generatorVersion, settings.baseURL, contentHash) }
    private var qrHash: String { InputHasher.hash("profile-qr", SiteBuilder.generatorVersion, canonicalURL) }
}

/// What a profile's input hash is made from, as a listing or a snapshot has it.
struct ProfileKeyFacts: Sendable {
    let username: Username
    let customDomain: DomainName?
    let contentHash: String
}

/// Groups of a profile's files, by what they depend on (see ``ProfileInputHash``).
public struct ProfileParts: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The pages (`index.html`, and a custom domain's).
    public static let pages = ProfileParts(rawValue: 1)
    /// The vCard, the JSON, a custom domain's robots.txt and sitemap.
    public static let data = ProfileParts(rawValue: 2)
    /// The QR code (and a custom domain's copy).
    public static let qrCode = ProfileParts(rawValue: 4)
    /// Every file.
    public static let all: ProfileParts = [.pages, .data, .qrCode]

    /// The part the profile file at `path` belongs to.
    public static func of(_ path: String) -> ProfileParts {
        if path.hasSuffix("/index.html") { return .pages }
        if path.hasSuffix("/qr.svg") { return .qrCode }
        return .data
    }
}
