/// A length of time written as a number and a unit — `500ms`, `30s`, `15m`, `24h`, `7d` — for the command line's
/// duration flags (`--backup-every`, `--deletion-grace`, `--cleanup-every`). One parser for all of them.
public struct TimeSpan: Equatable, Sendable, CustomStringConvertible {
    /// The length in milliseconds.
    public let milliseconds: Int64

    /// At most this many digits before the unit (nine digits of days is still far below `Int64`'s milliseconds).
    public static let maximumDigits = 9

    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// A span of `milliseconds`.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Parses `text` (ASCII digits, then one unit: `ms`, `s`, `m`, `h` or `d`); `field` names the flag in the error.
    /// Zero is refused: every flag using it means "how often" or "how long", never "not at all".
    public init(parsing text: String, field: String) throws(CoreError) {
        let scalars = Array(text.unicodeScalars.prefix(Self.maximumDigits + 3))
        let digits = scalars.prefix { $0.value >= 0x30 && $0.value <= 0x39 }
        let unit = String(String.UnicodeScalarView(scalars.dropFirst(digits.count)))
        guard text.unicodeScalars.count == scalars.count, !digits.isEmpty, digits.count <= Self.maximumDigits,
              let multiplier = Self.units.first(where: { $0.suffix == unit })?.milliseconds
        else {
            throw CoreError(field: field, "must be a number followed by ms, s, m, h or d, such as 30s, 15m, 24h or 7d")
        }
        let number = digits.reduce(Int64(0)) { $0 * 10 + Int64($1.value - 0x30) }
        guard number > 0 else { throw CoreError(field: field, "must be greater than zero") }
        milliseconds = number * multiplier
    }

    /// The span in the largest unit that divides it (`86400000` → `1d`).
    public var description: String {
        for (suffix, size) in Self.units.reversed() where milliseconds % size == 0 && milliseconds >= size {
            return "\(milliseconds / size)\(suffix)"
        }
        return "\(milliseconds)ms"
    }
}
