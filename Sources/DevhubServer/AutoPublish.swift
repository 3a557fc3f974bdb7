import DevhubPublish
import DevhubStore
import Foundation
import Logging

/// `devhub serve`'s publishing: after a build that changed files a `publish` job (coalesced while one waits) runs
/// ``Publisher`` against the configured storage zone; a run with every file and purge done records the `publish`
/// event `/healthz` shows as `last_publish_at`. Runs never overlap within the process.
public struct AutoPublish: Sendable {
    /// The zone, the pull zone and the keys.
    public var configuration: BunnyConfiguration
    /// The output folder that is published.
    public var outputDirectory: String
    /// Requests in flight at once.
    public var jobs: Int
    /// Seconds per request.
    public var timeout: Double

    public init(configuration: BunnyConfiguration, outputDirectory: String, jobs: Int = 8, timeout: Double = 30) {
        self.configuration = configuration
        self.outputDirectory = outputDirectory
        self.jobs = jobs
        self.timeout = timeout
    }

    /// Publishes once; throws (so the job is retried on its schedule) when a key was refused or anything failed.
    func run(database: AppDatabase, key: ServerSecretKey, logger: Logger) async throws {
        try await Self.gate.exclusively {
            let publisher = Publisher(
                configuration: configuration, database: database, outputPath: outputDirectory, key: key, jobs: jobs, timeout: timeout)
            let report = try await publisher.publish()
            guard report.failures.isEmpty else {
                let first = report.failures[0]
                logger.warning("publish incomplete", metadata: [
                    "summary": "\(report)", "failures": "\(report.failures.count)",
                    "first": "\(first.path): \(first.answer)",
                ])
                throw PublishError.failed("\(report.failures.count) files or URLs failed")
            }
            try database.recordEvent(HealthController.publishEvent)
            logger.info("published", metadata: ["summary": "\(report)"])
        }
    }

    private static let gate = Gate()

    /// One publish at a time.
    private actor Gate {
        private var busy = false
        private var waiters: [CheckedContinuation<Void, Never>] = []

        func exclusively(_ body: @Sendable () async throws -> Void) async throws {
            while busy { await withCheckedContinuation { waiters.append($0) } }
            busy = true
            defer {
                busy = false
                if !waiters.isEmpty { waiters.removeFirst().resume() }
            }
            try await body()
        }
    }
}
