import Crypto
import DevhubCore

/// A unit of the build: the files one thing (a profile, a directory page, the sitemap…) produces,
/// and the hash of what they were rendered from.
struct BuildUnit: Sendable {
    var key: String
    var inputHash: String
    var files: [OutputFile]
    /// Files the unit still produces that were not rendered again: their bytes are unchanged and confirmed on disk
    /// (e.g. a profile's QR code, vCard and JSON when only the templates changed).
    var kept: [ManifestFile] = []
}

/// Brings the output directory in line with one unit: writes the files whose bytes changed, removes the
/// files the unit no longer produces, and returns the manifest entry to save once that is done.
struct UnitCommitter: Sendable {
    let output: OutputDirectory
    /// Domains some profile claims in this build: their folders are never removed as stale.
    let claimedDomains: Set<String>

    /// Commits `unit` against its previous manifest entry `previous`.
    func commit(_ unit: BuildUnit, previous: ManifestEntry?) throws(SiteError) -> UnitOutcome {
        let before = Dictionary((previous?.files ?? []).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var outcome = UnitOutcome(entry: ManifestEntry(key: unit.key, inputHash: unit.inputHash, files: []))
        var folders = NewFileFolders()
        outcome.entry.files += unit.kept
        outcome.unchanged += unit.kept.count
        for file in unit.files {
            let hash = Hex.encode(SHA256.hash(data: file.bytes))
            let record = ManifestFile(path: file.path, hash: hash, size: file.bytes.count)
            outcome.entry.files.append(record)
            if let old = before[file.path], old.hash == hash, output.size(of: file.path) == old.size {
                outcome.unchanged += 1
            } else if before[file.path] == nil, !folders.isNew(file.path, in: output), output.size(of: file.path) == file.bytes.count,
                      output.read(file.path) == file.bytes
            {
                outcome.unchanged += 1  // already right on disk, e.g. after the manifest was lost
            } else {
                try output.write(file, replacing: before[file.path] != nil)
                outcome.written.append(file.path)
            }
        }
        let produced = Set(unit.files.map(\.path) + unit.kept.map(\.path))
        for old in before.keys.sorted() where !produced.contains(old) && !isClaimed(old) {
            output.remove(old)
            outcome.deleted.append(old)
        }
        outcome.entry.files.sort { $0.path < $1.path }
        return outcome
    }

    /// Whether every file of `entry` is still on disk with the size the manifest recorded.
    func confirms(_ entry: ManifestEntry) -> Bool {
        entry.files.allSatisfy { output.size(of: $0.path) == $0.size }
    }

    /// The files of the profile unit `entry` outside `parts`, if every one is still on disk with the size the manifest
    /// recorded; nil otherwise.
    func confirmedFiles(of entry: ManifestEntry, outside parts: ProfileParts) -> [ManifestFile]? {
        let kept = entry.files.filter { !parts.contains(ProfileParts.of($0.path)) }
        return kept.allSatisfy({ output.size(of: $0.path) == $0.size }) ? kept : nil
    }

    /// Removes a stale unit's files, except those under a domain another profile now claims.
    func removeStale(_ entry: ManifestEntry) -> [String] {
        var removed: [String] = []
        for file in entry.files where !isClaimed(file.path) {
            output.remove(file.path)
            removed.append(file.path)
        }
        return removed
    }

    private func isClaimed(_ path: String) -> Bool {
        guard path.hasPrefix("domains/") else { return false }
        let domain = path.dropFirst("domains/".count).prefix { $0 != "/" }
        return claimedDomains.contains(String(domain))
    }
}

/// The folders of one unit's files the manifest knows nothing about: a folder missing on disk is made once (one `stat`
/// and one `mkdirat` instead of a `stat` per file and a failed `rename`), and files in a folder this unit made cannot
/// already be there, so they are not looked for.
private struct NewFileFolders {
    private var checked: [Substring: Bool] = [:]

    /// Whether `path`'s folder was missing (and is now made, empty but for this unit's files).
    mutating func isNew(_ path: String, in output: OutputDirectory) -> Bool {
        guard let slash = path.lastIndex(of: "/") else { return false }
        let folder = path[..<slash]
        if let made = checked[folder] { return made }
        let made = !output.folderExists(String(folder))
        if made { output.makeFolder(String(folder)) }
        checked[folder] = made
        return made
    }
}

/// SHA-256 over a sequence of strings, each prefixed with its length (8 bytes) so that different splits never collide.
struct InputHasher {
    private var hasher = SHA256()

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
        }
    }

    mutating func add(_ number: Int64) { add(String(number)) }

    consuming func finish() -> String { Hex.encode(hasher.finalize()) }

    /// The hash of `parts`.
    static func hash(_ parts: String...) -> String {
        var hasher = InputHasher()
        for part in parts { hasher.add(part) }
        return hasher.finish()
    }
}
