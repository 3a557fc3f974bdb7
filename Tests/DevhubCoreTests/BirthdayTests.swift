import DevhubCore
import Testing

/// `Birthday`: the two spellings, leap-day birthdays, and the next celebration across year boundaries.
@Suite struct BirthdayTests {
    private func birthday(_ text: String) throws -> Birthday { try Birthday.parse(text) }

    @Test("YYYY-MM-DD keeps the year; --MM-DD has none; both print back as given")
    func spellings() throws {
        let withYear = try birthday("1990-04-12")
        #expect(withYear == Birthday(month: 4, day: 12, year: 1990))
        #expect(withYear.description == "1990-04-12")
        let yearless = try birthday("--04-12")
        #expect(yearless == Birthday(month: 4, day: 12))
        #expect(yearless.year == nil)
        #expect(yearless.description == "--04-12")
        #expect(try birthday("  --12-01 \n").description == "--12-01")
        #expect(try birthday("0850-01-09").description == "0850-01-09")
    }

    @Test("Feb 29 needs a leap year when the year is given; without a year it is always allowed")
    func leapDayBirthdays() throws {
        #expect(Birthday(month: 2, day: 29, year: 2000) != nil)
        #expect(Birthday(month: 2, day: 29, year: 1999) == nil)
        #expect(Birthday(month: 2, day: 29) != nil)
        #expect(try birthday("--02-29") == Birthday(month: 2, day: 29))
        #expect(try birthday("2004-02-29") == Birthday(month: 2, day: 29, year: 2004))
    }

    @Test("Days that never exist are refused, naming the field", arguments: [
        "1999-02-29", "--02-30", "--04-31", "--13-01", "--00-10", "--4-12", "--0412", "04-12", "12/04/1990", "April 12", "",
        "--+4-12", "--04-+2", "1990-+4-12",
    ])
    func refusesImpossibleDays(_ text: String) throws {
        let error = try #require(throws: CoreError.self) { try Birthday.parse(text) }
        #expect(error.field == "birthday")
        let named = try #require(throws: CoreError.self) { try Birthday.parse(text, field: "contacts[3].birthday") }
        #expect(named.field == "contacts[3].birthday")
    }

    @Test("A Feb 29 birthday is celebrated on Feb 28 in common years")
    func leapDayInCommonYears() throws {
        let leapling = try birthday("--02-29")
        #expect(leapling.date(in: 2027) == (try day("2027-02-28")))
        #expect(leapling.date(in: 2028) == (try day("2028-02-29")))
        #expect(leapling.date(in: 2100) == (try day("2100-02-28")))
        #expect(leapling.date(in: 2000) == (try day("2000-02-29")))
        let bornInLeapYear = try birthday("2004-02-29")
        #expect(bornInLeapYear.date(in: 2026) == (try day("2026-02-28")))
    }

    @Test("Next Feb 29 celebration, seen from around Feb 28 in common and leap years", arguments: [
        ("2027-02-27", "2027-02-28", 1),
        ("2027-02-28", "2027-02-28", 0),
        ("2027-03-01", "2028-02-29", 365),
        ("2028-02-28", "2028-02-29", 1),
        ("2028-02-29", "2028-02-29", 0),
        ("2028-03-01", "2029-02-28", 364),
        ("2099-03-01", "2100-02-28", 364),
    ])
    func nextLeapDay(today: String, expected: String, days: Int) throws {
        let leapling = try birthday("--02-29")
        #expect(leapling.next(onOrAfter: try day(today)) == (try day(expected)))
        #expect(leapling.daysUntil(from: try day(today)) == days)
    }

    @Test("The next celebration crosses the year boundary (Dec 30 → Jan 2)")
    func acrossNewYear() throws {
        let january2 = try birthday("--01-02")
        #expect(january2.next(onOrAfter: try day("2026-12-30")) == (try day("2027-01-02")))
        #expect(january2.daysUntil(from: try day("2026-12-30")) == 3)
        #expect(january2.daysUntil(from: try day("2026-12-31")) == 2)
        #expect(january2.daysUntil(from: try day("2027-01-01")) == 1)
        #expect(january2.daysUntil(from: try day("2027-01-02")) == 0)
        // The day after, the next one is a year away (2027 is a common year).
        #expect(january2.next(onOrAfter: try day("2027-01-03")) == (try day("2028-01-02")))
        #expect(january2.daysUntil(from: try day("2027-01-03")) == 364)
        let december31 = try birthday("1985-12-31")
        #expect(december31.daysUntil(from: try day("2027-01-01")) == 364)
        #expect(december31.daysUntil(from: try day("2028-01-01")) == 365)
    }

    @Test("The age at the next celebration is known only with the year")
    func age() throws {
        let born = try birthday("1990-04-12")
        #expect(born.ageAtNext(onOrAfter: try day("2026-04-11")) == 36)
        #expect(born.ageAtNext(onOrAfter: try day("2026-04-12")) == 36)
        #expect(born.ageAtNext(onOrAfter: try day("2026-04-13")) == 37)
        #expect(born.ageAtNext(onOrAfter: try day("2026-12-31")) == 37)
        #expect(try birthday("--04-12").ageAtNext(onOrAfter: try day("2026-04-12")) == nil)
    }
}
