/// What the ranking needs to know about a contact.
public struct AttentionCandidate: Sendable, Equatable {
    public var id: String
    public var name: String
    public var vip: Bool
    public var importance: Importance
    public var nextFollowUp: CalendarDate?
    public var lastContacted: CalendarDate?
    public var addedOn: CalendarDate
    public var birthday: Birthday?
    /// The title of their newest unacknowledged GitHub insight of the last ``FollowUp/newsDays`` days, if any.
    public var news: String?

    public init(
        id: String, name: String, vip: Bool = false, importance: Importance = .normal, nextFollowUp: CalendarDate? = nil,
        lastContacted: CalendarDate? = nil, addedOn: CalendarDate, birthday: Birthday? = nil, news: String? = nil
    ) {
        self.id = id
        self.name = name
        self.vip = vip
        self.importance = importance
        self.nextFollowUp = nextFollowUp
        self.lastContacted = lastContacted
        self.addedOn = addedOn
        self.birthday = birthday
        self.news = news
    }
}

/// Why a contact needs attention.
public enum AttentionReason: Sendable, Equatable, Codable {
    case overdue(days: Int)
    case dueToday
    case dueSoon(days: Int)
    case birthday(days: Int, on: CalendarDate)
    case vipQuiet(days: Int?)
    /// Something they shipped on GitHub (an unacknowledged insight's title).
    case shipped(String)

    /// The reason in words, for the dashboard and the email.
    public var text: String {
        switch self {
        case .overdue(let days): "follow-up overdue by \(days) day\(days == 1 ? "" : "s")"
        case .dueToday: "follow-up due today"
        case .dueSoon(let days): "follow-up due in \(days) day\(days == 1 ? "" : "s")"
        case .birthday(let days, let date):
            days == 0 ? "birthday today" : "birthday in \(days) day\(days == 1 ? "" : "s") (\(date.iso))"
        case .vipQuiet(let days?): "VIP, no contact for \(days) days"
        case .vipQuiet(nil): "VIP, never contacted"
        case .shipped(let title): "\(title) — a reason to get in touch"
        }
    }

    /// A short machine-readable name (`overdue`, `due_today`, `due_soon`, `birthday`, `vip_quiet`, `github_insight`).
    public var kind: String {
        switch self {
        case .overdue: "overdue"
        case .dueToday: "due_today"
        case .dueSoon: "due_soon"
        case .birthday: "birthday"
        case .vipQuiet: "vip_quiet"
        case .shipped: "github_insight"
        }
    }
}

/// One line of "needs attention": who, how urgent, and why.
public struct AttentionItem: Sendable, Equatable {
    public var contactID: String
    public var name: String
    public var score: Int
    public var reasons: [AttentionReason]
}

/// Who needs attention today, ranked deterministically and explained.
///
/// Points, added up per contact (``score(_:today:)``):
/// - overdue by `d` days: 100 + 10 × `d` × importance (1 low, 2 normal, 3 high);
/// - due today: 60 × importance; due in `k` ≤ 3 days: (4 − `k`) × 10 × importance;
/// - birthday in `b` ≤ 7 days: 80 − 10 × `b`;
/// - VIP without contact for 90+ days (or never, once added 90+ days ago): 50;
/// - an unacknowledged GitHub insight of the last 7 days (something they shipped): 40;
/// - any VIP with one of the above: the total doubles.
/// Ties go by name, then id. Contacts with no reason are not listed.
public enum Attention {
    /// The reasons `candidate` needs attention on `today`, most urgent first.
    public static func reasons(_ candidate: AttentionCandidate, today: CalendarDate) -> [AttentionReason] {
        var reasons: [AttentionReason] = []
        if let next = candidate.nextFollowUp {
            let days = today.days(until: next)
            if days < 0 {
                reasons.append(.overdue(days: -days))
            } else if days == 0 {
                reasons.append(.dueToday)
            } else if days <= FollowUp.dueSoonDays {
                reasons.append(.dueSoon(days: days))
            }
        }
        if let birthday = candidate.birthday, FollowUp.birthdaySoon(birthday, today: today) {
            reasons.append(.birthday(days: birthday.daysUntil(from: today), on: birthday.next(onOrAfter: today)))
        }
        if candidate.vip {
            if let last = candidate.lastContacted {
                let quiet = last.days(until: today)
                if quiet >= FollowUp.vipQuietDays { reasons.append(.vipQuiet(days: quiet)) }
            } else if candidate.addedOn.days(until: today) >= FollowUp.vipQuietDays {
                reasons.append(.vipQuiet(days: nil))
            }
        }
        if let news = candidate.news { reasons.append(.shipped(news)) }
        return reasons
    }

    /// The score of `candidate` on `today` (0 when it needs no attention).
    public static func score(_ candidate: AttentionCandidate, today: CalendarDate) -> Int {
        score(reasons(candidate, today: today), candidate: candidate)
    }

    private static func score(_ reasons: [AttentionReason], candidate: AttentionCandidate) -> Int {
        let weight = candidate.importance.rawValue
        var total = 0
        for reason in reasons {
            switch reason {
            case .overdue(let days): total += 100 + 10 * days * weight
            case .dueToday: total += 60 * weight
            case .dueSoon(let days): total += (FollowUp.dueSoonDays + 1 - days) * 10 * weight
            case .birthday(let days, _): total += 80 - 10 * days
            case .vipQuiet: total += 50
            case .shipped: total += 40
            }
        }
        return candidate.vip ? total * 2 : total
    }

    /// Everyone who needs attention on `today`, highest score first.
    public static func rank(_ candidates: [AttentionCandidate], today: CalendarDate) -> [AttentionItem] {
        candidates.compactMap { candidate -> AttentionItem? in
            let reasons = reasons(candidate, today: today)
            guard !reasons.isEmpty else { return nil }
            return AttentionItem(contactID: candidate.id, name: candidate.name, score: score(reasons, candidate: candidate), reasons: reasons)
        }
        .sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            let order = a.name.deterministicOrder(b.name)
            if order != 0 { return order < 0 }
            return a.contactID < b.contactID
        }
    }
}

extension String {
    /// Case-insensitive comparison that does not depend on the machine's locale (deterministic rankings).
    func deterministicOrder(_ other: String) -> Int {
        let a = lowercased(), b = other.lowercased()
        if a != b { return a < b ? -1 : 1 }
        return self == other ? 0 : (self < other ? -1 : 1)
    }
}
