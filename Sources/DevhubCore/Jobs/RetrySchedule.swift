/// When a failed job runs again: entry N is the wait before retry N (the first attempt runs at once); a job that
/// fails once more after the last entry is dead. Each wait is jittered by ±``jitter`` so jobs that failed together
/// do not all come back at the same moment.
public struct RetrySchedule: Sendable, Equatable {
    /// Waits in milliseconds, in order.
    public let waits: [Int64]
    /// The fraction a wait may move either way (0.1: ±10%).
    public let jitter: Double

    /// At most this many entries, each at most ``longestWait``; the text at most ``maximumTextLength`` bytes.
    public static let maximumEntries = 50
    public static let longestWait: Int64 = 30 * 24 * 3_600_000
    public static let maximumTextLength = 1_000

    /// The Standard Webhooks schedule: immediately, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h.
    public static let standardWebhooks = RetrySchedule(
        waits: [5_000, 300_000, 1_800_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 14 * 3_600_000,
                20 * 3_600_000, 24 * 3_600_000])

    /// A schedule of `waits` (milliseconds) jittered by `jitter`.
    public init(waits: [Int64], jitter: Double = 0.1) {
        self.waits = waits
        self.jitter = jitter
    }

    /// Parses `"1s,5s,5m,2h,1d"`: comma-separated whole numbers with a unit (`s`, `m`, `h` or `d`), spaces around
    /// entries allowed. Throws a ``CoreError`` for `field` naming the first bad entry. Linear in the text.
    public init(parsing text: String, field: String = "--retry-schedule") throws {
        guard text.utf8.count <= Self.maximumTextLength else {
            throw CoreError(field: field, "is longer than \(Self.maximumTextLength) characters", tooLarge: true)
        }
        var waits: [Int64] = []
        for (index, raw) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            guard index < Self.maximumEntries else {
                throw CoreError(field: field, "has more than \(Self.maximumEntries) entries", tooLarge: true)
            }
            waits.append(try Self.duration(String(raw), field: field, position: index + 1))
        }
        self.init(waits: waits)
    }

    /// The wait in milliseconds before the retry that follows failed attempt number `attempts` (1 for the first
    /// run), jittered with `random` (a value in 0...1); nil when the schedule is exhausted and the job is dead.
    public func wait(afterAttempts attempts: Int, random: Double = Double.random(in: 0...1)) -> Int64? {
        guard attempts >= 1, attempts <= waits.count else { return nil }
        let base = Double(waits[attempts - 1])
        let factor = 1 + jitter * (2 * min(max(random, 0), 1) - 1)
        return Int64((base * factor).rounded())
    }

    /// The schedule as it would be typed: `5s,5m,30m,…`.
    public var text: String {
        waits.map { $0 == 0 ? "0s" : TimeSpan(milliseconds: $0).description }.joined(separator: ",")
    }

    /// The units an entry may have (no `ms`: the shortest wait worth scheduling is a second).
    private static let units = TimeSpan.units.filter { $0.suffix != "ms" }

    private static func duration(_ raw: String, field: String, position: Int) throws -> Int64 {
        let entry = raw.unicodeScalars.filter { $0 != " " && $0 != "\t" }
        // At most 11 digits and the unit; zero is allowed (retry at once).
        guard let wait = TimeSpan.milliseconds(of: entry, units: units, maximumDigits: 11) else {
            throw CoreError(field: field, "entry \(position) ('\(raw.prefix(20))') must be a whole number followed by s, m, h or d, e.g. 5m")
        }
        guard wait <= longestWait else { throw CoreError(field: field, "entry \(position) is longer than 30 days") }
        return wait
    }
}
