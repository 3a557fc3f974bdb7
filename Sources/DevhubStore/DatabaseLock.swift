import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock on `DATABASE.lock` (`flock(2)`), so `devhub restore` can tell whether a server uses the
/// database: every server holds a shared lock for its lifetime (several may), restore needs the exclusive one and
/// does not wait for it. The kernel drops the lock when the process ends, however it ends.
public final class DatabaseLock: Sendable {
    /// The lock file's path.
    public let path: String
    private let descriptor: Int32

    /// The lock file beside `databasePath`.
    public static func lockPath(for databasePath: String) -> String { databasePath + ".lock" }

    /// Takes the lock of `databasePath` without waiting: shared for a server, exclusive for a restore.
    /// Throws naming the file when another process holds it in a conflicting way.
    public init(databasePath: String, exclusive: Bool) throws {
        path = Self.lockPath(for: databasePath)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw StoreError("locking \(path)", reason: String(cString: strerror(errno))) }
        guard flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            let reason = errno == EWOULDBLOCK
                ? (exclusive ? "a running server uses this database; stop it first" : "a restore of this database is running")
                : String(cString: strerror(errno))
            close(fd)
            throw StoreError("locking \(path)", reason: reason)
        }
        descriptor = fd
    }

    deinit { close(descriptor) }
}
