/// A length of time written as a number and a unit — `500ms`, `30s`, `15m`, `24h`, `7d` — for the command line's
/// duration flags (`--backup-every`, `--deletion-grace`, `--cleanup-every`). One parser for all of them.
public struct TimeSpan: Equatable, Sendable, CustomStringConvertible {
    /// The length in milliseconds.
    public let milliseconds: Int64

    /// At most this many digits before the unit (nine digits of days is still far below `Int64`'s milliseconds).
    public static let maximumDigits = 9

    /// A unit's spelling and its length.
    typealias Unit = (suffix: String, milliseconds: Int64)

    static let units: [Unit] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]

    /// A span of `milliseconds`.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Parses `text` (ASCII digits, then one unit: `ms`, `s`, `m`, `h` or `d`); `field` names the flag in the error.
    /// Zero is refused unless `allowingZero` (a wait that may be none): most flags using it mean "how often" or "how
    /// long", never "not at all".
    public init(parsing text: String, field: String, allowingZero: Bool = false) throws(CoreError) {
        guard let milliseconds = Self.milliseconds(of: text.unicodeScalars, units: Self.units, maximumDigits: Self.maximumDigits) else {
            throw CoreError(field: field, "must be a number followed by ms, s, m, h or d, such as 30s, 15m, 24h or 7d")
        }
        guard milliseconds > 0 || allowingZero else { throw CoreError(field: field, "must be greater than zero") }
        self.milliseconds = milliseconds
    }

    /// The milliseconds of `scalars` read as ASCII digits (at most `maximumDigits`) followed by one of `units`, or
    /// nil when they are not of that form. Reads at most one scalar more than the longest valid text (anything longer
    /// already fails on its digits or its unit), so it is cheap however long the input.
    static func milliseconds(of scalars: some Collection<Unicode.Scalar>, units: [Unit], maximumDigits: Int) -> Int64? {
        let longestUnit = units.map(\.suffix.unicodeScalars.count).max() ?? 0
        let head = Array(scalars.prefix(maximumDigits + longestUnit + 1))
        let digits = head.prefix { $0.value >= 0x30 && $0.value <= 0x39 }
        let unit = String(String.UnicodeScalarView(head.dropFirst(digits.count)))
        guard !digits.isEmpty, digits.count <= maximumDigits, let multiplier = units.first(where: { $0.suffix == unit })?.milliseconds
        else { return nil }
        return digits.reduce(Int64(0)) { $0 * 10 + Int64($1.value - 0x30) } * multiplier
    }

    /// The span in the largest unit that divides it (`86400000` → `1d`).
    public var description: String {
        for (suffix, size) in Self.units.reversed() where milliseconds % size == 0 && milliseconds >= size {
            return "\(milliseconds / size)\(suffix)"
        }
        return "\(milliseconds)ms"
    }
}
