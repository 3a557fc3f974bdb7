import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The build's output directory. Every write goes to a temporary file in a staging folder inside the
/// directory and is renamed into place, so a reader (or a CDN sync) sees the old file or the new one,
/// never a partial one.
public struct OutputDirectory: Sendable {
    /// The directory, absolute.
    public let root: String
    /// Open descriptors of the directory and its staging folder: every path below is resolved from them,
    /// so a build of 100,000 profiles does not walk the root's own path half a million times.
    private let descriptors: Descriptors
    /// Where temporary files live until they are renamed (same file system; not served, not deployed).
    public static let stagingName = ".devhub-staging"

    /// Opens `path` (created when missing) and clears leftovers of an interrupted build's staging folder.
    public init(path: String) throws(SiteError) {
        root = URL(fileURLWithPath: path).standardizedFileURL.path
        descriptors = Descriptors()
        try descriptors.open(root: root)
        let staging = root + "/" + Self.stagingName
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? [] {
            unlinkat(descriptors.staging, leftover, 0)
        }
    }

    /// The descriptors of the root and the staging folder, closed when the last copy of the value is gone.
    private final class Descriptors: Sendable {
        private let pair = Mutex<(root: Int32, staging: Int32)>((-1, -1))

        var root: Int32 { pair.withLock { $0.root } }
        var staging: Int32 { pair.withLock { $0.staging } }

        /// Creates `root` and its staging folder when missing and opens both.
        func open(root: String) throws(SiteError) {
            do {
                try FileManager.default.createDirectory(
                    atPath: root + "/" + OutputDirectory.stagingName, withIntermediateDirectories: true)
            } catch {
                throw SiteError("preparing output directory \(root)", reason: error.localizedDescription)
            }
            let rootFD = Glibc.open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            let stagingFD = Glibc.open(root + "/" + OutputDirectory.stagingName, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard rootFD >= 0, stagingFD >= 0 else {
                let reason = OutputDirectory.errnoText()
                if rootFD >= 0 { close(rootFD) }
                throw SiteError("opening output directory \(root)", reason: reason)
            }
            let old = pair.withLock { pair in
                defer { pair = (rootFD, stagingFD) }
                return pair
            }
            if old.root >= 0 { close(old.root) }
            if old.staging >= 0 { close(old.staging) }
        }

        /// Opens the directory again when the one at `root` is no longer the one open (deleted and
        /// recreated, say, between two builds of a long-running server).
        func reopenIfReplaced(root: String) throws(SiteError) {
            var open = stat()
            var current = stat()
            let same = fstat(self.root, &open) == 0 && stat(root, &current) == 0
                && open.st_dev == current.st_dev && open.st_ino == current.st_ino
                && fstatat(self.staging, ".", &open, 0) == 0
                && fstatat(self.root, OutputDirectory.stagingName, &current, 0) == 0 && open.st_ino == current.st_ino
            if !same { try self.open(root: root) }
        }

        deinit {
            pair.withLock { pair in
                close(pair.root)
                close(pair.staging)
            }
        }
    }

    /// Writes `file` atomically (temporary file + rename), creating parent directories as needed.
    public func write(_ file: OutputFile) throws(SiteError) {
        // The build lock makes this process the staging folder's only writer, and the folder is emptied when opened:
        // a counter names temporary files as uniquely as a UUID, without asking the kernel for random bytes.
        var temporary: String
        var fd: Int32
        repeat {
            // A leftover of a killed build may hold a name: take the next one.
            temporary = "\(Self.processID)-\(Self.temporaryNames.add(1, ordering: .relaxed).newValue)"
            fd = openat(descriptors.staging, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        } while fd < 0 && errno == EEXIST
        guard fd >= 0 else { throw SiteError("writing \(file.path)", reason: Self.errnoText()) }
        var written = 0
        let ok = file.bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return true
        }
        let reason = ok ? "" : Self.errnoText()
        close(fd)
        guard ok else {
            unlinkat(descriptors.staging, temporary, 0)
            throw SiteError("writing \(file.path)", reason: reason)
        }
        if renameat(descriptors.staging, temporary, descriptors.root, file.path) != 0 {
            if errno == ENOENT {
                makeParents(of: file.path)
                if renameat(descriptors.staging, temporary, descriptors.root, file.path) == 0 { return }
            }
            let reason = Self.errnoText()
            unlinkat(descriptors.staging, temporary, 0)
            throw SiteError("writing \(file.path)", reason: reason)
        }
    }

    /// Numbers for temporary file names, process-wide.
    private static let temporaryNames = Atomic<Int>(0)
    private static let processID = getpid()

    /// Creates the folders above `path` (relative) that are missing, with one `mkdirat` each from the root descriptor.
    private func makeParents(of path: String) {
        makeFolder(path.split(separator: "/").dropLast().joined(separator: "/"))
    }

    /// Creates the folder `path` (relative) and those above it that are missing. Most need one level (`@ada/`);
    /// deeper ones are made from the top, skipping folders that exist.
    func makeFolder(_ path: String) {
        var prefix = ""
        for part in path.split(separator: "/") {
            prefix += prefix.isEmpty ? String(part) : "/" + part
            if mkdirat(descriptors.root, prefix, 0o755) != 0, errno != EEXIST { return }
        }
    }

    /// Whether the folder `path` (relative) exists.
    func folderExists(_ path: String) -> Bool {
        var info = stat()
        return fstatat(descriptors.root, path, &info, 0) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Removes the file at `path` (relative) and any parent directories it leaves empty; missing files are fine.
    public func remove(_ path: String) {
        unlinkat(descriptors.root, path, 0)
        var directory = (path as NSString).deletingLastPathComponent
        while !directory.isEmpty, unlinkat(descriptors.root, directory, AT_REMOVEDIR) == 0 {
            directory = (directory as NSString).deletingLastPathComponent
        }
    }

    /// The size of the file at `path` (relative), or nil when there is none.
    public func size(of path: String) -> Int? {
        var info = stat()
        guard fstatat(descriptors.root, path, &info, 0) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// The bytes of the file at `path` (relative), or nil when there is none.
    public func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: root + "/" + path).map(Array.init)
    }

    /// Runs `body` holding the directory's build lock (an exclusive `flock` on `.devhub-lock`), so two
    /// builds into one directory — the CLI and the server, say — take turns instead of interleaving.
    public func withLock<T>(_ body: () async throws -> T) async throws -> T {
        try descriptors.reopenIfReplaced(root: root)
        let fd = open(root + "/.devhub-lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SiteError("locking \(root)", reason: Self.errnoText()) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw SiteError("locking \(root)", reason: Self.errnoText()) }
        }
        return try await body()
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
