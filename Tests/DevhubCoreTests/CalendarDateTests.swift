import DevhubCore
import Foundation
import Testing

/// `CalendarDate`: parsing, day arithmetic across months, years and leap days, and which day an instant is in a time zone.
@Suite struct CalendarDateTests {
    @Test("YYYY-MM-DD parses into its parts and prints back the same")
    func parsesISO() throws {
        let date = try day("2026-03-09")
        #expect(date.year == 2026)
        #expect(date.month == 3)
        #expect(date.day == 9)
        #expect(date.iso == "2026-03-09")
        #expect(date.description == "2026-03-09")
    }

    @Test("Years before 1000 keep four digits")
    func padsYears() throws {
        let date = try #require(CalendarDate(year: 999, month: 1, day: 5))
        #expect(date.iso == "0999-01-05")
        #expect(CalendarDate(iso: "0999-01-05") == date)
    }

    @Test("Leap days exist only in leap years (divisible by 4, centuries only by 400)")
    func leapDays() {
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
        #expect(CalendarDate(iso: "2026-02-29") == nil)
        #expect(CalendarDate(iso: "2100-02-29") == nil)
        #expect(CalendarDate.isLeap(2024))
        #expect(CalendarDate.isLeap(2000))
        #expect(!CalendarDate.isLeap(1900))
        #expect(!CalendarDate.isLeap(2026))
        #expect(CalendarDate.daysIn(month: 2, year: 2028) == 29)
        #expect(CalendarDate.daysIn(month: 2, year: 2027) == 28)
        #expect(CalendarDate.daysIn(month: 4, year: 2027) == 30)
        #expect(CalendarDate.daysIn(month: 12, year: 2027) == 31)
    }

    @Test("Text that is not a real YYYY-MM-DD date is refused", arguments: [
        "", "2026-02-30", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-1-05", "26-01-05",
        "2026-01-05T10:00:00Z", "2026/01/05", "2026-01-05-", "0000-01-01", "２０２６-01-05", "abcd-ef-gh", " 2026-01-05",
        "2026-+1-05", "2026-01-+5", "+026-01-05",
    ])
    func refusesBadText(_ text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test("parse trims white space and names the field when the text is not a date")
    func parseNamesField() throws {
        #expect(try CalendarDate.parse("  2026-04-01\n", field: "reminder_date") == day("2026-04-01"))
        let error = try #require(throws: CoreError.self) { try CalendarDate.parse("next week", field: "reminder_date") }
        #expect(error.field == "reminder_date")
    }

    @Test("Day numbers count from 1970-01-01")
    func dayNumbers() throws {
        #expect(try day("1970-01-01").dayNumber == 0)
        #expect(try day("1970-01-02").dayNumber == 1)
        #expect(try day("1969-12-31").dayNumber == -1)
        #expect(try day("2000-01-01").dayNumber == 10_957)
        #expect(try day("2026-01-01").dayNumber == 20_454)
        #expect(try day("2000-03-01").dayNumber == 11_017)
    }

    @Test("A day number turns back into the same date, for four centuries of days")
    func dayNumberRoundTrip() {
        for number in stride(from: -150_000, through: 150_000, by: 1) where number % 7 == 0 || abs(number) < 1_500 {
            #expect(CalendarDate(dayNumber: number).dayNumber == number)
        }
    }

    @Test("Day numbers agree with Foundation's Gregorian calendar in UTC")
    func dayNumbersAgreeWithFoundation() throws {
        let utc = try zone("UTC")
        // 1600-01-01 … 2399-12-31, every 13th day (both calendars are proleptic Gregorian after 1582).
        for number in stride(from: -135_140, through: 157_000, by: 13) {
            let midday = Date(timeIntervalSince1970: TimeInterval(number) * 86_400 + 43_200)
            #expect(CalendarDate.on(midday, in: utc) == CalendarDate(dayNumber: number))
        }
    }

    @Test("Adding days crosses month, year and leap-day boundaries")
    func addingDays() throws {
        #expect(try day("2024-02-28").adding(days: 1) == day("2024-02-29"))
        #expect(try day("2024-02-29").adding(days: 1) == day("2024-03-01"))
        #expect(try day("2026-02-28").adding(days: 1) == day("2026-03-01"))
        #expect(try day("2026-12-31").adding(days: 1) == day("2027-01-01"))
        #expect(try day("2027-01-01").adding(days: -1) == day("2026-12-31"))
        #expect(try day("2026-01-31").adding(days: 30) == day("2026-03-02"))
        #expect(try day("2026-03-09").adding(days: 365) == day("2027-03-09"))
        #expect(try day("2027-03-09").adding(days: 365) == day("2028-03-08"))
        #expect(try day("2026-03-09").adding(days: 0) == day("2026-03-09"))
    }

    @Test("days(until:) is positive when the other date is later and negative when it is earlier")
    func daysUntil() throws {
        let today = try day("2026-12-30")
        #expect(today.days(until: try day("2027-01-02")) == 3)
        #expect(try day("2027-01-02").days(until: today) == -3)
        #expect(today.days(until: today) == 0)
        #expect(try day("2028-01-01").days(until: try day("2029-01-01")) == 366)
        #expect(try day("2027-01-01").days(until: try day("2028-01-01")) == 365)
    }

    @Test("Dates order by day, across months and years")
    func ordering() throws {
        let dates = try ["2027-01-01", "2026-12-31", "2026-02-01", "2026-01-31", "2025-12-31"].map { try day($0) }
        #expect(dates.sorted().map(\.iso) == ["2025-12-31", "2026-01-31", "2026-02-01", "2026-12-31", "2027-01-01"])
        #expect(try day("2026-01-31") < day("2026-02-01"))
        #expect(try !(day("2026-02-01") < day("2026-02-01")))
    }

    @Test("JSON carries a date as a YYYY-MM-DD string, and refuses anything else")
    func codable() throws {
        let encoded = try JSONEncoder().encode([try day("2026-04-01")])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["2026-04-01"]"#)
        #expect(try JSONDecoder().decode([CalendarDate].self, from: Data(#"["2024-02-29"]"#.utf8)) == [day("2024-02-29")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDate].self, from: Data(#"["2026-02-29"]"#.utf8)) }
    }

    // MARK: Time zones

    @Test("The same instant is a different calendar date in Auckland and in Los Angeles")
    func sameInstantDifferentDates() throws {
        let noonUTC = try instant("2026-01-15T12:00:00Z")
        // Auckland is UTC+13 in January (daylight time), Los Angeles UTC−8.
        #expect(CalendarDate.on(noonUTC, in: try zone("Pacific/Auckland")) == (try day("2026-01-16")))
        #expect(CalendarDate.on(noonUTC, in: try zone("America/Los_Angeles")) == (try day("2026-01-15")))
        #expect(CalendarDate.on(noonUTC, in: try zone("UTC")) == (try day("2026-01-15")))
    }

    @Test("A day in a time zone runs from local midnight to local midnight")
    func localMidnight() throws {
        let losAngeles = try zone("America/Los_Angeles")
        // 2026-01-16T07:59Z is 23:59 on the 15th in Los Angeles; a minute later it is the 16th.
        #expect(CalendarDate.on(try instant("2026-01-16T07:59:00Z"), in: losAngeles) == (try day("2026-01-15")))
        #expect(CalendarDate.on(try instant("2026-01-16T08:00:00Z"), in: losAngeles) == (try day("2026-01-16")))
        let auckland = try zone("Pacific/Auckland")
        // 2026-01-15T10:59Z is 23:59 on the 15th in Auckland.
        #expect(CalendarDate.on(try instant("2026-01-15T10:59:00Z"), in: auckland) == (try day("2026-01-15")))
        #expect(CalendarDate.on(try instant("2026-01-15T11:00:00Z"), in: auckland) == (try day("2026-01-16")))
    }

    @Test("Daylight-saving changes do not skip or repeat a date")
    func daylightSaving() throws {
        let losAngeles = try zone("America/Los_Angeles")
        // Clocks go forward on 2026-03-08 and back on 2026-11-01 in Los Angeles: each hour still lands on one date.
        var seen: [CalendarDate] = []
        var moment = try instant("2026-03-07T12:00:00Z")
        while moment < (try instant("2026-03-10T12:00:00Z")) {
            let date = CalendarDate.on(moment, in: losAngeles)
            if seen.last != date { seen.append(date) }
            moment += 3_600
        }
        #expect(seen.map(\.iso) == ["2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10"])
        #expect(CalendarDate.on(try instant("2026-11-01T08:30:00Z"), in: losAngeles) == (try day("2026-11-01")))
        #expect(CalendarDate.on(try instant("2026-11-02T07:59:00Z"), in: losAngeles) == (try day("2026-11-01")))
        #expect(CalendarDate.on(try instant("2026-11-02T08:00:00Z"), in: losAngeles) == (try day("2026-11-02")))
    }
}
