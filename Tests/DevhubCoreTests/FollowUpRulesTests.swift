import DevhubCore
import Foundation
import Testing

/// `FollowUp`: the cadence, one-off reminders (the earlier wins), resetting on logging, the due-soon window,
/// birthdays a week ahead, and due dates compared as calendar dates in the owner's time zone.
@Suite struct FollowUpRulesTests {
    // MARK: Next date

    @Test("The cadence counts from the last interaction")
    func cadenceFromLastInteraction() throws {
        let next = FollowUp.nextDate(lastInteraction: try day("2026-02-20"), addedOn: try day("2025-06-01"), cadenceDays: 30, reminder: nil)
        #expect(next == (try day("2026-03-22")))
    }

    @Test("With no interaction yet, the cadence counts from the day the contact was added")
    func cadenceFromAddedOn() throws {
        let next = FollowUp.nextDate(lastInteraction: nil, addedOn: try day("2025-12-15"), cadenceDays: 21, reminder: nil)
        #expect(next == (try day("2026-01-05")))
    }

    @Test("A cadence crosses a leap day")
    func cadenceAcrossLeapDay() throws {
        #expect(FollowUp.nextDate(lastInteraction: try day("2028-02-15"), addedOn: try day("2028-01-01"), cadenceDays: 14, reminder: nil)
            == (try day("2028-02-29")))
        #expect(FollowUp.nextDate(lastInteraction: try day("2027-02-15"), addedOn: try day("2027-01-01"), cadenceDays: 14, reminder: nil)
            == (try day("2027-03-01")))
    }

    @Test("A reminder alone sets the next date")
    func reminderAlone() throws {
        let next = FollowUp.nextDate(lastInteraction: try day("2026-01-01"), addedOn: try day("2025-01-01"), cadenceDays: nil, reminder: try day("2026-05-04"))
        #expect(next == (try day("2026-05-04")))
    }

    @Test("With neither a cadence nor a reminder there is no next date")
    func nothingSet() throws {
        #expect(FollowUp.nextDate(lastInteraction: try day("2026-01-01"), addedOn: try day("2025-01-01"), cadenceDays: nil, reminder: nil) == nil)
        #expect(FollowUp.nextDate(lastInteraction: nil, addedOn: try day("2025-01-01"), cadenceDays: nil, reminder: nil) == nil)
    }

    @Test("A reminder earlier than the cadence date wins")
    func earlierReminderWins() throws {
        let next = FollowUp.nextDate(lastInteraction: try day("2026-03-01"), addedOn: try day("2025-01-01"), cadenceDays: 30, reminder: try day("2026-03-10"))
        #expect(next == (try day("2026-03-10")))
    }

    @Test("A cadence date earlier than the reminder wins")
    func earlierCadenceWins() throws {
        let next = FollowUp.nextDate(lastInteraction: try day("2026-03-01"), addedOn: try day("2025-01-01"), cadenceDays: 7, reminder: try day("2026-03-10"))
        #expect(next == (try day("2026-03-08")))
    }

    @Test("A reminder on the cadence date gives that date")
    func reminderOnCadenceDate() throws {
        let next = FollowUp.nextDate(lastInteraction: nil, addedOn: try day("2026-03-01"), cadenceDays: 9, reminder: try day("2026-03-10"))
        #expect(next == (try day("2026-03-10")))
    }

    // MARK: Status

    @Test("Status by days until the follow-up: overdue before today, due soon for today and 3 days, then ok", arguments: [
        ("2026-03-09", FollowUpStatus.overdue),
        ("2025-12-31", .overdue),
        ("2026-03-10", .dueSoon),
        ("2026-03-11", .dueSoon),
        ("2026-03-13", .dueSoon),
        ("2026-03-14", .ok),
        ("2027-01-01", .ok),
    ])
    func status(next: String, expected: FollowUpStatus) throws {
        #expect(FollowUp.status(next: try day(next), today: try day("2026-03-10")) == expected)
    }

    @Test("No follow-up date is ok")
    func noDateIsOK() throws {
        #expect(FollowUp.status(next: nil, today: try day("2026-03-10")) == .ok)
    }

    @Test("Status names are the API's spelling")
    func statusRawValues() {
        #expect(FollowUpStatus.allCases.map(\.rawValue) == ["ok", "due_soon", "overdue"])
    }

    @Test("Due soon is judged across the year boundary")
    func statusAcrossNewYear() throws {
        #expect(FollowUp.status(next: try day("2027-01-02"), today: try day("2026-12-30")) == .dueSoon)
        #expect(FollowUp.status(next: try day("2027-01-03"), today: try day("2026-12-30")) == .ok)
        #expect(FollowUp.status(next: try day("2026-12-31"), today: try day("2027-01-01")) == .overdue)
    }

    // MARK: Logging resets the timer

    @Test("Logging an interaction restarts the cadence from its date")
    func loggingResetsCadence() throws {
        let added = try day("2025-01-01")
        let before = FollowUp.nextDate(lastInteraction: try day("2026-01-10"), addedOn: added, cadenceDays: 30, reminder: nil)
        #expect(before == (try day("2026-02-09")))
        #expect(FollowUp.status(next: before, today: try day("2026-02-20")) == .overdue)
        // A call on 2026-02-20 is now the last interaction.
        let after = FollowUp.nextDate(lastInteraction: try day("2026-02-20"), addedOn: added, cadenceDays: 30, reminder: nil)
        #expect(after == (try day("2026-03-22")))
        #expect(FollowUp.status(next: after, today: try day("2026-02-20")) == .ok)
    }

    @Test("Logging an interaction settles a pending reminder")
    func loggingSettlesReminder() throws {
        let reminder = FollowUp.reminderAfterLogging(
            interactionDate: try day("2026-03-10"), followUp: nil, currentReminder: try day("2026-03-12"),
            previousLastInteraction: try day("2026-02-01"))
        #expect(reminder == nil)
        // With the reminder settled, the cadence alone sets the next date again.
        let next = FollowUp.nextDate(lastInteraction: try day("2026-03-10"), addedOn: try day("2025-01-01"), cadenceDays: 60, reminder: reminder)
        #expect(next == (try day("2026-05-09")))
    }

    @Test("The first interaction ever settles a pending reminder")
    func firstInteractionSettlesReminder() throws {
        let reminder = FollowUp.reminderAfterLogging(
            interactionDate: try day("2026-03-10"), followUp: nil, currentReminder: try day("2026-03-12"), previousLastInteraction: nil)
        #expect(reminder == nil)
    }

    @Test("An interaction on the same day as the last one still settles the reminder")
    func sameDaySettles() throws {
        let reminder = FollowUp.reminderAfterLogging(
            interactionDate: try day("2026-03-10"), followUp: nil, currentReminder: try day("2026-04-01"),
            previousLastInteraction: try day("2026-03-10"))
        #expect(reminder == nil)
    }

    @Test("A back-filled interaction dated before the last one leaves the reminder alone")
    func backfillKeepsReminder() throws {
        let reminder = FollowUp.reminderAfterLogging(
            interactionDate: try day("2026-01-15"), followUp: nil, currentReminder: try day("2026-03-12"),
            previousLastInteraction: try day("2026-02-01"))
        #expect(reminder == (try day("2026-03-12")))
        let none = FollowUp.reminderAfterLogging(
            interactionDate: try day("2026-01-15"), followUp: nil, currentReminder: nil, previousLastInteraction: try day("2026-02-01"))
        #expect(none == nil)
    }

    @Test("An interaction's own follow-up date becomes the reminder")
    func interactionFollowUpBecomesReminder() throws {
        let reminder = FollowUp.reminderAfterLogging(
            interactionDate: try day("2026-03-10"), followUp: try day("2026-03-24"), currentReminder: try day("2026-03-12"),
            previousLastInteraction: try day("2026-02-01"))
        #expect(reminder == (try day("2026-03-24")))
        let noPrevious = FollowUp.reminderAfterLogging(
            interactionDate: try day("2026-03-10"), followUp: try day("2026-03-11"), currentReminder: nil, previousLastInteraction: nil)
        #expect(noPrevious == (try day("2026-03-11")))
        // …and it competes with the cadence like any reminder: the earlier wins.
        let next = FollowUp.nextDate(lastInteraction: try day("2026-03-10"), addedOn: try day("2025-01-01"), cadenceDays: 30, reminder: reminder)
        #expect(next == (try day("2026-03-24")))
    }

    // MARK: Birthdays

    @Test("A birthday is flagged from a week ahead through the day itself", arguments: [
        ("--03-10", true), ("--03-11", true), ("--03-17", true), ("--03-18", false), ("--03-09", false), ("1990-03-17", true),
    ])
    func birthdaySoon(birthday: String, expected: Bool) throws {
        #expect(FollowUp.birthdaySoon(try Birthday.parse(birthday), today: try day("2026-03-10")) == expected)
    }

    @Test("A January birthday is flagged at the end of December")
    func birthdaySoonAcrossNewYear() throws {
        let january2 = try Birthday.parse("--01-02")
        #expect(FollowUp.birthdaySoon(january2, today: try day("2026-12-30")))
        #expect(FollowUp.birthdaySoon(january2, today: try day("2026-12-26")))
        #expect(!FollowUp.birthdaySoon(january2, today: try day("2026-12-25")))
    }

    @Test("A Feb 29 birthday is flagged ahead of Feb 28 in a common year and of Feb 29 in a leap year")
    func birthdaySoonLeapDay() throws {
        let leapling = try Birthday.parse("--02-29")
        #expect(FollowUp.birthdaySoon(leapling, today: try day("2027-02-21")))
        #expect(!FollowUp.birthdaySoon(leapling, today: try day("2027-02-20")))
        #expect(FollowUp.birthdaySoon(leapling, today: try day("2028-02-22")))
        #expect(!FollowUp.birthdaySoon(leapling, today: try day("2028-02-21")))
        #expect(!FollowUp.birthdaySoon(leapling, today: try day("2027-03-01")))
    }

    @Test("No birthday is never soon")
    func noBirthday() throws {
        #expect(!FollowUp.birthdaySoon(nil, today: try day("2026-03-10")))
    }

    // MARK: Time zones

    @Test("A due date compares as a calendar date: the same instant is due today in Auckland and tomorrow in Los Angeles")
    func dueDateByTimeZone() throws {
        let moment = try instant("2026-01-15T12:00:00Z")
        let due = try day("2026-01-16")
        let inAuckland = CalendarDate.on(moment, in: try zone("Pacific/Auckland"))
        let inLosAngeles = CalendarDate.on(moment, in: try zone("America/Los_Angeles"))
        #expect(inAuckland.days(until: due) == 0)
        #expect(inLosAngeles.days(until: due) == 1)
        let dueYesterdayInAuckland = try day("2026-01-15")
        #expect(FollowUp.status(next: dueYesterdayInAuckland, today: inAuckland) == .overdue)
        #expect(FollowUp.status(next: dueYesterdayInAuckland, today: inLosAngeles) == .dueSoon)
    }

    @Test("A follow-up due today is not overdue until local midnight, however many hours have passed")
    func notOverdueBeforeLocalMidnight() throws {
        let losAngeles = try zone("America/Los_Angeles")
        let due = try day("2026-01-15")
        // 23:59 on the 15th in Los Angeles is already the 16th in UTC.
        let lateEvening = CalendarDate.on(try instant("2026-01-16T07:59:00Z"), in: losAngeles)
        #expect(FollowUp.status(next: due, today: lateEvening) == .dueSoon)
        let justAfterMidnight = CalendarDate.on(try instant("2026-01-16T08:00:00Z"), in: losAngeles)
        #expect(FollowUp.status(next: due, today: justAfterMidnight) == .overdue)
    }

    @Test("The ranking sees the same instant differently in Auckland and in Los Angeles")
    func attentionByTimeZone() throws {
        let candidate = AttentionCandidate(id: "c1", name: "Kiri", nextFollowUp: try day("2026-01-15"), addedOn: try day("2025-01-01"))
        let moment = try instant("2026-01-15T12:00:00Z")
        let auckland = CalendarDate.on(moment, in: try zone("Pacific/Auckland"))
        let losAngeles = CalendarDate.on(moment, in: try zone("America/Los_Angeles"))
        #expect(Attention.reasons(candidate, today: auckland) == [.overdue(days: 1)])
        #expect(Attention.score(candidate, today: auckland) == 120)
        #expect(Attention.reasons(candidate, today: losAngeles) == [.dueToday])
        #expect(Attention.score(candidate, today: losAngeles) == 120)
    }
}
