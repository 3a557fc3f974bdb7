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
        let contact = stored.contact
        let background = contact.background
        return [
            "id": stored.id,
            "name": contact.name,
            "relationship": nullable(contact.relationship),
            "company": nullable(contact.company),
            "industry": nullable(contact.industry),
            "location": nullable(contact.location),
            "birthday": nullable(contact.birthday?.description),
            "email": nullable(contact.email),
            "phone": nullable(contact.phone),
            "github": nullable(contact.github),
            "github_status": stored.githubStatus,
            "website": nullable(contact.website),
            "main_app": nullable(contact.mainApp),
            "notes": nullable(contact.notes),
            "links": contact.links.map { ["label": $0.label, "url": $0.url] },
            "background": [
                "family": nullable(background.family), "company": nullable(background.company), "likes": nullable(background.likes),
                "dislikes": nullable(background.dislikes), "notes": nullable(background.notes),
            ],
            "vip": contact.vip,
            "source": contact.source,
            "cadence_days": nullable(contact.cadenceDays),
            "importance": contact.importance.rawValue,
            "reminder_date": nullable(contact.reminder?.iso),
            "last_contacted": nullable(stored.lastContacted?.iso),
            "next_follow_up": nullable(stored.nextFollowUp?.iso),
            "status": FollowUp.status(next: stored.nextFollowUp, today: today).rawValue,
            "birthday_soon": FollowUp.birthdaySoon(contact.birthday, today: today),
            "tags": contact.tags,
            "technologies": stored.technologies(today: today).prefix(CRMJSON.maxTechnologies).map(\.name),
            "created_at": Timestamp.iso8601(stored.createdAt),
            "updated_at": Timestamp.iso8601(stored.updatedAt),
            "consent": nullable(stored.consent.map(consent)),
        ]
    }

    /// A Quick Connect visitor's consent: when, and the SHA-256 of the privacy notice they were shown.
    static func consent(_ consent: ContactConsent) -> [String: Any] {
        ["given_at": Timestamp.iso8601(consent.at), "privacy_notice_sha256": nullable(consent.notice)]
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
        [
            "data": page.items.map(transform),
            "pagination": ["page": page.page, "size": page.size, "total": page.total, "pages": page.pages],
        ]
    }

    static func nullable(_ value: Any?) -> Any { value ?? NSNull() }
}
