import Foundation

/// Fixed-window counters in memory: enough for one process on one machine (the deployment this server targets).
public actor RateLimiter {
    private struct Window { var start: Date; var count: Int }
    private var windows: [String: Window] = [:]
    private let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = Date.init) {
        self.now = now
    }

    /// Counts one event for `key`; returns nil when it is within `limit` per `window`, else the seconds to wait.
    public func hit(_ key: String, limit: Int, window: TimeInterval) -> Int? {
        let now = now()
        var current = windows[key] ?? Window(start: now, count: 0)
        if now.timeIntervalSince(current.start) >= window { current = Window(start: now, count: 0) }
        current.count += 1
        windows[key] = current
        if windows.count > 100_000 { windows = windows.filter { now.timeIntervalSince($0.value.start) < window } }
        guard current.count > limit else { return nil }
        return max(1, Int((window - now.timeIntervalSince(current.start)).rounded(.up)))
    }

    /// Whether `key` is over `limit` now, without counting.
    public func isLimited(_ key: String, limit: Int, window: TimeInterval) -> Int? {
        let now = now()
        guard let current = windows[key], now.timeIntervalSince(current.start) < window, current.count >= limit else { return nil }
        return max(1, Int((window - now.timeIntervalSince(current.start)).rounded(.up)))
    }

    /// Forgets `key` (a successful log-in clears its failures).
    public func reset(_ key: String) {
        windows[key] = nil
    }
}
