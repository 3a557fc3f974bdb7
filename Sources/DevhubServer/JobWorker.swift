import DevhubCore
import DevhubStore
import Logging
import ServiceLifecycle

/// Runs the durable jobs inside the server: claims due jobs under a lease, runs at most `concurrency` at a
/// time, retries failures with exponential backoff and jitter, and stops taking new work on shutdown
/// (jobs in flight finish; a job whose process died is claimed again when its lease expires).
public struct JobWorker: Service {
    let database: AppDatabase
    let handler: @Sendable (Job) async throws -> Void
    let logger: Logger
    /// Counts attempts, failures and jobs given up, by kind.
    let metrics: ServerMetrics
    var concurrency = 2
    var leaseMilliseconds: Int64 = 60_000
    var pollInterval: Duration = .milliseconds(200)
    /// Attempts before a job is given up.
    var maxAttempts = 8

    /// A worker running `handler` for each job, leasing each for `leaseSeconds`.
    public init(
        database: AppDatabase, logger: Logger, metrics: ServerMetrics, leaseSeconds: Int64 = 60, handler: @escaping @Sendable (Job) async throws -> Void
    ) {
        self.database = database
        self.logger = logger
        self.metrics = metrics
        self.leaseMilliseconds = leaseSeconds * 1000
        self.handler = handler
    }

    public func run() async throws {
        // `concurrency` loops, each claiming one job at a time; on shutdown each finishes its job and stops.
        await withDiscardingTaskGroup { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while !Task.isShuttingDownGracefully, !Task.isCancelled {
                        if let job = try? database.claimJobs(limit: 1, leaseMilliseconds: leaseMilliseconds).first {
                            await runJob(job)
                        } else {
                            try? await Task.sleep(for: pollInterval)
                        }
                    }
                }
            }
        }
        logger.info("job worker stopped")
    }

    private func runJob(_ job: Job) async {
        metrics.jobStarted(job.kind)
        do {
            try await handler(job)
            try database.completeJob(job.id)
        } catch {
            let attempts = job.attempts + 1
            let retry: Int64? = attempts >= maxAttempts ? nil : Self.backoff(attempt: attempts)
            logger.warning("job failed", metadata: [
                "job": "\(job.id)", "kind": "\(job.kind.rawValue)", "attempt": "\(attempts)", "error": "\(error)",
                "retry_in_ms": "\(retry.map(String.init) ?? "never")",
            ])
            try? database.failJob(job.id, error: "\(error)", retryAfterMilliseconds: retry)
            metrics.jobFailed(job.kind, dead: retry == nil)
        }
    }

    /// Exponential backoff with full jitter: up to 1 s, 2 s, 4 s … capped at 10 minutes.
    static func backoff(attempt: Int) -> Int64 {
        let ceiling = min(600_000, 1_000 << min(attempt - 1, 20))
        return Int64.random(in: Int64(ceiling / 2)...Int64(ceiling))
    }
}
