import DevhubCore
import DevhubSite
import Foundation

/// One event for the owner's webhook endpoints, with its typed `data`. The body sent is
/// `{"type": "...", "timestamp": "ISO 8601", "data": {...}}` (keys sorted).
enum WebhookEvent: Sendable {
    /// `contact.created` / `contact.updated`: `{"contact": CONTACT}` (the contact as `GET /api/contacts/{id}` answers).
    case contactCreated(ContactData)
    case contactUpdated(ContactData)
    /// `contact.deleted`: `{"contact": {"id": "..."}}`.
    case contactDeleted(ContactDeletedData)
    /// `interaction.logged`: `{"interaction": INTERACTION}` (as `GET /api/interactions` lists it).
    case interactionLogged(InteractionData)
    /// `follow_up.due`: `{"contact": CONTACT, "due_date": "YYYY-MM-DD"}`.
    case followUpDue(FollowUpDueData)
    /// `quick_connect.submitted`: `{"code": {"id", "event"}, "contact": CONTACT, "created": bool}`.
    case quickConnectSubmitted(QuickConnectSubmittedData)
    /// `profile.published`: `{"username": "...", "url": "..."}`.
    case profilePublished(ProfilePublishedData)
    /// `github.insight`: `{"insight": INSIGHT}` (as `GET /api/insights` lists it).
    case githubInsight(GitHubInsightData)
    /// `webhook.test`: `{"endpoint_id": "...", "message": "..."}`.
    case test(TestData)

    struct ContactData: Encodable, Sendable { var contact: JSONValue }
    struct ContactDeletedData: Encodable, Sendable {
        struct Identity: Encodable, Sendable { var id: String }
        var contact: Identity
    }
    struct InteractionData: Encodable, Sendable { var interaction: JSONValue }
    struct FollowUpDueData: Encodable, Sendable {
        var contact: JSONValue
        var dueDate: String
        enum CodingKeys: String, CodingKey { case contact, dueDate = "due_date" }
    }
    struct QuickConnectSubmittedData: Encodable, Sendable {
        struct Code: Encodable, Sendable {
            var id: String
            var event: String
        }
        var code: Code
        var contact: JSONValue
        var created: Bool
    }
    struct ProfilePublishedData: Encodable, Sendable {
        var username: String
        var url: String
    }
    struct GitHubInsightData: Encodable, Sendable { var insight: JSONValue }
    struct TestData: Encodable, Sendable {
        var endpointID: String
        var message: String
        enum CodingKeys: String, CodingKey { case endpointID = "endpoint_id", message }
    }

    /// The Standard Webhooks envelope.
    private struct Envelope<Payload: Encodable>: Encodable {
        var type: String
        var timestamp: String
        var data: Payload
    }

    /// The event's type.
    var type: WebhookEventType {
        switch self {
        case .contactCreated: .contactCreated
        case .contactUpdated: .contactUpdated
        case .contactDeleted: .contactDeleted
        case .interactionLogged: .interactionLogged
        case .followUpDue: .followUpDue
        case .quickConnectSubmitted: .quickConnectSubmitted
        case .profilePublished: .profilePublished
        case .githubInsight: .githubInsight
        case .test: .webhookTest
        }
    }

    /// The JSON body for an event that happened at `milliseconds` (since 1970).
    func body(at milliseconds: Int64) -> String {
        let timestamp = Timestamp.iso8601(milliseconds)
        switch self {
        case .contactCreated(let data), .contactUpdated(let data): return encode(data, timestamp)
        case .contactDeleted(let data): return encode(data, timestamp)
        case .interactionLogged(let data): return encode(data, timestamp)
        case .followUpDue(let data): return encode(data, timestamp)
        case .quickConnectSubmitted(let data): return encode(data, timestamp)
        case .profilePublished(let data): return encode(data, timestamp)
        case .githubInsight(let data): return encode(data, timestamp)
        case .test(let data): return encode(data, timestamp)
        }
    }

    private func encode(_ data: some Encodable, _ timestamp: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let envelope = Envelope(type: type.rawValue, timestamp: timestamp, data: data)
        return String(decoding: (try? encoder.encode(envelope)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
