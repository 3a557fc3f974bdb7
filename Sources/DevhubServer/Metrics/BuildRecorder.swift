import DevhubSite
import DevhubStore
import Logging

/// Records each build the server runs: counted in ``ServerMetrics``, and a successful site build's time kept as the
/// `build` event that `/healthz` reports as `last_build_at`.
public struct BuildRecorder: Sendable {
    let metrics: ServerMetrics
    let database: AppDatabase
    let logger: Logger

    /// A recorder into `metrics` and `database`.
    public init(metrics: ServerMetrics, database: AppDatabase, logger: Logger) {
        self.metrics = metrics
        self.database = database
        self.logger = logger
    }

    /// A build or pass finished.
    public func succeeded(_ report: BuildReport, pass: BuildPass) {
        metrics.build(report, pass: pass)
        guard pass == .site else { return }
        do { try database.recordEvent(HealthController.buildEvent) } catch {
            logger.warning("recording the build time failed", metadata: ["error": "\(error)"])
        }
    }

    /// A build or pass failed.
    public func failed(pass: BuildPass) {
        metrics.buildFailed(pass: pass)
    }

    /// Runs `build`, recording its outcome.
    public func record(_ pass: BuildPass, _ build: @Sendable () async throws -> BuildReport) async throws -> BuildReport {
        do {
            let report = try await build()
            succeeded(report, pass: pass)
            return report
        } catch {
            failed(pass: pass)
            throw error
        }
    }
}
