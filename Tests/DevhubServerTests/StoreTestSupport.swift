import DevhubCore
import DevhubStore
import Foundation
import Testing

/// A clock the test moves by hand (milliseconds since 1970), for an ``AppDatabase`` whose jobs fall due on command.
final class ManualClock: @unchecked Sendable {
    // Safe: every access holds `lock`.
    private let lock = NSLock()
    private var milliseconds: Int64

    init(_ start: Int64 = 1_795_000_000_000) { milliseconds = start }

    /// The current time.
    var now: Int64 { lock.withLock { milliseconds } }

    /// Moves the clock `delta` milliseconds on.
    func advance(_ delta: Int64) { lock.withLock { milliseconds += delta } }
}

/// A real SQLite database in a fresh temporary folder, removed by ``remove()``.
struct TemporaryDatabase {
    let folder: URL
    let database: AppDatabase

    init(clock: ManualClock? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-store-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("devhub.sqlite").path
        database = try clock.map { clock in try AppDatabase(path: path, now: { clock.now }) } ?? AppDatabase(path: path)
    }

    /// A verified account (as `devhub user create --verified` makes one); returns its id.
    func owner(_ email: String = "owner@example.test") throws -> String {
        try #require(try database.createAccountDirectly(email: EmailAddress(email), passwordHash: "not-a-hash", verified: true))
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
