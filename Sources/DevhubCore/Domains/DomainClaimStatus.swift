/// Where a custom domain stands: only a `verified` one is published (its folder, `domains.json`, the `Host`
/// routing and the profile's canonical URL).
public enum DomainClaimStatus: String, Codable, Sendable, CaseIterable {
    /// No domain is set.
    case none
    /// Set, not (or no longer) proven by DNS; checked again with backoff.
    case pending
    /// Proven: DNS shows the CNAME or the challenge TXT record.
    case verified
    /// Still unproven after ``DomainCheckSchedule/pendingWindowMilliseconds``; checked again only when the owner asks.
    case failed
}

/// When domains are checked: pending ones with growing waits until a week has passed, verified ones daily.
public struct DomainCheckSchedule: Sendable, Equatable {
    /// Waits before the next check of a pending domain, by attempts made (the last one repeats).
    public var pendingWaits: [Int64] = [60_000, 300_000, 900_000, 3_600_000, 6 * 3_600_000]
    /// How long a domain may stay pending before it is `failed`.
    public var pendingWindowMilliseconds: Int64 = 7 * 24 * 3_600_000
    /// How often a verified domain is checked again.
    public var verifiedRecheckMilliseconds: Int64 = 24 * 3_600_000

    /// The default schedule.
    public init() {}

    /// The wait before the next check of a pending domain after `attempts` checks.
    public func pendingWait(afterAttempts attempts: Int) -> Int64 {
        pendingWaits[min(max(attempts - 1, 0), pendingWaits.count - 1)]
    }
}
