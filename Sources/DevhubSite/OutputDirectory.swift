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

    /// Writes `file` atomically, creating parent directories as needed. A new file is made nameless (`O_TMPFILE`) in
    /// its own folder, filled, then linked to its name; a file `replacing` an older one is written to a temporary
    /// name beside it and renamed over it (a nameless file found to have an older one in its way takes that road
    /// too). Where the file system has no `O_TMPFILE` (or `/proc` is missing), a temporary file in the staging folder
    /// renamed into place. Either way a reader sees the old file or the new one, and no rename crosses folders
    /// (Linux serializes those per file system, which left one of two cores waiting on the other).
    public func write(_ file: OutputFile, replacing: Bool = false) throws(SiteError) {
        if Self.namelessFiles.load(ordering: .relaxed) {
            if replacing { return try writeBeside(file) }
            if try writeNameless(file) { return }
        }
        try writeThroughStaging(file)
    }

    /// A temporary name beside `path` (a dot-file: never served or published; one is left behind only by a build
    /// killed between creating and renaming it).
    private func temporaryName(beside path: String) -> String {
        let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
        let name = ".devhub-new-\(Self.processID)-\(Self.temporaryNames.add(1, ordering: .relaxed).newValue)"
        return slash.map { String(path[..<$0]) + "/" + name } ?? name
    }

    /// ``write(_:replacing:)`` of a file that replaces another: a temporary file beside it, renamed over it.
    private func writeBeside(_ file: OutputFile) throws(SiteError) {
        let temporary = temporaryName(beside: file.path)
        var fd = openat(descriptors.root, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0, errno == ENOENT {  // the old file's folder is gone after all
            makeParents(of: file.path)
            fd = openat(descriptors.root, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw SiteError("writing \(file.path)", reason: Self.errnoText()) }
        try fill(fd, named: temporary, in: descriptors.root, with: file)
        try moveIntoPlace(temporary, from: descriptors.root, as: file.path)
    }

    /// Writes `file`'s bytes into the new temporary file `fd` (`temporary` in the folder `folder`) and closes it; on
    /// failure removes it and throws.
    private func fill(_ fd: Int32, named temporary: String, in folder: Int32, with file: OutputFile) throws(SiteError) {
        let ok = Self.writeAll(file.bytes, to: fd)
        let reason = ok ? "" : Self.errnoText()
        close(fd)
        guard ok else {
            unlinkat(folder, temporary, 0)
            throw SiteError("writing \(file.path)", reason: reason)
        }
    }

    /// Renames the complete temporary file `temporary` (in the folder `folder`) to `path`, making the folders above
    /// `path` when they are missing; on failure removes it and throws.
    private func moveIntoPlace(_ temporary: String, from folder: Int32, as path: String) throws(SiteError) {
        if renameat(folder, temporary, descriptors.root, path) == 0 { return }
        if errno == ENOENT {
            makeParents(of: path)
            if renameat(folder, temporary, descriptors.root, path) == 0 { return }
        }
        let reason = Self.errnoText()
        unlinkat(folder, temporary, 0)
        throw SiteError("writing \(path)", reason: reason)
    }

    /// Whether `O_TMPFILE` and linking through `/proc/self/fd` work here (turned off at the first sign they do not).
    private static let namelessFiles = Atomic<Bool>(true)
    /// `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`: the C macro is not imported).
    private static let openNameless: Int32 = 0o20000000 | O_DIRECTORY

    /// ``write(_:)`` through a nameless file in the file's own folder: no rename across folders (Linux serializes
    /// those per file system, which left one of two cores waiting), and a build killed while writing leaves nothing
    /// behind. Returns false when nameless files are not available here.
    private func writeNameless(_ file: OutputFile) throws(SiteError) -> Bool {
        let slash = file.path.utf8.lastIndex(of: UInt8(ascii: "/"))
        let folder = slash.map { String(file.path[..<$0]) } ?? "."
        var fd = openat(descriptors.root, folder, Self.openNameless | O_WRONLY | O_CLOEXEC, 0o644)
        if fd < 0, errno == ENOENT {
            makeFolder(folder)
            fd = openat(descriptors.root, folder, Self.openNameless | O_WRONLY | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else {
            if errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL { Self.namelessFiles.store(false, ordering: .relaxed); return false }
            throw SiteError("writing \(file.path)", reason: Self.errnoText())
        }
        defer { close(fd) }
        guard Self.writeAll(file.bytes, to: fd) else { throw SiteError("writing \(file.path)", reason: Self.errnoText()) }
        if link(fd, at: file.path) { return true }
        guard errno == EEXIST else {
            if errno == ENOENT, access("/proc/self/fd", F_OK) != 0 { Self.namelessFiles.store(false, ordering: .relaxed); return false }
            throw SiteError("writing \(file.path)", reason: Self.errnoText())
        }
        // An older file is there: give the new one a temporary name beside it, then rename it over the old one.
        let temporary = temporaryName(beside: file.path)
        guard link(fd, at: temporary) else { throw SiteError("writing \(file.path)", reason: Self.errnoText()) }
        try moveIntoPlace(temporary, from: descriptors.root, as: file.path)
        return true
    }

    /// Whether a nameless file can be linked by its descriptor (`AT_EMPTY_PATH`, which needs `CAP_DAC_READ_SEARCH`
    /// before Linux 6.10); turned off at the first refusal, after which links go through `/proc/self/fd`.
    private static let linkByDescriptor = Atomic<Bool>(true)
    /// `AT_EMPTY_PATH` (a GNU extension the C module does not import; the same on every Linux architecture).
    private static let emptyPath: Int32 = 0x1000

    /// Links the nameless file `fd` at `path` (relative to the root); false with `errno` set when that fails.
    private func link(_ fd: Int32, at path: String) -> Bool {
        if Self.linkByDescriptor.load(ordering: .relaxed) {
            if linkat(fd, "", descriptors.root, path, Self.emptyPath) == 0 { return true }
            guard errno == ENOENT || errno == EPERM else { return false }
            Self.linkByDescriptor.store(false, ordering: .relaxed)
        }
        return linkat(AT_FDCWD, "/proc/self/fd/\(fd)", descriptors.root, path, AT_SYMLINK_FOLLOW) == 0
    }

    /// Writes every byte of `bytes` to `fd`; false (with `errno` set) on an error.
    private static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer -> Bool in
            var written = 0
            while written < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return true
        }
    }

    /// ``write(_:)`` through a temporary file in the staging folder, renamed into place.
    private func writeThroughStaging(_ file: OutputFile) throws(SiteError) {
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
        try fill(fd, named: temporary, in: descriptors.staging, with: file)
        try moveIntoPlace(temporary, from: descriptors.staging, as: file.path)
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
