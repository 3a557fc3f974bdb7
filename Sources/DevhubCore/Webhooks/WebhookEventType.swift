/// The events an owner's webhook endpoint can subscribe to (Standard Webhooks' `type`, dot-separated).
public enum WebhookEventType: String, Sendable, Codable, CaseIterable {
    case contactCreated = "contact.created"
    case contactUpdated = "contact.updated"
    case contactDeleted = "contact.deleted"
    case interactionLogged = "interaction.logged"
    /// Once per contact and due date, from the digest sweep.
    case followUpDue = "follow_up.due"
    case quickConnectSubmitted = "quick_connect.submitted"
    /// After a regeneration that rewrote the owner's profile page.
    case profilePublished = "profile.published"
    /// Once per insight the GitHub sync records (a new repository, a release, a star milestone, a profile change, activity
    /// after a quiet period).
    case githubInsight = "github.insight"
    /// Sent by `POST /api/webhooks/{id}/test` only; not subscribable.
    case webhookTest = "webhook.test"

    /// The types an endpoint may list in `events`.
    public static let subscribable: [WebhookEventType] = allCases.filter { $0 != .webhookTest }

    /// `events` checked: a non-empty list of subscribable names, each at most once, in the documented order.
    /// Throws a ``CoreError`` naming `field` (or `field[i]`) otherwise. Linear in the list.
    public static func validatedList(_ names: [String], field: String = "events") throws(CoreError) -> [WebhookEventType] {
        guard !names.isEmpty else { throw CoreError(field: field, "must list at least one event") }
        guard names.count <= 50 else { throw CoreError(field: field, "has more than 50 entries", tooLarge: true) }
        var chosen: Set<WebhookEventType> = []
        for (index, name) in names.enumerated() {
            guard let type = WebhookEventType(rawValue: name), type != .webhookTest else {
                let known = subscribable.map(\.rawValue).joined(separator: ", ")
                throw CoreError(field: "\(field)[\(index)]", "must be one of \(known)")
            }
            chosen.insert(type)
        }
        return subscribable.filter(chosen.contains)
    }
}
