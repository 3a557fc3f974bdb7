import DevhubCore
import DevhubSite
import DevhubStore
import Foundation

/// The JSON the CRM API answers: plain dictionaries, so absent values are explicit `null`s.
enum CRMJSON {
    /// Technologies listed per contact (heaviest first).
    static let maxTechnologies = 20

    /// A contact with its tag names, technologies, follow-up status and next date as of `today`.
    static func contact(_ stored: StoredContact, today: CalendarDate) -> [String: Any] {
        contactObject(stored, today: today).dictionary
    }

    /// ``contact(_:today:)`` as an ``OrderedJSONObject`` (keys in sorted order), which a list writes straight to bytes.
    static func contactObject(_ stored: StoredContact, today: CalendarDate) -> OrderedJSONObject {
        let contact = stored.contact
        let background = contact.background
        return OrderedJSONObject([
            ("background", .object(OrderedJSONObject([
                ("company", .optional(background.company)), ("dislikes", .optional(background.dislikes)),
                ("family", .optional(background.family)), ("likes", .optional(background.likes)), ("notes", .optional(background.notes)),
            ]))),
            ("birthday", .optional(contact.birthday?.description)),
            ("birthday_soon", .bool(FollowUp.birthdaySoon(contact.birthday, today: today))),
            ("cadence_days", .optional(contact.cadenceDays)),
            ("company", .optional(contact.company)),
            ("consent", stored.consent.map { .object(consentObject($0)) } ?? .null),
            ("created_at", .string(Timestamp.iso8601(stored.createdAt))),
            ("email", .optional(contact.email)),
            ("github", .optional(contact.github)),
            ("github_status", .string(stored.githubStatus)),
            ("id", .string(stored.id)),
            ("importance", .int(contact.importance.rawValue)),
            ("industry", .optional(contact.industry)),
            ("last_contacted", .optional(stored.lastContacted?.iso)),
            ("links", .array(contact.links.map { .object(OrderedJSONObject([("label", .string($0.label)), ("url", .string($0.url))])) })),
            ("location", .optional(contact.location)),
            ("main_app", .optional(contact.mainApp)),
            ("name", .string(contact.name)),
            ("next_follow_up", .optional(stored.nextFollowUp?.iso)),
            ("notes", .optional(contact.notes)),
            ("phone", .optional(contact.phone)),
            ("relationship", .optional(contact.relationship)),
            ("reminder_date", .optional(contact.reminder?.iso)),
            ("source", .string(contact.source)),
            ("status", .string(FollowUp.status(next: stored.nextFollowUp, today: today).rawValue)),
            ("tags", .strings(contact.tags)),
            ("technologies", .strings(stored.technologies(today: today).prefix(CRMJSON.maxTechnologies).map(\.name))),
            ("updated_at", .string(Timestamp.iso8601(stored.updatedAt))),
            ("vip", .bool(contact.vip)),
            ("website", .optional(contact.website)),
        ])
    }

    /// A Quick Connect visitor's consent: when, and the SHA-256 of the privacy notice they were shown.
    private static func consentObject(_ consent: ContactConsent) -> OrderedJSONObject {
        OrderedJSONObject([("given_at", .string(Timestamp.iso8601(consent.at))), ("privacy_notice_sha256", .optional(consent.notice))])
    }

    /// A follow-up line: who, when, how urgent.
    static func followUp(_ stored: StoredContact, today: CalendarDate) -> [String: Any] {
        [
            "contact_id": stored.id,
            "name": stored.contact.name,
            "status": FollowUp.status(next: stored.nextFollowUp, today: today).rawValue,
            "next_follow_up": nullable(stored.nextFollowUp?.iso),
            "last_contacted": nullable(stored.lastContacted?.iso),
            "cadence_days": nullable(stored.contact.cadenceDays),
            "reminder_date": nullable(stored.contact.reminder?.iso),
            "importance": stored.contact.importance.rawValue,
            "vip": stored.contact.vip,
        ]
    }

    static func interaction(_ stored: StoredInteraction) -> [String: Any] {
        [
            "id": stored.id,
            "contact_id": stored.contactID,
            "contact_name": stored.contactName,
            "type": stored.interaction.type,
            "date": stored.interaction.date.iso,
            "notes": nullable(stored.interaction.notes),
            "follow_up_date": nullable(stored.interaction.followUp?.iso),
            "created_at": Timestamp.iso8601(stored.createdAt),
        ]
    }

    static func tag(_ tag: TagSummary) -> [String: Any] {
        ["id": tag.id, "name": tag.name, "contacts": tag.contacts]
    }

    /// A digest with one-click links to log an interaction with each contact.
    static func digest(_ report: DigestReport, appURL: String) -> [String: Any] {
        [
            "date": report.date.iso,
            "generated_at": Timestamp.iso8601(report.createdAt),
            "mailed_at": nullable(report.mailedAt.map(Timestamp.iso8601)),
            "priorities": report.priorities.map { entry -> [String: Any] in
                [
                    "contact_id": entry.contactID, "name": entry.name, "score": entry.score,
                    "reasons": entry.reasons.map { ["kind": $0.kind, "text": $0.text] },
                    "log_url": logInteractionURL(appURL: appURL, contactID: entry.contactID),
                ]
            },
            "insights": report.insights,
        ]
    }

    /// The contact page's "log interaction" form, as digest emails and the API link to it.
    static func logInteractionURL(appURL: String, contactID: String) -> String {
        "\(appURL)/app/contacts/\(contactID)#log"
    }

    static func importSummary(_ summary: ContactImportSummary) -> [String: Any] {
        [
            "created": summary.created,
            "duplicates": summary.duplicates,
            "rejected": summary.rejected.map { ["card": $0.index, "field": $0.error.field, "message": $0.error.message] },
            "dropped": summary.dropped.map { ["card": $0.index, "field": $0.error.field, "message": $0.error.message] },
        ]
    }

    /// The list envelope: `{"data": [...], "pagination": {"page","size","total","pages"}}`.
    static func list<Item>(_ page: PageOf<Item>, _ transform: (Item) -> [String: Any]) -> [String: Any] {
        ["data": page.items.map(transform), "pagination": pagination(page).dictionary]
    }

    /// ``list(_:_:)`` of items that are ``OrderedJSONObject``s: the same document, written straight to bytes.
    static func orderedList<Item>(_ page: PageOf<Item>, _ transform: (Item) -> OrderedJSONObject) -> OrderedJSONObject {
        OrderedJSONObject([("data", .array(page.items.map { .object(transform($0)) })), ("pagination", .object(pagination(page)))])
    }

    private static func pagination<Item>(_ page: PageOf<Item>) -> OrderedJSONObject {
        OrderedJSONObject([("page", .int(page.page)), ("pages", .int(page.pages)), ("size", .int(page.size)), ("total", .int(page.total))])
    }

    static func nullable(_ value: Any?) -> Any { value ?? NSNull() }
}
