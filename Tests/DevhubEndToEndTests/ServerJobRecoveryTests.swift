import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A job whose server was killed (`kill -9`) mid-run is picked up again once its lease expires, and completes.
@Suite("Server: job recovery", .enabled(if: Devhub.hasTool("curl") && Devhub.hasTool("sqlite3"), "needs curl and sqlite3"))
struct ServerJobRecoveryTests {
    @Test("a deploy job cut off by kill -9 runs again after its lease and completes")
    func killedJobIsRetried() async throws {
        let site = try await ServerProcess.makeSite()
        let deployLog = try site.directory("hook").appendingPathComponent("deploy.log")

        // First server: its deploy command hangs, so the deploy job is mid-run when the server is killed.
        let first = try await ServerProcess.start(["--job-lease-seconds", "2", "--deploy-command", "sleep 20"], site: site)
        let session = try await first.verifiedSession("recover@example.test")
        let saved = await first.saveProfile(ProfileJSON.make(username: "recover-me", name: "Recover Me"), session: session)
        try #require(saved.status == 200, "\(saved)")
        let started = try await first.eventually { try await runningDeployJobs(site) == 1 }
        try #require(started, "the deploy job never started; log:\n\(first.logTail())")
        kill(first.process.processIdentifier, SIGKILL)
        await ServerProcess.forceStop(first.process)

        // Second server on the same database: the job's lease runs out and it runs to completion.
        try await ServerProcess.run(["--job-lease-seconds", "2", "--deploy-command", "cat >> '\(deployLog.path)'"], site: site) { second in
            try await second.waitUntilIdle()
            let log = (try? String(contentsOf: deployLog, encoding: .utf8)) ?? ""
            #expect(log.contains("written @recover-me/index.html"), "the retried deploy did not get the paths:\n\(log)")
            let attempts = try await sqlite(site, "SELECT max(attempts) FROM jobs WHERE kind = 'run-deploy-hooks' AND done_at IS NOT NULL")
            #expect((Int(attempts) ?? 0) >= 2, "the finished deploy job ran \(attempts) time(s); expected a second attempt")
        }
    }

    /// Deploy jobs claimed by a worker and not finished.
    private func runningDeployJobs(_ site: TempSite) async throws -> Int {
        Int(try await sqlite(site, "SELECT count(*) FROM jobs WHERE kind = 'run-deploy-hooks' AND done_at IS NULL AND lease_until IS NOT NULL")) ?? -1
    }

    private func sqlite(_ site: TempSite, _ query: String) async throws -> String {
        let result = await Devhub.tool("sqlite3", [site.db.path, query])
        try #require(result.status == 0, "\(result)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
