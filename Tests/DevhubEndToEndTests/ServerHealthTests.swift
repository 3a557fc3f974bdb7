import Foundation
import Testing

/// `/healthz`: the jobs given up, when the site was last built and last backed up, and 503 while the database
/// cannot be written.
@Suite("Server: health", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerHealthTests {
    @Test("/healthz reports dead_jobs, last_build_at (the build on start) and last_backup_at (null: none yet)")
    func reportsTheNewFields() async throws {
        try await ServerProcess.run { server in
            let health = await server.get("/healthz")
            #expect(health.status == 200, "\(health)")
            let object = try #require(health.object, "not JSON: \(health)")
            #expect(object["status"] as? String == "ok")
            #expect(object["dead_jobs"] as? Int == 0, "\(object)")
            #expect(object["pending_jobs"] is Int, "\(object)")
            #expect(object["last_backup_at"] is NSNull, "\(object)")
            #expect(object["reason"] == nil, "\(object)")
            let built = try #require(object["last_build_at"] as? String, "no last_build_at: \(object)")
            let builtAt = try #require(ISO8601DateFormatter().date(from: built), "not ISO 8601: \(built)")
            #expect(abs(builtAt.timeIntervalSinceNow) < 24 * 3600, "last_build_at is not today: \(built)")
            // On any host, like before.
            let otherHost = await server.get("/healthz", headers: ["Host": "unknown.example"])
            #expect(otherHost.status == 200 && otherHost.object?["dead_jobs"] is Int, "\(otherHost)")
        }
    }

    @Test("/healthz answers 503 with status unavailable while another process holds the database's write lock, 200 again after",
          .enabled(if: Devhub.hasTool("python3"), "needs python3"))
    func unavailableWhileTheDatabaseCannotBeWritten() async throws {
        try await ServerProcess.run { server in
            try await server.waitUntilIdle()
            let holder = try LockHolder(database: server.site.db)
            do {
                try await holder.waitUntilLocked()
                let locked = await server.get("/healthz")
                #expect(locked.status == 503, "with the write lock held elsewhere: \(locked)")
                #expect(locked.object?["status"] as? String == "unavailable", "\(locked)")
                #expect((locked.object?["reason"] as? String)?.contains("database") == true, "\(locked)")
                #expect(locked.object?["dead_jobs"] is Int && locked.object?["pending_jobs"] is Int, "same fields: \(locked)")
                #expect(locked.header("content-type")?.contains("application/json") == true)
            } catch {
                await holder.release()
                throw error
            }
            await holder.release()
            let recovered = await server.eventually { await server.get("/healthz").status == 200 }
            #expect(recovered, "/healthz did not answer 200 once the lock was released")
        }
    }
}

/// A Python process (the standard library's sqlite3) that holds a database's write lock (`BEGIN IMMEDIATE`) until
/// its standard input closes.
final class LockHolder {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()

    /// Starts the process on `database`.
    init(database: URL) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
            db.execute("BEGIN IMMEDIATE")
            print("locked", flush=True)
            sys.stdin.readline()
            db.execute("ROLLBACK")
            """, database.path]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits (bounded) for the process to report the lock taken.
    func waitUntilLocked() async throws {
        let handle = output.fileHandleForReading
        let line = await Task.detached { String(decoding: handle.availableData, as: UTF8.self) }.value
        try #require(line.contains("locked"), "the lock holder did not take the lock: '\(line)'")
    }

    /// Closes its input (it rolls back and exits) and waits for it, killing it when it lingers.
    func release() async {
        try? input.fileHandleForWriting.close()
        for _ in 0..<100 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(50))
        }
        await ServerProcess.forceStop(process)
    }
}
