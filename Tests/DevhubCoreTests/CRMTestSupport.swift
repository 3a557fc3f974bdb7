import DevhubCore
import Foundation
import Testing

/// The calendar date `iso` (`YYYY-MM-DD`); the test fails when it is not a date.
func day(_ iso: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> CalendarDate {
    try #require(CalendarDate(iso: iso), "'\(iso)' is not a date", sourceLocation: sourceLocation)
}

/// The instant written in ISO 8601 (`2026-01-15T12:00:00Z`); the test fails when it does not parse.
func instant(_ iso: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Date {
    try #require(ISO8601DateFormatter().date(from: iso), "'\(iso)' is not an instant", sourceLocation: sourceLocation)
}

/// The time zone `identifier` (the test fails when the system has no such zone).
func zone(_ identifier: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> TimeZone {
    try #require(TimeZone(identifier: identifier), "no time zone \(identifier)", sourceLocation: sourceLocation)
}
