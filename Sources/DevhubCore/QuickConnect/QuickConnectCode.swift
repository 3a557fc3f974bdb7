/// What an owner asks for when creating a Quick Connect code, as the API and the form send it.
public struct QuickConnectFields: Equatable, Sendable, Codable {
    public var event: String?
    public var location: String?
    public var session: String?
    public var expiresInHours: Int?
    public var maxSubmissions: Int?

    public enum CodingKeys: String, CodingKey {
        case event, location, session, expiresInHours = "expires_in_hours", maxSubmissions = "max_submissions"
    }

    public init(event: String? = nil, location: String? = nil, session: String? = nil, expiresInHours: Int? = nil, maxSubmissions: Int? = nil) {
        self.event = event
        self.location = location
        self.session = session
        self.expiresInHours = expiresInHours
        self.maxSubmissions = maxSubmissions
    }

    /// The checked settings; throws the first problem, naming its JSON key.
    public func validated() throws(CoreError) -> QuickConnectSettings {
        typealias L = QuickConnectLimits
        let hours = try L.checkedHours(expiresInHours ?? L.defaultHours)
        if let maxSubmissions { _ = try L.checkedSubmissions(maxSubmissions) }
        return QuickConnectSettings(
            event: try FieldText.required(event.map(Text.collapsingWhitespace), field: "event", limit: L.text),
            location: try FieldText.optional(location, field: "location", limit: L.text),
            session: try FieldText.optional(session, field: "session", limit: L.text),
            expiresInHours: hours, maxSubmissions: maxSubmissions)
    }
}

/// Limits on codes and on what a visitor sends.
public enum QuickConnectLimits {
    /// A code lives 24 hours unless its owner says otherwise, and at most 30 days.
    public static let defaultHours = 24
    public static let hours = 1...720
    public static let submissions = 1...100_000
    /// Event, location and session names.
    public static let text = 100
    public static let note = 1_000

    /// `hours` when within ``hours``, else an error naming `expires_in_hours` (or `field`).
    public static func checkedHours(_ hours: Int, field: String = "expires_in_hours") throws(CoreError) -> Int {
        guard self.hours.contains(hours) else {
            throw CoreError(field: field, "must be a whole number from \(self.hours.lowerBound) to \(self.hours.upperBound)")
        }
        return hours
    }

    /// `limit` when within ``submissions``, else an error naming `max_submissions`.
    public static func checkedSubmissions(_ limit: Int) throws(CoreError) -> Int {
        guard submissions.contains(limit) else {
            throw CoreError(field: "max_submissions", "must be a whole number from \(submissions.lowerBound) to \(submissions.upperBound)")
        }
        return limit
    }
}

/// A code's checked settings.
public struct QuickConnectSettings: Equatable, Sendable {
    public var event: String
    public var location: String?
    public var session: String?
    public var expiresInHours: Int
    public var maxSubmissions: Int?

    /// The tag every contact made through the code gets: `event:NAME`.
    public var eventTag: String { QuickConnectState.eventTag(event) }
}

/// Whether a code still takes submissions, and if not, why.
public enum QuickConnectState: String, Sendable, Equatable {
    case active
    case expired
    case revoked
    case usedUp = "used_up"

    /// The state at `now` (milliseconds): revoked wins over used up, which wins over expired.
    public static func of(expiresAt: Int64, revokedAt: Int64?, useCount: Int, maxSubmissions: Int?, now: Int64) -> QuickConnectState {
        if revokedAt != nil { return .revoked }
        if let maxSubmissions, useCount >= maxSubmissions { return .usedUp }
        if expiresAt <= now { return .expired }
        return .active
    }

    /// The tag of contacts made at `event` (cut to the tag length limit).
    public static func eventTag(_ event: String) -> String {
        String("event:\(event)".prefix(ContactLimits.tag))
    }
}
