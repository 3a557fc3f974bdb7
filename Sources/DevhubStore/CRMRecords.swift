import DevhubCore

/// A contact as stored: the validated fields plus what the store derives (last contact, next follow-up).
public struct StoredContact: Equatable, Sendable {
    public var id: String
    public var contact: Contact
    public var lastContacted: CalendarDate?
    public var nextFollowUp: CalendarDate?
    public var addedOn: CalendarDate
    /// Milliseconds since 1970.
    public var createdAt: Int64
    public var updatedAt: Int64
    /// The Quick Connect visitor's consent, for a contact that came through a form.
    public var consent: ContactConsent? = nil
    /// What the GitHub sync found for the contact's username: `unknown` (not asked yet), `ok` or `not_found`.
    public var githubStatus: String = "unknown"
    /// Their stored GitHub repositories as technology evidence (most recently pushed first).
    public var repositories: [RepositoryActivity] = []

    /// Their technologies on the owner's `today` (``Technologies/weigh(repositories:tags:now:)``), heaviest first.
    public func technologies(today: CalendarDate) -> [ContactTechnology] {
        Technologies.weigh(repositories: repositories, tags: contact.tags, now: Technologies.instant(endOf: today))
    }

    /// What the digest ranking needs.
    public var attentionCandidate: AttentionCandidate {
        AttentionCandidate(
            id: id, name: contact.name, vip: contact.vip, importance: contact.importance, nextFollowUp: nextFollowUp,
            lastContacted: lastContacted, addedOn: addedOn, birthday: contact.birthday)
    }
}

/// An interaction as stored.
public struct StoredInteraction: Equatable, Sendable {
    public var id: String
    public var contactID: String
    /// The contact's name (lists show it without another query).
    public var contactName: String
    public var interaction: Interaction
    public var createdAt: Int64
}

/// A tag with how many of the owner's contacts carry it.
public struct TagSummary: Equatable, Sendable {
    public var id: String
    public var name: String
    public var contacts: Int
}

/// One page of a list, and how many rows there are in all.
public struct PageOf<Item: Sendable>: Sendable {
    public var items: [Item]
    public var page: Int
    public var size: Int
    public var total: Int

    public init(items: [Item], page: Int, size: Int, total: Int) {
        self.items = items
        self.page = page
        self.size = size
        self.total = total
    }

    /// The number of pages (at least 1).
    public var pages: Int { max(1, (total + size - 1) / size) }
}

/// Which page of a list: `page` from 1, `size` items (1…100).
public struct PageRequest: Equatable, Sendable {
    public static let maxSize = 100
    public var page: Int
    public var size: Int

    public init(page: Int = 1, size: Int = 20) {
        self.page = page
        self.size = size
    }

    var offset: Int { (page - 1) * size }
}

/// Filters and order for the contact list.
public struct ContactQuery: Equatable, Sendable {
    /// The ways the list can be sorted; `-` in front reverses (`-last_contacted`).
    public enum Sort: String, Sendable, CaseIterable {
        case name, nextFollowUp = "next_follow_up", lastContacted = "last_contacted", createdAt = "created_at", updatedAt = "updated_at"
    }

    /// Full-text words (names, companies, notes).
    public var text: String?
    public var tag: String?
    /// A technology (``TechnologyName/key(_:)``-insensitive): from a repository's language or topic, or a `tech:` tag.
    public var technology: String?
    public var status: FollowUpStatus?
    public var vip: Bool?
    /// Only contacts with a follow-up date (cadence or reminder).
    public var withFollowUp = false
    public var sort: Sort
    public var descending: Bool

    public init(text: String? = nil, tag: String? = nil, technology: String? = nil, status: FollowUpStatus? = nil, vip: Bool? = nil,
                sort: Sort = .name, descending: Bool = false) {
        self.text = text
        self.tag = tag
        self.technology = technology
        self.status = status
        self.vip = vip
        self.sort = sort
        self.descending = descending
    }
}

/// The owner's CRM preferences.
public struct OwnerSettings: Equatable, Sendable {
    public var email: String
    public var verified: Bool
    /// An IANA time zone name (`Europe/Berlin`).
    public var timeZone: String
    /// The local hour (0–23) the daily digest is sent at.
    public var digestHour: Int
    public var digestEnabled: Bool
}

/// A stored daily digest: who needs attention and why, and a few insights.
public struct DigestReport: Equatable, Sendable {
    public var date: CalendarDate
    public var priorities: [DigestEntry]
    public var insights: [String]
    public var createdAt: Int64
    public var mailedAt: Int64?
}

/// One line of a digest, as stored (JSON) and answered by the API.
public struct DigestEntry: Equatable, Sendable, Codable {
    public struct Reason: Equatable, Sendable, Codable {
        public var kind: String
        public var text: String
    }

    public var contactID: String
    public var name: String
    public var score: Int
    public var reasons: [Reason]

    enum CodingKeys: String, CodingKey { case contactID = "contact_id", name, score, reasons }

    public init(_ item: AttentionItem) {
        contactID = item.contactID
        name = item.name
        score = item.score
        reasons = item.reasons.map { Reason(kind: $0.kind, text: $0.text) }
    }
}

/// What a vCard or CSV import did.
public struct ContactImportSummary: Sendable {
    public var created: Int = 0
    /// Cards matching a contact already there (same email, phone or name): nothing changed.
    public var duplicates: Int = 0
    /// Cards refused (no name), with the card's position and why.
    public var rejected: [(index: Int, error: CoreError)] = []
    /// Fields dropped from otherwise imported cards.
    public var dropped: [(index: Int, error: CoreError)] = []

    public init() {}
}

/// A contact to import, with every email and phone its source listed (duplicate detection looks at all of them).
public struct ImportCandidate: Sendable {
    public var index: Int
    public var fields: ContactFields
    public var emails: [String]
    public var phones: [String]
    /// What the reader already left out (EMAIL or TEL values over the limit), reported with the contact.
    public var dropped: [CoreError]

    public init(index: Int, fields: ContactFields, emails: [String] = [], phones: [String] = [], dropped: [CoreError] = []) {
        self.index = index
        self.fields = fields
        self.emails = emails
        self.phones = phones
        self.dropped = dropped
    }
}

/// A Quick Connect visitor's consent to have their details sent to the code's owner: when, and which privacy notice
/// (the SHA-256 of `content/pages/privacy.md`'s text, nil when the site has none) they were shown.
public struct ContactConsent: Equatable, Sendable {
    /// Milliseconds since 1970.
    public var at: Int64
    /// Lower-case hex SHA-256 of the privacy notice's Markdown.
    public var notice: String?

    public init(at: Int64, notice: String?) {
        self.at = at
        self.notice = notice
    }
}
