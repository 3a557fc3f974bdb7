import DevhubCore
import DevhubSite
import Logging

/// Runs the generator for the server: targeted rebuilds for changed profiles and full incremental ones,
/// one at a time, coalescing requests that arrive while a build runs (a burst of edits to one profile
/// renders it once more, not once per edit).
public actor Regenerator {
    private let builder: SiteBuilder
    private let logger: Logger
    private var pendingNames: Set<Username> = []
    private var pendingFull = false
    private var running: Task<BuildReport, Error>?
    /// Called after every build that changed files, with its report (the server queues the deploy hooks).
    private let onChange: @Sendable (BuildReport) async throws -> Void
    /// Counts builds and records when the site was last built.
    private let recorder: BuildRecorder

    /// A regenerator over `builder`.
    public init(
        builder: SiteBuilder, logger: Logger, recorder: BuildRecorder, onChange: @escaping @Sendable (BuildReport) async throws -> Void
    ) {
        self.builder = builder
        self.logger = logger
        self.recorder = recorder
        self.onChange = onChange
    }

    /// Regenerates `usernames` (or everything when nil) and returns once a build that includes them finished.
    @discardableResult
    public func regenerate(_ usernames: [Username]?) async throws -> BuildReport {
        if let usernames { pendingNames.formUnion(usernames) } else { pendingFull = true }
        // Builds run one at a time; whoever resumes first after one ends builds everything pending,
        // and later waiters find their names already done.
        await waitUntilIdle()
        guard pendingFull || !pendingNames.isEmpty else { return lastReport }
        let names = pendingFull ? nil : pendingNames.sorted()
        pendingNames = []
        pendingFull = false
        let builder = self.builder
        let report = try await recorder.record(.site) { try await runAlone { try await builder.build(only: names) } }
        lastReport = report
        logger.info("site regenerated", metadata: [
            "targeted": "\(names?.count ?? 0)", "written": "\(report.written)", "deleted": "\(report.deleted)",
            "seconds": "\(report.seconds)",
        ])
        if report.written + report.deleted > 0 { try await onChange(report) }
        return report
    }

    /// Renders Quick Connect pages (``SiteBuilder/renderConnectPages(_:)``) and hands changes to the deploy hooks.
    @discardableResult
    public func renderConnectPages(_ scope: ConnectPageScope) async throws -> BuildReport {
        // One pass over the output at a time, like builds (the output lock would block a thread instead).
        let builder = self.builder
        let report = try await recorder.record(.connect) { try await runAlone { try await builder.renderConnectPages(scope) } }
        if report.written + report.deleted > 0 { try await onChange(report) }
        return report
    }

    /// Runs `work` as the running build once no other build or pass runs (nothing suspends between the wait and
    /// taking the slot, so callers that checked their state just before keep it).
    private func runAlone(_ work: @escaping @Sendable () async throws -> BuildReport) async throws -> BuildReport {
        await waitUntilIdle()
        let task = Task { try await work() }
        running = task
        defer { if running == task { running = nil } }
        return try await task.value
    }

    /// Waits until no build or pass runs. Whoever sees the running one finished clears it: awaiting a finished task
    /// does not suspend, so a waiter that left it set would spin on the actor and starve its owner.
    private func waitUntilIdle() async {
        while let current = running {
            _ = try? await current.value
            if running == current { running = nil }
        }
    }

    private var lastReport = BuildReport()
}
