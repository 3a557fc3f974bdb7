import DevhubCore
import Foundation
import Testing

/// `Attention`: the digest's "needs attention" list for a fixed today — reasons, exact scores from the documented
/// formula, and a deterministic order (score, then case-insensitive name, then id).
@Suite struct AttentionRankingTests {
    /// Today in every test unless it says otherwise: Tuesday 2026-03-10.
    private let today = CalendarDate(year: 2026, month: 3, day: 10)!

    private func candidate(
        _ id: String, _ name: String, vip: Bool = false, importance: Importance = .normal, next: String? = nil,
        lastContacted: String? = nil, addedOn: String = "2025-01-01", birthday: String? = nil
    ) throws -> AttentionCandidate {
        AttentionCandidate(
            id: id, name: name, vip: vip, importance: importance, nextFollowUp: try next.map { try day($0) },
            lastContacted: try lastContacted.map { try day($0) }, addedOn: try day(addedOn),
            birthday: try birthday.map { try Birthday.parse($0) })
    }

    /// The fixed address book the ranking tests share (deliberately not in the expected order).
    private func addressBook() throws -> [AttentionCandidate] {
        [
            // due in 2 days, low: (4 − 2) × 10 × 1 = 20
            try candidate("c-linus", "Linus", importance: .low, next: "2026-03-12"),
            // follow-up 4 days off and birthday 8 days off: nothing yet
            try candidate("c-margaret", "Margaret", next: "2026-03-14", birthday: "--03-18"),
            // overdue by 4 days, high: 100 + 10 × 4 × 3 = 220
            try candidate("c-grace", "Grace Hopper", importance: .high, next: "2026-03-06"),
            // birthday today: 80
            try candidate("c-sam-2", "Sam", birthday: "1990-03-10"),
            // VIP added exactly 90 days ago, never contacted: 50, doubled = 100
            try candidate("c-vera", "Vera", vip: true, addedOn: "2025-12-10"),
            // due in 3 days, normal: (4 − 3) × 10 × 2 = 20 — ties with Linus; "bob" sorts first ignoring case
            try candidate("c-bob", "bob", next: "2026-03-13"),
            // VIP added 89 days ago, never contacted: not yet
            try candidate("c-victor", "Victor", vip: true, importance: .high, addedOn: "2025-12-11"),
            // VIP: due today 60 × 2 = 120, birthday in 2 days 80 − 20 = 60, no contact for 120 days 50; doubled = 460
            try candidate("c-ada", "ada Lovelace", vip: true, next: "2026-03-10", lastContacted: "2025-11-10", birthday: "--03-12"),
            // overdue by 1 day, normal: 100 + 10 × 1 × 2 = 120
            try candidate("c-olga", "Olga", next: "2026-03-09"),
            // VIP contacted 89 days ago with nothing due: not listed
            try candidate("c-vince", "Vince", vip: true, lastContacted: "2025-12-11", addedOn: "2020-01-01"),
            // birthday today: 80, same name as c-sam-2; the id breaks the tie
            try candidate("c-sam-1", "Sam", birthday: "--03-10"),
        ]
    }

    @Test("The fixed address book ranks in the exact expected order with exact scores")
    func ranksAddressBook() throws {
        let ranked = Attention.rank(try addressBook(), today: today)
        #expect(ranked.map(\.contactID) == ["c-ada", "c-grace", "c-olga", "c-vera", "c-sam-1", "c-sam-2", "c-bob", "c-linus"])
        #expect(ranked.map(\.score) == [460, 220, 120, 100, 80, 80, 20, 20])
        #expect(ranked.map(\.name) == ["ada Lovelace", "Grace Hopper", "Olga", "Vera", "Sam", "Sam", "bob", "Linus"])
    }

    @Test("Each listed contact carries its reasons, most urgent first")
    func reasonsInRanking() throws {
        let ranked = Attention.rank(try addressBook(), today: today)
        let reasons = Dictionary(uniqueKeysWithValues: ranked.map { ($0.contactID, $0.reasons) })
        #expect(reasons["c-ada"] == [.dueToday, .birthday(days: 2, on: try day("2026-03-12")), .vipQuiet(days: 120)])
        #expect(reasons["c-grace"] == [.overdue(days: 4)])
        #expect(reasons["c-olga"] == [.overdue(days: 1)])
        #expect(reasons["c-vera"] == [.vipQuiet(days: nil)])
        #expect(reasons["c-sam-1"] == [.birthday(days: 0, on: today)])
        #expect(reasons["c-sam-2"] == [.birthday(days: 0, on: today)])
        #expect(reasons["c-bob"] == [.dueSoon(days: 3)])
        #expect(reasons["c-linus"] == [.dueSoon(days: 2)])
    }

    @Test("The order does not depend on the input order")
    func orderIsDeterministic() throws {
        let book = try addressBook()
        let forward = Attention.rank(book, today: today)
        #expect(Attention.rank(book.reversed(), today: today) == forward)
        #expect(Attention.rank(book.sorted { $0.id > $1.id }, today: today) == forward)
        #expect(Attention.rank(book.sorted { $0.name < $1.name }, today: today) == forward)
    }

    @Test("Contacts with no reason are left out, and an empty book ranks empty")
    func nothingToSay() throws {
        #expect(Attention.rank([], today: today).isEmpty)
        let quiet = [
            try candidate("a", "Margaret", next: "2026-03-14", birthday: "--03-18"),
            try candidate("b", "No follow-up"),
            try candidate("c", "Victor", vip: true, addedOn: "2025-12-11"),
        ]
        #expect(Attention.rank(quiet, today: today).isEmpty)
        #expect(quiet.map { Attention.score($0, today: today) } == [0, 0, 0])
        #expect(quiet.allSatisfy { Attention.reasons($0, today: today).isEmpty })
    }

    @Test("Names tie case-insensitively before the id decides", arguments: [
        (["Zoë", "alice", "Bob"], ["alice", "Bob", "Zoë"]),
        (["b", "B", "a"], ["a", "B", "b"]),
    ])
    func nameOrder(names: [String], expected: [String]) throws {
        let people = try names.enumerated().map { index, name in try candidate("id\(index)", name, next: "2026-03-09") }
        #expect(Attention.rank(people, today: today).map(\.name) == expected)
    }

    // MARK: The formula, one reason at a time

    @Test("Overdue by d days scores 100 + 10 × d × importance", arguments: [
        (Importance.low, 1, 110), (.normal, 1, 120), (.high, 1, 130), (.low, 10, 200), (.normal, 10, 300), (.high, 10, 400),
    ])
    func overdueScore(importance: Importance, days: Int, expected: Int) throws {
        let person = try candidate("x", "X", importance: importance, next: today.adding(days: -days).iso)
        #expect(Attention.reasons(person, today: today) == [.overdue(days: days)])
        #expect(Attention.score(person, today: today) == expected)
    }

    @Test("Due today scores 60 × importance", arguments: [(Importance.low, 60), (.normal, 120), (.high, 180)])
    func dueTodayScore(importance: Importance, expected: Int) throws {
        let person = try candidate("x", "X", importance: importance, next: today.iso)
        #expect(Attention.reasons(person, today: today) == [.dueToday])
        #expect(Attention.score(person, today: today) == expected)
    }

    @Test("Due in k ≤ 3 days scores (4 − k) × 10 × importance", arguments: [
        (Importance.low, 1, 30), (.normal, 1, 60), (.high, 1, 90), (.normal, 2, 40), (.high, 3, 30), (.low, 3, 10),
    ])
    func dueSoonScore(importance: Importance, days: Int, expected: Int) throws {
        let person = try candidate("x", "X", importance: importance, next: today.adding(days: days).iso)
        #expect(Attention.reasons(person, today: today) == [.dueSoon(days: days)])
        #expect(Attention.score(person, today: today) == expected)
    }

    @Test("A birthday in b ≤ 7 days scores 80 − 10 × b whatever the importance", arguments: 0...7)
    func birthdayScore(days: Int) throws {
        let date = today.adding(days: days)
        for importance in Importance.allCases {
            let person = try candidate("x", "X", importance: importance, birthday: String(format: "--%02d-%02d", date.month, date.day))
            #expect(Attention.reasons(person, today: today) == [.birthday(days: days, on: date)])
            #expect(Attention.score(person, today: today) == 80 - 10 * days)
        }
    }

    @Test("A VIP quiet for 90+ days scores 50, doubled")
    func vipQuietScore() throws {
        let quiet90 = try candidate("x", "X", vip: true, lastContacted: "2025-12-10")
        #expect(Attention.reasons(quiet90, today: today) == [.vipQuiet(days: 90)])
        #expect(Attention.score(quiet90, today: today) == 100)
        let quiet89 = try candidate("x", "X", vip: true, lastContacted: "2025-12-11")
        #expect(Attention.reasons(quiet89, today: today).isEmpty)
        #expect(Attention.score(quiet89, today: today) == 0)
        // A recent contact counts even when the contact was added long ago.
        let recent = try candidate("x", "X", vip: true, lastContacted: "2026-03-01", addedOn: "2019-01-01")
        #expect(Attention.reasons(recent, today: today).isEmpty)
        // Not a VIP: no quiet flag at all.
        let notVIP = try candidate("x", "X", lastContacted: "2020-01-01")
        #expect(Attention.reasons(notVIP, today: today).isEmpty)
    }

    @Test("A VIP's total doubles, including follow-up and birthday points")
    func vipDoubles() throws {
        let plain = try candidate("x", "X", importance: .high, next: "2026-03-08", birthday: "--03-15")
        // overdue 2: 100 + 10 × 2 × 3 = 160; birthday in 5: 30
        #expect(Attention.score(plain, today: today) == 190)
        var vip = plain
        vip.vip = true
        vip.lastContacted = try day("2026-03-08")
        #expect(Attention.score(vip, today: today) == 380)
    }

    @Test("A birthday across the year boundary: Dec 30 sees Jan 2 in 3 days")
    func birthdayAcrossNewYear() throws {
        let person = try candidate("x", "Nova", birthday: "--01-02")
        let december30 = try day("2026-12-30")
        #expect(Attention.reasons(person, today: december30) == [.birthday(days: 3, on: try day("2027-01-02"))])
        #expect(Attention.score(person, today: december30) == 50)
    }

    @Test("A Feb 29 birthday counts down to Feb 28 in a common year")
    func leapDayBirthdayInCommonYear() throws {
        let person = try candidate("x", "Leap", birthday: "2000-02-29")
        let february24 = try day("2027-02-24")
        #expect(Attention.reasons(person, today: february24) == [.birthday(days: 4, on: try day("2027-02-28"))])
        #expect(Attention.score(person, today: february24) == 40)
        #expect(Attention.reasons(person, today: try day("2028-02-24")) == [.birthday(days: 5, on: try day("2028-02-29"))])
    }

    // MARK: Words

    @Test("Reasons read naturally and have machine-readable kinds")
    func reasonText() throws {
        let cases: [(AttentionReason, String, String)] = [
            (.overdue(days: 1), "follow-up overdue by 1 day", "overdue"),
            (.overdue(days: 4), "follow-up overdue by 4 days", "overdue"),
            (.dueToday, "follow-up due today", "due_today"),
            (.dueSoon(days: 1), "follow-up due in 1 day", "due_soon"),
            (.dueSoon(days: 3), "follow-up due in 3 days", "due_soon"),
            (.birthday(days: 0, on: try day("2026-03-10")), "birthday today", "birthday"),
            (.birthday(days: 1, on: try day("2026-03-11")), "birthday in 1 day (2026-03-11)", "birthday"),
            (.birthday(days: 3, on: try day("2027-01-02")), "birthday in 3 days (2027-01-02)", "birthday"),
            (.vipQuiet(days: 120), "VIP, no contact for 120 days", "vip_quiet"),
            (.vipQuiet(days: nil), "VIP, never contacted", "vip_quiet"),
        ]
        for (reason, text, kind) in cases {
            #expect(reason.text == text)
            #expect(reason.kind == kind)
        }
    }
}
