/// Where a contact stands with its follow-up.
public enum FollowUpStatus: String, Sendable, CaseIterable, Codable {
    /// Nothing due in the next ``FollowUp/dueSoonDays`` days (or no follow-up set).
    case ok
    /// Due today or within ``FollowUp/dueSoonDays`` days.
    case dueSoon = "due_soon"
    /// The follow-up date has passed.
    case overdue
}

/// How much a contact matters when ranking who needs attention.
public enum Importance: Int, Sendable, CaseIterable, Codable {
    case low = 1, normal = 2, high = 3

    public var label: String {
        switch self {
        case .low: "low"
        case .normal: "normal"
        case .high: "high"
        }
    }
}

/// The follow-up rules: pure functions of dates, so the server, the digest and the tests agree.
///
/// A contact's next follow-up is the last interaction (any type) plus its cadence, or an explicit one-off
/// reminder, whichever is earlier. With no interaction yet, the cadence counts from the day the contact was added.
/// Logging an interaction resets the timer and settles a pending reminder.
public enum FollowUp {
    /// "Due soon" covers today and the next three days.
    public static let dueSoonDays = 3
    /// Birthdays are flagged a week ahead.
    public static let birthdaySoonDays = 7
    /// A VIP without contact for this many days is flagged on the dashboard.
    public static let vipQuietDays = 90
    /// How many days an unacknowledged GitHub insight stays a reason to get in touch in the digest.
    public static let newsDays = 7
    /// Cadence bounds, in days.
    public static let cadenceRange = 1...3650

    /// The next follow-up date, or nil when the contact has neither a cadence nor a reminder.
    public static func nextDate(
        lastInteraction: CalendarDate?, addedOn: CalendarDate, cadenceDays: Int?, reminder: CalendarDate?
    ) -> CalendarDate? {
        let fromCadence = cadenceDays.map { (lastInteraction ?? addedOn).adding(days: $0) }
        switch (fromCadence, reminder) {
        case let (cadence?, reminder?): return min(cadence, reminder)
        case let (cadence?, nil): return cadence
        case let (nil, reminder?): return reminder
        case (nil, nil): return nil
        }
    }

    /// The status of a follow-up due on `next`, seen on `today`.
    public static func status(next: CalendarDate?, today: CalendarDate) -> FollowUpStatus {
        guard let next else { return .ok }
        let days = today.days(until: next)
        if days < 0 { return .overdue }
        return days <= dueSoonDays ? .dueSoon : .ok
    }

    /// The one-off reminder after logging an interaction on `interactionDate`: the interaction's own follow-up
    /// when it has one; otherwise the interaction settles the pending reminder — unless it is a back-filled entry
    /// dated before the last interaction already on record, which changes nothing.
    public static func reminderAfterLogging(
        interactionDate: CalendarDate, followUp: CalendarDate?, currentReminder: CalendarDate?, previousLastInteraction: CalendarDate?
    ) -> CalendarDate? {
        if let followUp { return followUp }
        if let previous = previousLastInteraction, interactionDate < previous { return currentReminder }
        return nil
    }

    /// True when `birthday` is within ``birthdaySoonDays`` days of `today` (today included).
    public static func birthdaySoon(_ birthday: Birthday?, today: CalendarDate) -> Bool {
        guard let birthday else { return false }
        return birthday.daysUntil(from: today) <= birthdaySoonDays
    }
}
