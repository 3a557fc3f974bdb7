import Foundation

/// Deterministic UTC date text for pages, sitemaps and vCards (hot: every sitemap entry has one, so no
/// `String(format:)` or formatters here).
public enum Timestamp {
    /// `2026-11-21T20:16:57Z` for `milliseconds` since 1970.
    public static func iso8601(_ milliseconds: Int64) -> String {
        format(milliseconds, dateSeparator: UInt8(ascii: "-"), timeSeparator: UInt8(ascii: ":"))
    }

    /// `20261121T201657Z`, the basic format vCard's `REV` uses.
    public static func basic(_ milliseconds: Int64) -> String {
        format(milliseconds, dateSeparator: nil, timeSeparator: nil)
    }

    /// `21 November 2026`, for people.
    public static func readableDate(_ milliseconds: Int64) -> String {
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return "\(parts.tm_mday) \(monthNames[Int(parts.tm_mon)]) \(parts.tm_year + 1900)"
    }

    /// `21 November 2026, 07:30 UTC`, for people.
    public static func readableDateTime(_ milliseconds: Int64) -> String {
        "\(readableDate(milliseconds)), \(iso8601(milliseconds).dropFirst(11).prefix(5)) UTC"
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    private static func format(_ milliseconds: Int64, dateSeparator: UInt8?, timeSeparator: UInt8?) -> String {
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var out = [UInt8]()
        out.reserveCapacity(20)
        func digits(_ value: Int32, _ count: Int) {
            var divisor: Int32 = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8((rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(parts.tm_year + 1900, 4)
        if let dateSeparator { out.append(dateSeparator) }
        digits(parts.tm_mon + 1, 2)
        if let dateSeparator { out.append(dateSeparator) }
        digits(parts.tm_mday, 2)
        out.append(UInt8(ascii: "T"))
        digits(parts.tm_hour, 2)
        if let timeSeparator { out.append(timeSeparator) }
        digits(parts.tm_min, 2)
        if let timeSeparator { out.append(timeSeparator) }
        digits(parts.tm_sec, 2)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }
}
