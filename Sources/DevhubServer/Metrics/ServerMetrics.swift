import CoreMetrics
import DevhubSite
import DevhubStore
import Prometheus

/// The server's metrics, recorded through swift-metrics into a Prometheus registry of its own (no process-wide
/// `MetricsSystem.bootstrap`: every server built in one process, tests included, counts on its own) and written in
/// the Prometheus text format by `GET /metrics`. Every label value comes from a fixed set (route patterns, job kinds,
/// status classes), never from a request's path or input. The names and labels are listed in the README.
public final class ServerMetrics: Sendable {
    /// Where the values live; ``exposition(queueDepth:deadJobs:)`` writes it out.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// A fresh registry, with every per-kind series created at 0 so that a scrape lists them before anything happened.
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Name.buildDuration] = [
            .milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300),
        ]
        self.factory = factory
        for kind in Job.Kind.allCases {
            for name in [Name.jobsRun, Name.jobsFailed, Name.jobsDead] { counter(name, [("kind", kind.rawValue)]).increment(by: 0) }
        }
        for name in [Name.mailsSent, Name.mailsFailed] { counter(name).increment(by: 0) }
        for pass in BuildPass.allCases {
            for name in [Name.builds, Name.buildsFailed, Name.buildFilesWritten, Name.buildFilesDeleted] {
                counter(name, [("pass", pass.rawValue)]).increment(by: 0)
            }
        }
        for outcome in ["succeeded", "failed"] { counter(Name.backups, [("outcome", outcome)]).increment(by: 0) }
    }

    /// The metric names (the README lists them with their labels).
    enum Name {
        static let httpRequests = "devhub_http_requests_total"
        static let httpDuration = "devhub_http_request_duration_seconds"
        static let rateLimited = "devhub_rate_limited_total"
        static let jobsRun = "devhub_jobs_run_total"
        static let jobsFailed = "devhub_jobs_failed_total"
        static let jobsDead = "devhub_jobs_dead_total"
        static let pendingJobs = "devhub_pending_jobs"
        static let deadJobs = "devhub_dead_jobs"
        static let builds = "devhub_builds_total"
        static let buildsFailed = "devhub_builds_failed_total"
        static let buildDuration = "devhub_build_duration_seconds"
        static let buildFilesWritten = "devhub_build_files_written_total"
        static let buildFilesDeleted = "devhub_build_files_deleted_total"
        static let mailsSent = "devhub_mails_sent_total"
        static let mailsFailed = "devhub_mails_failed_total"
        static let backups = "devhub_backups_total"
    }

    /// One answered request: `route` is the route's pattern (``HTTPMetricLabels``), `status` its HTTP status.
    /// A 429 is also counted as a rate-limit refusal of that route.
    func request(route: String, method: String, status: Int, duration: Duration) {
        let labels = [("route", route), ("method", method), ("status", Self.statusClass(status))]
        counter(Name.httpRequests, labels).increment()
        CoreMetrics.Timer(label: Name.httpDuration, dimensions: labels, factory: factory).recordNanoseconds(Self.nanoseconds(duration))
        if status == 429 { counter(Name.rateLimited, [("route", route)]).increment() }
    }

    /// A job attempt starts.
    func jobStarted(_ kind: Job.Kind) {
        counter(Name.jobsRun, [("kind", kind.rawValue)]).increment()
    }

    /// A job attempt failed; `dead` when the job was given up.
    func jobFailed(_ kind: Job.Kind, dead: Bool) {
        counter(Name.jobsFailed, [("kind", kind.rawValue)]).increment()
        if dead { counter(Name.jobsDead, [("kind", kind.rawValue)]).increment() }
    }

    /// A message was handed to the mail transport (`sent`), or the transport refused it.
    func mail(sent: Bool) {
        counter(sent ? Name.mailsSent : Name.mailsFailed).increment()
    }

    /// A build or Quick Connect pass finished.
    public func build(_ report: BuildReport, pass: BuildPass) {
        let labels = [("pass", pass.rawValue)]
        counter(Name.builds, labels).increment()
        counter(Name.buildFilesWritten, labels).increment(by: report.written)
        counter(Name.buildFilesDeleted, labels).increment(by: report.deleted)
        CoreMetrics.Timer(label: Name.buildDuration, dimensions: labels, factory: factory)
            .recordNanoseconds(Int64((report.seconds * 1e9).rounded()))
    }

    /// A build or Quick Connect pass failed.
    public func buildFailed(pass: BuildPass) {
        counter(Name.buildsFailed, [("pass", pass.rawValue)]).increment()
    }

    /// A scheduled backup finished, or failed.
    public func backup(succeeded: Bool) {
        counter(Name.backups, [("outcome", succeeded ? "succeeded" : "failed")]).increment()
    }

    /// The Prometheus text exposition, with the gauges read from the database just before (`nil`: not known, left out).
    func exposition(queueDepth: Int?, deadJobs: Int?) -> [UInt8] {
        if let queueDepth { CoreMetrics.Gauge(label: Name.pendingJobs, factory: factory).record(queueDepth) }
        if let deadJobs { CoreMetrics.Gauge(label: Name.deadJobs, factory: factory).record(deadJobs) }
        return registry.emitToBuffer()
    }

    /// `2xx`, `4xx`…
    static func statusClass(_ status: Int) -> String {
        (100...599).contains(status) ? "\(status / 100)xx" : "other"
    }

    private func counter(_ name: String, _ labels: [(String, String)] = []) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: name, dimensions: labels, factory: factory)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// What a build recorded in the metrics was: a site build (full or for some profiles), or a Quick Connect pass.
public enum BuildPass: String, Sendable, CaseIterable {
    case site
    case connect
}
