import DevhubCore

/// The list envelope of the API: `{"data": [...], "pagination": {...}}`.
public struct Page<Item: Decodable & Sendable>: Decodable, Sendable {
    /// This page's items.
    public var data: [Item]
    /// Where this page stands (absent on lists the server does not page).
    public var pagination: Pagination?
}

/// `{"page", "size", "total", "pages"}`.
public struct Pagination: Codable, Sendable {
    public var page: Int
    public var size: Int
    public var total: Int
    public var pages: Int
}

/// The documented error body `{"error": {"code", "message", "details": [{"field", "message"}]}}`.
public struct APIErrorBody: Decodable, Sendable {
    /// The error itself.
    public struct Body: Decodable, Sendable {
        public var code: String
        public var message: String
        public var details: [Detail]?
    }

    /// One invalid field.
    public struct Detail: Decodable, Sendable {
        public var field: String
        public var message: String
    }

    public var error: Body

    /// `message` plus each detail as `field: message`, on one line.
    public var summary: String {
        let details = (error.details ?? []).map { "\($0.field): \($0.message)" }
        if details.isEmpty { return error.message }
        return details.joined(separator: "; ")
    }
}

/// A contact as `GET /api/contacts/{id}` answers it (the fields the client shows).
public struct Contact: Decodable, Sendable {
    public var id: String
    public var name: String
    public var relationship: String?
    public var company: String?
    public var industry: String?
    public var location: String?
    public var birthday: String?
    public var email: String?
    public var phone: String?
    public var github: String?
    public var website: String?
    public var mainApp: String?
    public var notes: String?
    public var vip: Bool
    public var cadenceDays: Int?
    public var importance: Int
    public var reminderDate: String?
    public var lastContacted: String?
    public var nextFollowUp: String?
    public var status: String
    public var tags: [String]
    public var source: String
    public var links: [ProfileLink]?
    public var background: ContactBackground?

    enum CodingKeys: String, CodingKey {
        case id, name, relationship, company, industry, location, birthday, email, phone, github, website, notes, vip
        case importance, status, tags, source, links, background
        case mainApp = "main_app", cadenceDays = "cadence_days", reminderDate = "reminder_date"
        case lastContacted = "last_contacted", nextFollowUp = "next_follow_up"
    }
}

/// An interaction as the API answers it.
public struct Interaction: Decodable, Sendable {
    public var id: String
    public var contactID: String
    public var contactName: String
    public var type: String
    public var date: String
    public var notes: String?
    public var followUpDate: String?

    enum CodingKeys: String, CodingKey {
        case id, type, date, notes
        case contactID = "contact_id", contactName = "contact_name", followUpDate = "follow_up_date"
    }
}

/// The body of `POST /api/contacts/{id}/interactions`.
public struct InteractionInput: Encodable, Sendable {
    public var type: String
    public var date: String?
    public var notes: String?
    public var followUpDate: String?

    /// An interaction of `type` on `date` (nil: today in the owner's time zone).
    public init(type: String, date: String?, notes: String?, followUpDate: String?) {
        self.type = type
        self.date = date
        self.notes = notes
        self.followUpDate = followUpDate
    }

    enum CodingKeys: String, CodingKey { case type, date, notes, followUpDate = "follow_up_date" }
}

/// One line of `GET /api/follow-ups`: who and when.
public struct FollowUpItem: Codable, Sendable {
    public var contactID: String
    public var name: String
    public var status: String
    public var nextFollowUp: String?
    public var lastContacted: String?
    public var cadenceDays: Int?
    public var reminderDate: String?
    public var importance: Int
    public var vip: Bool

    enum CodingKeys: String, CodingKey {
        case name, status, importance, vip
        case contactID = "contact_id", nextFollowUp = "next_follow_up", lastContacted = "last_contacted"
        case cadenceDays = "cadence_days", reminderDate = "reminder_date"
    }
}

/// `GET /api/digest`: today's priorities and insights.
public struct Digest: Decodable, Sendable {
    /// One contact that needs attention, with why.
    public struct Priority: Decodable, Sendable {
        public var contactID: String
        public var name: String
        public var score: Int
        public var reasons: [Reason]
        enum CodingKeys: String, CodingKey { case name, score, reasons, contactID = "contact_id" }
    }

    /// A reason: its kind (`overdue`, `due_today`, …) and a sentence.
    public struct Reason: Decodable, Sendable {
        public var kind: String
        public var text: String
    }

    /// Today in the owner's time zone, `YYYY-MM-DD`.
    public var date: String
    public var priorities: [Priority]
    public var insights: [String]
}

/// A Quick Connect code as the API answers it.
public struct QuickConnectCode: Decodable, Sendable {
    public var id: String
    public var token: String?
    public var event: String
    public var location: String?
    public var session: String?
    public var status: String
    public var useCount: Int
    public var maxSubmissions: Int?
    public var expiresAt: String
    public var formURL: String?

    enum CodingKeys: String, CodingKey {
        case id, token, event, location, session, status
        case useCount = "use_count", maxSubmissions = "max_submissions", expiresAt = "expires_at", formURL = "form_url"
    }
}

/// The body of `POST /api/quick-connect`.
public struct QuickConnectInput: Encodable, Sendable {
    public var event: String
    public var location: String?
    public var session: String?
    public var expiresInHours: Int?

    /// A code for `event`, valid `expiresInHours` (nil: the server's default of 24).
    public init(event: String, location: String?, session: String?, expiresInHours: Int?) {
        self.event = event
        self.location = location
        self.session = session
        self.expiresInHours = expiresInHours
    }

    enum CodingKeys: String, CodingKey { case event, location, session, expiresInHours = "expires_in_hours" }
}

/// `GET /api/settings`: whose key this is.
public struct AccountSettings: Decodable, Sendable {
    public var email: String?
    public var timeZone: String?
    enum CodingKeys: String, CodingKey { case email, timeZone = "time_zone" }
}

/// One GitHub insight of `GET /api/insights`: something a contact shipped.
public struct Insight: Codable, Sendable {
    public var id: String
    public var contactID: String
    public var type: String
    public var title: String
    public var description: String?
    public var url: String?
    public var createdAt: String
    public var acknowledged: Bool

    enum CodingKeys: String, CodingKey {
        case id, type, title, description, url, acknowledged
        case contactID = "contact_id", createdAt = "created_at"
    }
}
