/// A birthday: month and day, the year when known. Written `YYYY-MM-DD`, or `--MM-DD` without a year (vCard's form).
public struct Birthday: Hashable, Sendable, CustomStringConvertible {
    public let month: Int
    public let day: Int
    public let year: Int?

    /// The birthday, or nil for a day that never exists (Feb 30; Feb 29 needs a leap year when the year is given).
    public init?(month: Int, day: Int, year: Int? = nil) {
        let referenceYear = year ?? 2000  // a leap year: Feb 29 is a valid yearless birthday
        guard CalendarDate(year: referenceYear, month: month, day: day) != nil else { return nil }
        self.month = month
        self.day = day
        self.year = year
    }

    /// Parses `YYYY-MM-DD` or `--MM-DD`; throws naming `field`.
    public static func parse(_ raw: String, field: String = "birthday") throws(CoreError) -> Birthday {
        let text = Text.trimmed(raw)
        if text.hasPrefix("--") {
            let parts = text.dropFirst(2).split(separator: "-")
            if parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }), let month = Int(parts[0]), let day = Int(parts[1]),
               let birthday = Birthday(month: month, day: day)
            {
                return birthday
            }
        } else if let date = CalendarDate(iso: text) {
            return Birthday(month: date.month, day: date.day, year: date.year)!
        }
        throw CoreError(field: field, "'\(raw)' is not a birthday (YYYY-MM-DD, or --MM-DD without the year)")
    }

    /// `YYYY-MM-DD`, or `--MM-DD` without a year.
    public var description: String {
        let monthDay = (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)"
        guard let year else { return "--" + monthDay }
        return String(repeating: "0", count: max(0, 4 - String(year).count)) + "\(year)-" + monthDay
    }

    /// The day it is celebrated in `year`: Feb 29 falls on Feb 28 in common years.
    public func date(in year: Int) -> CalendarDate {
        CalendarDate(year: year, month: month, day: day) ?? CalendarDate(year: year, month: 2, day: 28)!
    }

    /// The next celebration on or after `today`.
    public func next(onOrAfter today: CalendarDate) -> CalendarDate {
        let thisYear = date(in: today.year)
        return thisYear >= today ? thisYear : date(in: today.year + 1)
    }

    /// Days from `today` to the next celebration (0 on the day).
    public func daysUntil(from today: CalendarDate) -> Int {
        today.days(until: next(onOrAfter: today))
    }

    /// The age reached at the next celebration, when the year is known.
    public func ageAtNext(onOrAfter today: CalendarDate) -> Int? {
        year.map { next(onOrAfter: today).year - $0 }
    }
}
