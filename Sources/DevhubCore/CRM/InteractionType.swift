/// Kinds of interaction. The built-in ones cover the developer use cases; owners add their own.
public enum InteractionType {
    /// The built-in types, in the order the forms list them.
    public static let builtIn = [
        "meeting", "call", "message", "email", "conference", "code review", "pairing", "mentorship session",
        "interview", "job opportunity", "resource shared", "collaboration", "other",
    ]

    /// Limits on an interaction's fields.
    public static let nameLimit = 40
    public static let notesLimit = 10_000

    /// A type name: lower-cased, white space collapsed, 1–40 characters; throws naming `field`.
    public static func normalised(_ raw: String, field: String = "type") throws(CoreError) -> String {
        try FieldText.required(Text.collapsingWhitespace(raw).lowercased(), field: field, limit: nameLimit)
    }
}

/// An interaction as the API and the forms send it, before checking.
public struct InteractionFields: Equatable, Sendable, Codable {
    public var type: String?
    public var date: String?
    public var notes: String?
    public var followUpDate: String?

    public enum CodingKeys: String, CodingKey {
        case type, date, notes, followUpDate = "follow_up_date"
    }

    public init(type: String? = nil, date: String? = nil, notes: String? = nil, followUpDate: String? = nil) {
        self.type = type
        self.date = date
        self.notes = notes
        self.followUpDate = followUpDate
    }

    /// The checked interaction: `date` defaults to `today`; the type must be built in or one of `customTypes`.
    public func validated(today: CalendarDate, customTypes: Set<String>) throws(CoreError) -> Interaction {
        let type = try InteractionType.normalised(type ?? "", field: "type")
        guard InteractionType.builtIn.contains(type) || customTypes.contains(type) else {
            throw CoreError(field: "type", "'\(type)' is not an interaction type; add it to your types first")
        }
        let date = try FieldText.blankToNil(date).map { text throws(CoreError) in try CalendarDate.parse(text, field: "date") } ?? today
        guard date.year >= 1900, date <= today.adding(days: 366) else { throw CoreError(field: "date", "'\(date.iso)' is out of range") }
        let followUp = try FieldText.blankToNil(followUpDate).map { text throws(CoreError) in try CalendarDate.parse(text, field: "follow_up_date") }
        if let followUp, followUp < date { throw CoreError(field: "follow_up_date", "is before the interaction's date") }
        let notes = try FieldText.notes(notes, field: "notes", limit: InteractionType.notesLimit)
        return Interaction(type: type, date: date, notes: notes, followUp: followUp)
    }
}

/// A checked interaction.
public struct Interaction: Equatable, Sendable {
    public var type: String
    public var date: CalendarDate
    public var notes: String?
    public var followUp: CalendarDate?

    public init(type: String, date: CalendarDate, notes: String? = nil, followUp: CalendarDate? = nil) {
        self.type = type
        self.date = date
        self.notes = notes
        self.followUp = followUp
    }
}
