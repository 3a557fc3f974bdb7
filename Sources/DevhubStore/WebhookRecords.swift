import DevhubCore
import Foundation
import GRDB

/// An owner's webhook endpoint as stored; its secrets stay sealed (see ``ServerSecretKey/sealWebhookSecret(_:)``).
public struct StoredWebhookEndpoint: Sendable, Equatable, FetchableRecord {
    public var id: String
    public var userID: String
    public var url: String
    public var events: [WebhookEventType]
    public var description: String
    public var enabled: Bool
    /// Why the server turned it off (a 410 answer), nil when the owner did or it is on.
    public var disabledReason: String?
    /// The current secret, sealed.
    public var secretSealed: String
    /// The secret before the last rotation, sealed, and when it stops signing (milliseconds).
    public var previousSecretSealed: String?
    public var previousSecretExpiresAt: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64

    enum Columns: String, ColumnExpression {
        case id, userID = "user_id", url, events, description, enabled, disabledReason = "disabled_reason"
        case secretSealed = "secret_sealed", previousSecretSealed = "previous_secret_sealed"
        case previousSecretExpiresAt = "previous_secret_expires_at", createdAt = "created_at", updatedAt = "updated_at"
    }

    public init(row: Row) throws {
        id = row[Columns.id]
        userID = row[Columns.userID]
        url = row[Columns.url]
        events = Self.decodeEvents(row[Columns.events])
        description = row[Columns.description]
        enabled = row[Columns.enabled]
        disabledReason = row[Columns.disabledReason]
        secretSealed = row[Columns.secretSealed]
        previousSecretSealed = row[Columns.previousSecretSealed]
        previousSecretExpiresAt = row[Columns.previousSecretExpiresAt]
        createdAt = row[Columns.createdAt]
        updatedAt = row[Columns.updatedAt]
    }

    /// Whether it takes events of `type` (every endpoint takes the test event).
    public func takes(_ type: WebhookEventType) -> Bool { type == .webhookTest || events.contains(type) }

    /// The previous secret while it still signs at `now`.
    public func previousSecret(at now: Int64) -> String? {
        guard let sealed = previousSecretSealed, let expiry = previousSecretExpiresAt, expiry > now else { return nil }
        return sealed
    }

    static func encodeEvents(_ events: [WebhookEventType]) -> String {
        String(decoding: (try? JSONEncoder().encode(events.map(\.rawValue))) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decodeEvents(_ text: String) -> [WebhookEventType] {
        ((try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []).compactMap(WebhookEventType.init(rawValue:))
    }
}

/// One attempt at delivering a message to an endpoint: the delivery log's row.
public struct WebhookDeliveryRecord: Sendable, Equatable, FetchableRecord {
    public var id: String
    public var endpointID: String
    public var eventType: String
    /// The Standard Webhooks `webhook-id`: the same on every attempt and resend of one message.
    public var messageID: String
    /// The JSON body sent.
    public var payload: String
    /// 1 for the first try of a job.
    public var attempt: Int
    /// The receiver's status, nil when no answer came (refused address, timeout, connection error).
    public var statusCode: Int?
    public var durationMilliseconds: Int64
    /// What went wrong, in words without addresses or secrets; nil on success.
    public var error: String?
    public var createdAt: Int64

    enum Columns: String, ColumnExpression {
        case id, endpointID = "endpoint_id", eventType = "event_type", messageID = "message_id", payload, attempt
        case statusCode = "status_code", durationMilliseconds = "duration_ms", error, createdAt = "created_at"
    }

    public init(row: Row) throws {
        id = row[Columns.id]
        endpointID = row[Columns.endpointID]
        eventType = row[Columns.eventType]
        messageID = row[Columns.messageID]
        payload = row[Columns.payload]
        attempt = row[Columns.attempt]
        statusCode = row[Columns.statusCode]
        durationMilliseconds = row[Columns.durationMilliseconds]
        error = row[Columns.error]
        createdAt = row[Columns.createdAt]
    }

    /// A new row for an attempt.
    public init(
        endpointID: String, eventType: String, messageID: String, payload: String, attempt: Int, statusCode: Int?,
        durationMilliseconds: Int64, error: String?
    ) {
        id = ""
        self.endpointID = endpointID
        self.eventType = eventType
        self.messageID = messageID
        self.payload = payload
        self.attempt = attempt
        self.statusCode = statusCode
        self.durationMilliseconds = durationMilliseconds
        self.error = error
        createdAt = 0
    }

    /// Whether the receiver accepted it (2xx).
    public var succeeded: Bool { statusCode.map { (200..<300).contains($0) } ?? false }
}
