/// One output file as the manifest remembers it.
public struct ManifestFile: Equatable, Sendable, Codable {
    /// Path relative to the output directory.
    public var path: String
    /// SHA-256 of the file's bytes, hex.
    public var hash: String
    /// The file's size in bytes (checked against the disk before the manifest is trusted).
    public var size: Int

    /// Creates a record of a written file.
    public init(path: String, hash: String, size: Int) {
        self.path = path
        self.hash = hash
        self.size = size
    }
}

/// What one unit of the build (a profile, a directory page, the sitemap…) produced from which inputs.
public struct ManifestEntry: Equatable, Sendable {
    /// The unit's name, e.g. `profile:ada`, `directory:3`, `sitemap`.
    public var key: String
    /// Hash of everything the unit was rendered from.
    public var inputHash: String
    /// The files it wrote, sorted by path.
    public var files: [ManifestFile]

    /// Creates an entry.
    public init(key: String, inputHash: String, files: [ManifestFile]) {
        self.key = key
        self.inputHash = inputHash
        self.files = files
    }
}

/// The generator's memory of what it wrote into one output directory, so a rebuild renders and
/// writes only what changed and deletes what is no longer produced. An entry is saved only after
/// its files are in place, so the manifest never vouches for bytes that are not on disk.
public protocol BuildManifest: Sendable {
    /// Starts a build and returns its number (greater than every earlier one); withdraws the seal, so that a build
    /// stopped half-way leaves none.
    func beginBuild() throws -> Int64
    /// The seal the last complete full build left (nil: none, or a build began since).
    func seal() throws -> BuildSeal?
    /// Seals the output as the build that just completed left it.
    func saveSeal(_ seal: BuildSeal) throws
    /// The saved entries among `keys`.
    func entries(_ keys: [String]) throws -> [String: ManifestEntry]
    /// The saved entries whose keys start with `prefix` and sort after `after` (exclusive; nil: from the
    /// first) up to `through` (inclusive; nil: to the last), in key order. One range read instead of
    /// one lookup per key.
    func entries(prefix: String, after: String?, through: String?) throws -> [ManifestEntry]
    /// Saves (replaces) `entries` as produced by build `build`.
    func save(_ entries: [ManifestEntry], build: Int64) throws
    /// Marks `keys` as produced, unchanged, by build `build`.
    func touch(_ keys: [String], build: Int64) throws
    /// Marks every key that starts with `prefix` as produced, unchanged, by build `build`.
    func touch(keysWithPrefix prefix: String, build: Int64) throws
    /// Entries that no build since `build` produced, leaving out keys that start with `exceptPrefix`
    /// (units the caller tracks itself; only meaningful after a full build).
    func entries(notProducedSince build: Int64, exceptPrefix: String) throws -> [ManifestEntry]
    /// Forgets `keys`.
    func remove(_ keys: [String]) throws
    /// The list layout the last full build saved, or nil when none has.
    func listLayout() throws -> ListLayout?
    /// Replaces the list layout (after a full build has written every list page).
    func saveListLayout(_ layout: ListLayout) throws
    /// The page of `list` that holds `username` in the saved layout: the one with the greatest
    /// ``ListPageStart/after`` below it.
    func listPage(_ list: ListingScope, holding username: Username) throws -> ListPageStart?
}

/// Where the directory pages and sitemap shards of the last full build begin, so that a targeted build
/// finds the page listing a profile with one indexed lookup instead of counting the profiles before it.
/// Valid while the set of public profiles is unchanged (``version``) and the page sizes are the same
/// (``inputHash``).
public struct ListLayout: Equatable, Sendable {
    /// ``ProfileSource/publicSetVersion()`` when the lists were laid out.
    public var version: Int64
    /// Hash of what positions depend on besides the set: page sizes, the sitemap's fixed entries.
    public var inputHash: String
    /// Public profiles (the directory's length).
    public var directoryCount: Int
    /// Public profiles without a custom domain (the base sitemap's profile entries).
    public var sitemapCount: Int
    /// Where each page begins.
    public var starts: [ListPageStart]

    /// Creates a layout.
    public init(version: Int64, inputHash: String, directoryCount: Int, sitemapCount: Int, starts: [ListPageStart] = []) {
        self.version = version
        self.inputHash = inputHash
        self.directoryCount = directoryCount
        self.sitemapCount = sitemapCount
        self.starts = starts
    }
}

/// Where one page of a list (a directory page, a sitemap shard) begins.
public struct ListPageStart: Equatable, Sendable {
    /// The list.
    public var list: ListingScope
    /// The page's 1-based number.
    public var number: Int
    /// The username of the last profile on the pages before it ("" for the first page).
    public var after: String

    /// Creates a page start.
    public init(list: ListingScope, number: Int, after: String) {
        self.list = list
        self.number = number
        self.after = after
    }
}

/// What the last complete full build of an output directory vouches for: while the inputs of every profile page and
/// list hash to ``state`` and the directory still holds ``token``, a full build has nothing to render there and
/// confirms no file. Any build withdraws it when it begins (``BuildManifest/beginBuild()``), so a build stopped
/// half-way, whatever it was rendering, leaves none; `devhub build --verify` ignores it.
public struct BuildSeal: Equatable, Sendable {
    /// Hash of the public content's version, the templates, the settings and the page sizes (see
    /// `SiteBuilder.sealState()`).
    public var state: String
    /// A random token, also in the directory's seal file: a directory deleted, replaced or built from another
    /// database does not hold it.
    public var token: String
    /// Files of its profiles and lists (reported as unchanged by a sealed build).
    public var files: Int

    /// Creates a seal.
    public init(state: String, token: String, files: Int) {
        self.state = state
        self.token = token
        self.files = files
    }
}
