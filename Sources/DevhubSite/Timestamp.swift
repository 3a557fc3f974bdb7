import Foundation

/// Deterministic UTC date text for pages, sitemaps and vCards.
public enum Timestamp {
    /// `2026-11-21T20:16:57Z` for `milliseconds` since 1970.
    public static func iso8601(_ milliseconds: Int64) -> String {
        let parts = utc(milliseconds)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second)
    }

    /// `20261121T201657Z`, the basic format vCard's `REV` uses.
    public static func basic(_ milliseconds: Int64) -> String {
        let parts = utc(milliseconds)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second)
    }

    private static func utc(_ milliseconds: Int64) -> (year: Int32, month: Int32, day: Int32, hour: Int32, minute: Int32, second: Int32) {
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return (parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
