import DevhubCore
import DevhubStore
import Logging
import ServiceLifecycle

/// Runs the durable jobs inside the server: claims due jobs under a lease, runs at most `concurrency` at a
/// time, retries failures on the ``RetrySchedule`` (a job that fails after its last entry is dead, kept for the
/// operator), queues the next run of a recurring job whatever this run's outcome, and stops taking new work on
/// shutdown (jobs in flight finish; a job whose process died is claimed again when its lease expires).
public struct JobWorker: Service {
    let database: AppDatabase
    let handler: @Sendable (Job) async throws -> Void
    /// The wait before the next run of a recurring job, or nil for a one-off job.
    let recurrence: @Sendable (Job) -> Int64?
    let schedule: RetrySchedule
    let logger: Logger
    /// Counts attempts, failures and jobs given up, by kind.
    let metrics: ServerMetrics
    var concurrency = 2
    var leaseMilliseconds: Int64 = 60_000
    var pollInterval: Duration = .milliseconds(200)

    /// A worker running `handler` for each job, leasing each for `leaseSeconds`, retrying on `schedule`; `recurrence`
    /// tells which jobs recur and when they run next; `metrics` counts attempts, failures and dead jobs.
    public init(
        database: AppDatabase, logger: Logger, metrics: ServerMetrics, leaseSeconds: Int64 = 60, schedule: RetrySchedule = .standardWebhooks,
        recurrence: @escaping @Sendable (Job) -> Int64?, handler: @escaping @Sendable (Job) async throws -> Void
    ) {
        self.database = database
        self.logger = logger
        self.metrics = metrics
        self.leaseMilliseconds = leaseSeconds * 1000
        self.schedule = schedule
        self.recurrence = recurrence
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

    /// Runs one job and records the outcome. When even that write fails (the database is not writable), the job
    /// keeps its lease and runs again once the lease expires: nothing is lost.
    private func runJob(_ job: Job) async {
        metrics.jobStarted(job.kind)
        let next = recurrence(job)
        do {
            try await handler(job)
            do {
                try database.completeJob(job, next: next)
            } catch {
                logger.error("job outcome not recorded", metadata: ["job": "\(job.id)", "kind": "\(job.kind.rawValue)", "error": "\(Self.safeText(error))"])
            }
        } catch {
            let attempts = job.attempts + 1
            let scheduled = next == nil ? schedule.wait(afterAttempts: attempts) : nil
            let retry: Int64? = switch (error as? JobRetryAdvice)?.advice ?? .schedule {
            case .schedule: scheduled
            case .giveUp: nil
            // Not sooner than the receiver asked, and never past the end of the schedule.
            case .notBefore(let milliseconds): scheduled.map { max($0, milliseconds) }
            }
            let text = Self.safeText(error)
            let outcome = next.map { "next run in \($0) ms" } ?? retry.map { "retry in \($0) ms" } ?? "dead"
            logger.warning("job failed", metadata: [
                "job": "\(job.id)", "kind": "\(job.kind.rawValue)", "attempt": "\(attempts)", "error": "\(text)", "outcome": "\(outcome)",
            ])
            metrics.jobFailed(job.kind, dead: next == nil && retry == nil)
            do {
                try database.failJob(job, error: text, retryAfterMilliseconds: retry, next: next)
            } catch {
                logger.error("job outcome not recorded", metadata: ["job": "\(job.id)", "kind": "\(job.kind.rawValue)", "error": "\(Self.safeText(error))"])
            }
        }
    }

    /// An error's text without email addresses, for the log and the job table.
    static func safeText(_ error: any Error) -> String {
        AddressRedaction.redact(String("\(error)".prefix(500)))
    }
}
