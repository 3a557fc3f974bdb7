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
    /// Starts a build and returns its number (greater than every earlier one).
    func beginBuild() throws -> Int64
    /// The saved entries among `keys`.
    func entries(_ keys: [String]) throws -> [String: ManifestEntry]
    /// Saves (replaces) `entries` as produced by build `build`.
    func save(_ entries: [ManifestEntry], build: Int64) throws
    /// Marks `keys` as produced, unchanged, by build `build`.
    func touch(_ keys: [String], build: Int64) throws
    /// Entries that no build since `build` produced (only meaningful after a full build).
    func entries(notProducedSince build: Int64) throws -> [ManifestEntry]
    /// Forgets `keys`.
    func remove(_ keys: [String]) throws
}
