import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The build's output directory. Every write goes to a temporary file in a staging folder inside the
/// directory and is renamed into place, so a reader (or a CDN sync) sees the old file or the new one,
/// never a partial one.
public struct OutputDirectory: Sendable {
    /// The directory, absolute.
    public let root: String
    /// Where temporary files live until they are renamed (same file system; not served, not deployed).
    public static let stagingName = ".devhub-staging"

    /// Opens `path` (created when missing) and clears leftovers of an interrupted build's staging folder.
    public init(path: String) throws(SiteError) {
        root = URL(fileURLWithPath: path).standardizedFileURL.path
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
            for leftover in try FileManager.default.contentsOfDirectory(atPath: staging) {
                unlink(staging + "/" + leftover)
            }
        } catch {
            throw SiteError("preparing output directory \(root)", reason: error.localizedDescription)
        }
    }

    private var staging: String { root + "/" + Self.stagingName }

    /// Writes `file` atomically (temporary file + rename), creating parent directories as needed.
    public func write(_ file: OutputFile) throws(SiteError) {
        let target = root + "/" + file.path
        let temporary = staging + "/" + UUID().uuidString
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
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
            unlink(temporary)
            throw SiteError("writing \(file.path)", reason: reason)
        }
        if rename(temporary, target) != 0 {
            if errno == ENOENT {
                try? FileManager.default.createDirectory(
                    atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                if rename(temporary, target) == 0 { return }
            }
            let reason = Self.errnoText()
            unlink(temporary)
            throw SiteError("writing \(file.path)", reason: reason)
        }
    }

    /// Removes the file at `path` (relative) and any parent directories it leaves empty; missing files are fine.
    public func remove(_ path: String) {
        unlink(root + "/" + path)
        var directory = (path as NSString).deletingLastPathComponent
        while !directory.isEmpty, rmdir(root + "/" + directory) == 0 {
            directory = (directory as NSString).deletingLastPathComponent
        }
    }

    /// The size of the file at `path` (relative), or nil when there is none.
    public func size(of path: String) -> Int? {
        var info = stat()
        guard stat(root + "/" + path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// The bytes of the file at `path` (relative), or nil when there is none.
    public func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: root + "/" + path).map(Array.init)
    }

    /// Runs `body` holding the directory's build lock (an exclusive `flock` on `.devhub-lock`), so two
    /// builds into one directory — the CLI and the server, say — take turns instead of interleaving.
    public func withLock<T>(_ body: () async throws -> T) async throws -> T {
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
