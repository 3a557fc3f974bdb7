import DevhubCore
@testable import DevhubServer
import DevhubStore
import Foundation
import GRDB
import Logging
import Testing

/// The real ``JobWorker`` over a real SQLite file, with handlers that fail on purpose.
@Suite("Job worker: retries, dead jobs, recurring jobs")
struct JobWorkerTests {
    /// A failure whose text names an address, as a mail program's would.
    struct InjectedFailure: Error, CustomStringConvertible {
        var description: String { "delivery to jane.doe@example.test refused" }
    }

    /// A database in a fresh temporary folder.
    static func database() throws -> (AppDatabase, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-worker-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("devhub.sqlite")
        return (try AppDatabase(path: path.path), folder)
    }

    /// Runs a worker with `handler` until `condition` holds (checked every 50 ms, at most 15 s); returns whether it did.
    static func runWorker(
        _ database: AppDatabase, schedule: RetrySchedule, recurrence: @escaping @Sendable (Job) -> Int64? = { _ in nil },
        handler: @escaping @Sendable (Job) async throws -> Void, until condition: () throws -> Bool
    ) async throws -> Bool {
        var worker = JobWorker(database: database, logger: Logger(label: "test"), metrics: ServerMetrics(), leaseSeconds: 60, schedule: schedule,
                               recurrence: recurrence, handler: handler)
        worker.pollInterval = .milliseconds(20)
        let task = Task { try await worker.run() }
        defer { task.cancel() }
        for _ in 0..<300 {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try condition()
    }

    static func count(_ database: AppDatabase, _ sql: String) throws -> Int {
        try database.writer.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    @Test("a recurring job whose every run fails keeps its next run queued and never dies")
    func recurringSurvivesFailures() async throws {
        let (database, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        try database.enqueueJobUnlessPending(.cleanup)
        let held = try await Self.runWorker(
            database, schedule: RetrySchedule(waits: [0], jitter: 0),
            recurrence: { $0.kind.isRecurring ? 10 : nil },
            handler: { _ in throw InjectedFailure() },
            until: { try Self.count(database, "SELECT count(*) FROM jobs WHERE kind = 'cleanup' AND last_error IS NOT NULL") >= 5 })
        #expect(held, "the recurring job did not fail 5 times in a row")
        #expect(try database.deadJobCount() == 0)
        #expect(try Self.count(database, "SELECT count(*) FROM jobs WHERE kind = 'cleanup' AND done_at IS NULL AND state = 'pending'") == 1,
                "exactly one next run must be queued")
        let errors = try await database.writer.read { db in try String.fetchAll(db, sql: "SELECT last_error FROM jobs WHERE last_error IS NOT NULL") }
        #expect(errors.allSatisfy { !$0.contains("@") }, "an address was stored: \(errors)")
    }

    @Test("a one-off job that fails on every entry of the schedule is dead, kept, and runs again when retried")
    func deadAndRetried() async throws {
        let (database, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        try database.enqueueJob(.runDeployHooks(DeployPaths(written: ["connect/SECRETTOKEN/index.html"], deleted: [])))
        let failing = ManagedAtomicFlag()
        let died = try await Self.runWorker(
            database, schedule: RetrySchedule(waits: [0, 0], jitter: 0),
            handler: { _ in if failing.isSet { throw InjectedFailure() } },
            until: { try database.deadJobCount() == 1 })
        #expect(died)
        let dead = try #require(try database.unfinishedJobs(deadOnly: true).first)
        #expect(dead.kind == "run-deploy-hooks" && dead.state == .dead && dead.attempts == 3 && dead.nextRunAt == nil, "\(dead)")
        #expect(dead.lastError == "delivery to [address] refused", "\(dead)")
        #expect(dead.lastAttemptAt != nil)
        #expect(try Self.count(database, "SELECT count(*) FROM jobs WHERE payload LIKE '%SECRETTOKEN%'") == 0,
                "the dead deploy job kept its path list")
        #expect(try database.pendingJobCount() == 0, "a dead job counts as pending")

        failing.clear()
        #expect(try database.retryDeadJob(id: dead.id))
        #expect(try !database.retryDeadJob(id: dead.id), "a job no longer dead was retried again")
        let done = try await Self.runWorker(
            database, schedule: RetrySchedule(waits: [0], jitter: 0),
            handler: { _ in if failing.isSet { throw InjectedFailure() } },
            until: { try Self.count(database, "SELECT count(*) FROM jobs WHERE state = 'done'") == 1 })
        #expect(done, "the retried job did not complete")
        #expect(try database.deadJobCount() == 0)
        #expect(try database.unfinishedJobs().isEmpty)
    }

    @Test("only dead jobs are discarded")
    func discard() throws {
        let (database, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        try database.enqueueJob(.regenerate(.all))
        let job = try #require(try database.claimJobs(limit: 1, leaseMilliseconds: 60_000).first)
        #expect(try !database.discardDeadJob(id: job.id), "a live job was discarded")
        try database.failJob(job, error: "boom", retryAfterMilliseconds: nil)
        #expect(try database.unfinishedJobs().map(\.state) == [.dead])
        #expect(try database.discardDeadJob(id: job.id))
        #expect(try database.unfinishedJobs().isEmpty)
    }

    @Test("--all-dead puts every dead job back, with a fresh schedule")
    func retryAll() throws {
        let (database, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        try database.enqueueJob(.regenerate(.all))
        try database.enqueueJob(.regenerateConnect(.all))
        for job in try database.claimJobs(limit: 2, leaseMilliseconds: 60_000) {
            try database.failJob(job, error: "boom", retryAfterMilliseconds: nil)
        }
        #expect(try database.deadJobCount() == 2)
        #expect(try database.retryAllDeadJobs() == 2)
        #expect(try database.deadJobCount() == 0)
        #expect(try database.unfinishedJobs().map(\.state) == [.pending, .pending])
        #expect(try database.claimJobs(limit: 5, leaseMilliseconds: 60_000).map(\.attempts) == [0, 0])
    }
}

/// A flag shared with a `@Sendable` handler: set until cleared.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = true
    var isSet: Bool { lock.withLock { value } }
    func clear() { lock.withLock { value = false } }
}
