/// Limits on contact fields; the pages, the API and the importers share them.
public enum ContactLimits {
    public static let name = 200
    public static let shortText = 200
    public static let phone = 40
    public static let notes = 10_000
    public static let background = 5_000
    public static let links = 10
    public static let linkLabel = 60
    public static let tags = 20
    public static let tag = 50
}

/// VIP background: what to remember about someone who matters.
public struct ContactBackground: Equatable, Sendable, Codable {
    public var family: String?
    public var company: String?
    public var likes: String?
    public var dislikes: String?
    public var notes: String?

    public init(family: String? = nil, company: String? = nil, likes: String? = nil, dislikes: String? = nil, notes: String? = nil) {
        self.family = family
        self.company = company
        self.likes = likes
        self.dislikes = dislikes
        self.notes = notes
    }

    /// True when every field is empty.
    public var isEmpty: Bool { [family, company, likes, dislikes, notes].allSatisfy { $0 == nil } }
}

/// A person in the owner's CRM, validated.
public struct Contact: Equatable, Sendable {
    public var name: String
    public var relationship: String?
    public var company: String?
    public var industry: String?
    public var location: String?
    public var birthday: Birthday?
    public var email: String?
    public var phone: String?
    /// A GitHub username, without `@`.
    public var github: String?
    public var website: String?
    /// The app this person prefers to be reached on (Signal, Slack, email…).
    public var mainApp: String?
    public var notes: String?
    public var links: [ProfileLink]
    public var background: ContactBackground
    public var vip: Bool
    /// Where the contact came from: `manual`, `vcard`, `csv`, `quick connect`…
    public var source: String
    /// Follow up every this many days (nil: no cadence).
    public var cadenceDays: Int?
    public var importance: Importance
    /// A one-off reminder date.
    public var reminder: CalendarDate?
    /// Tag names, trimmed, unique regardless of case, in the order given.
    public var tags: [String]

    public init(name: String, source: String = "manual") {
        self.name = name
        self.source = source
        links = []
        background = ContactBackground()
        vip = false
        importance = .normal
        tags = []
    }

    /// Digits of the phone number, for duplicate detection (`+1 (555) 010-0200` → `15550100200`).
    public var phoneDigits: String? { phone.flatMap(Self.phoneDigits(of:)) }

    /// The digits of any phone number, nil when fewer than five (too short to identify anyone).
    public static func phoneDigits(of phone: String) -> String? {
        let digits = phone.filter(\.isASCII).filter(\.isNumber)
        return digits.count >= 5 ? String(digits) : nil
    }
}

/// The editable fields of a contact as the API and the forms send them: every field optional, text unchecked.
/// ``validated(source:)`` turns them into a ``Contact`` or names the first field that is wrong.
public struct ContactFields: Equatable, Sendable, Codable {
    public var name: String?
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
    public var links: [ProfileLink]?
    public var background: ContactBackground?
    public var vip: Bool?
    public var cadenceDays: Int?
    public var importance: Int?
    public var reminderDate: String?
    public var tags: [String]?

    /// The JSON keys, in the API's spelling.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case name, relationship, company, industry, location, birthday, email, phone, github, website
        case mainApp = "main_app", notes, links, background, vip
        case cadenceDays = "cadence_days", importance, reminderDate = "reminder_date", tags
    }

    public init() {}

    /// The fields of a stored contact (what an edit form starts from).
    public init(_ contact: Contact) {
        name = contact.name
        relationship = contact.relationship
        company = contact.company
        industry = contact.industry
        location = contact.location
        birthday = contact.birthday?.description
        email = contact.email
        phone = contact.phone
        github = contact.github
        website = contact.website
        mainApp = contact.mainApp
        notes = contact.notes
        links = contact.links
        background = contact.background
        vip = contact.vip
        cadenceDays = contact.cadenceDays
        importance = contact.importance.rawValue
        reminderDate = contact.reminder?.iso
        tags = contact.tags
    }

    /// `self` with the fields named in `keys` taken from `patch` (a `PATCH` body: a key sent as null clears it).
    public func merging(_ patch: ContactFields, keys: Set<String>) -> ContactFields {
        var merged = self
        for key in CodingKeys.allCases where keys.contains(key.rawValue) {
            switch key {
            case .name: merged.name = patch.name
            case .relationship: merged.relationship = patch.relationship
            case .company: merged.company = patch.company
            case .industry: merged.industry = patch.industry
            case .location: merged.location = patch.location
            case .birthday: merged.birthday = patch.birthday
            case .email: merged.email = patch.email
            case .phone: merged.phone = patch.phone
            case .github: merged.github = patch.github
            case .website: merged.website = patch.website
            case .mainApp: merged.mainApp = patch.mainApp
            case .notes: merged.notes = patch.notes
            case .links: merged.links = patch.links
            case .background: merged.background = patch.background
            case .vip: merged.vip = patch.vip
            case .cadenceDays: merged.cadenceDays = patch.cadenceDays
            case .importance: merged.importance = patch.importance
            case .reminderDate: merged.reminderDate = patch.reminderDate
            case .tags: merged.tags = patch.tags
            }
        }
        return merged
    }

    /// The contact, every field checked; throws the first problem, naming its field.
    public func validated(source: String = "manual") throws(CoreError) -> Contact {
        typealias L = ContactLimits
        var contact = Contact(name: try FieldText.required(name, field: "name", limit: L.name), source: source)
        contact.relationship = try FieldText.optional(relationship, field: "relationship", limit: L.shortText)
        contact.company = try FieldText.optional(company, field: "company", limit: L.shortText)
        contact.industry = try FieldText.optional(industry, field: "industry", limit: L.shortText)
        contact.location = try FieldText.optional(location, field: "location", limit: L.shortText)
        contact.birthday = try FieldText.blankToNil(birthday).map { text throws(CoreError) in try Birthday.parse(text) }
        contact.email = try FieldText.blankToNil(email).map { text throws(CoreError) in try EmailAddress(text, field: "email").value }
        contact.phone = try FieldText.optional(phone, field: "phone", limit: L.phone)
        if let phone = contact.phone, !phone.allSatisfy({ $0.isASCII && ($0.isNumber || " +-().x/".contains($0)) }) {
            throw CoreError(field: "phone", "'\(phone)' may contain only digits, spaces and + - ( ) . x /")
        }
        contact.github = try FieldText.blankToNil(github).map { text throws(CoreError) in try Self.githubUsername(text) }
        contact.website = try FieldText.blankToNil(website).map { text throws(CoreError) in try FieldText.webURL(text, field: "website") }
        contact.mainApp = try FieldText.optional(mainApp, field: "main_app", limit: L.shortText)
        contact.notes = try FieldText.notes(notes, field: "notes", limit: L.notes)
        let links = links ?? []
        guard links.count <= L.links else { throw CoreError(field: "links", "has \(links.count) entries; at most \(L.links) are allowed") }
        for (index, link) in links.enumerated() {
            let label = try FieldText.required(link.label, field: "links[\(index)].label", limit: L.linkLabel)
            contact.links.append(ProfileLink(label: label, url: try SafeURL.validate(link.url, field: "links[\(index)].url")))
        }
        if let background {
            contact.background = ContactBackground(
                family: try FieldText.notes(background.family, field: "background.family", limit: L.background),
                company: try FieldText.notes(background.company, field: "background.company", limit: L.background),
                likes: try FieldText.notes(background.likes, field: "background.likes", limit: L.background),
                dislikes: try FieldText.notes(background.dislikes, field: "background.dislikes", limit: L.background),
                notes: try FieldText.notes(background.notes, field: "background.notes", limit: L.background))
        }
        contact.vip = vip ?? false
        if let cadenceDays {
            guard FollowUp.cadenceRange.contains(cadenceDays) else {
                throw CoreError(field: "cadence_days", "must be between \(FollowUp.cadenceRange.lowerBound) and \(FollowUp.cadenceRange.upperBound) days")
            }
            contact.cadenceDays = cadenceDays
        }
        if let importance {
            guard let value = Importance(rawValue: importance) else { throw CoreError(field: "importance", "must be 1 (low), 2 (normal) or 3 (high)") }
            contact.importance = value
        }
        contact.reminder = try FieldText.blankToNil(reminderDate).map { text throws(CoreError) in try CalendarDate.parse(text, field: "reminder_date") }
        contact.tags = try TagName.normalised(tags ?? [], field: "tags")
        return contact
    }

    /// A GitHub username (`@` and a profile URL are accepted and stripped): 1–39 letters, digits or single hyphens.
    public static func githubUsername(_ raw: String, field: String = "github") throws(CoreError) -> String {
        var text = Text.trimmed(raw)
        for prefix in ["https://github.com/", "http://github.com/", "github.com/", "@"] where text.lowercased().hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count))
        }
        if text.hasSuffix("/") { text.removeLast() }
        let valid = (1...39).contains(text.count) && text.first != "-" && text.last != "-" && !text.contains("--")
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard valid else { throw CoreError(field: field, "'\(raw)' is not a GitHub username") }
        return text
    }
}

/// Tag names: trimmed, inner white space collapsed, at most ``ContactLimits/tag`` characters, unique regardless of case.
public enum TagName {
    /// One tag name, or throws naming `field`.
    public static func validated(_ raw: String, field: String = "tag") throws(CoreError) -> String {
        let name = Text.collapsingWhitespace(raw)
        return try FieldText.required(name, field: field, limit: ContactLimits.tag)
    }

    /// A list of tag names without duplicates (the first spelling wins).
    public static func normalised(_ raw: [String], field: String) throws(CoreError) -> [String] {
        var seen = Set<String>()
        var names: [String] = []
        for (index, tag) in raw.enumerated() {
            let name = try validated(tag, field: "\(field)[\(index)]")
            if seen.insert(name.lowercased()).inserted { names.append(name) }
        }
        guard names.count <= ContactLimits.tags else {
            throw CoreError(field: field, "has \(names.count) entries; at most \(ContactLimits.tags) are allowed")
        }
        return names
    }
}
