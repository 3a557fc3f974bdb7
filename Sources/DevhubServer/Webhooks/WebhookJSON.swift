import DevhubCore
import DevhubSite
import DevhubStore

/// The webhook API's response bodies.
enum WebhookJSON {
    /// An endpoint; `secret` only in the answers to creation and rotation.
    struct Endpoint: Encodable {
        var id: String
        var url: String
        var events: [String]
        var description: String
        var enabled: Bool
        @EncodedAsNull var disabledReason: String?
        @EncodedAsNull var previousSecretExpiresAt: String?
        var createdAt: String
        var updatedAt: String
        var secret: String?

        enum CodingKeys: String, CodingKey {
            case id, url, events, description, enabled, secret
            case disabledReason = "disabled_reason", previousSecretExpiresAt = "previous_secret_expires_at"
            case createdAt = "created_at", updatedAt = "updated_at"
        }

        init(_ endpoint: StoredWebhookEndpoint, secret: String? = nil, now: Int64) {
            id = endpoint.id
            url = endpoint.url
            events = endpoint.events.map(\.rawValue)
            description = endpoint.description
            enabled = endpoint.enabled
            disabledReason = endpoint.disabledReason
            previousSecretExpiresAt = endpoint.previousSecret(at: now) != nil ? endpoint.previousSecretExpiresAt.map(Timestamp.iso8601) : nil
            createdAt = Timestamp.iso8601(endpoint.createdAt)
            updatedAt = Timestamp.iso8601(endpoint.updatedAt)
            self.secret = secret
        }
    }

    /// One attempt in the delivery log (the body is not repeated: it is the event's).
    struct Delivery: Encodable {
        var id: String
        var messageID: String
        var event: String
        var attempt: Int
        @EncodedAsNull var statusCode: Int?
        var durationMs: Int64
        @EncodedAsNull var error: String?
        var succeeded: Bool
        var createdAt: String

        enum CodingKeys: String, CodingKey {
            case id, event, attempt, error, succeeded
            case messageID = "message_id", statusCode = "status_code", durationMs = "duration_ms", createdAt = "created_at"
        }

        init(_ record: WebhookDeliveryRecord) {
            id = record.id
            messageID = record.messageID
            event = record.eventType
            attempt = record.attempt
            statusCode = record.statusCode
            durationMs = record.durationMilliseconds
            error = record.error
            succeeded = record.succeeded
            createdAt = Timestamp.iso8601(record.createdAt)
        }
    }

    /// `{"items": [...]}`.
    struct List<Item: Encodable>: Encodable { var items: [Item] }
}
