import DevhubCore
import GRDB

/// Webhook events a write queues inside its own transaction: a saved change always has its delivery jobs, and a
/// change rolled back never sends any. `bodies` turns what was written (read inside the transaction), the owner's
/// date and the time into the events' JSON bodies; it runs only when one of the owner's enabled endpoints takes
/// `type`, so an owner without webhooks pays one indexed query per write.
public struct WebhookEventsInTransaction<Value>: Sendable {
    /// The event type every body is.
    public var type: WebhookEventType
    /// The bodies, one message each: (written value, the owner's today, milliseconds since 1970).
    public var bodies: @Sendable (Value, CalendarDate, Int64) throws -> [String]

    public init(_ type: WebhookEventType, bodies: @escaping @Sendable (Value, CalendarDate, Int64) throws -> [String]) {
        self.type = type
        self.bodies = bodies
    }
}

extension AppDatabase {
    /// The enabled endpoints of `userID` (neither suspended nor waiting for erasure) taking `type`.
    static func webhookEndpoints(_ db: Database, userID: String, taking type: WebhookEventType) throws -> [StoredWebhookEndpoint] {
        try StoredWebhookEndpoint.fetchAll(db.cachedStatement(sql: """
            SELECT e.* FROM webhook_endpoints e JOIN users u ON u.id = e.user_id
            WHERE e.user_id = ? AND e.enabled = 1 AND u.deletion_requested_at IS NULL AND u.suspended_at IS NULL ORDER BY e.created_at, e.id
            """), arguments: [userID]).filter { $0.takes(type) }
    }

    /// Queues `events` for `userID`'s endpoints inside the caller's transaction; `value` is read only when an
    /// endpoint listens. One message id per body, one delivery job per endpoint and message.
    static func queueWebhookEvents<Value>(
        _ db: Database, _ events: WebhookEventsInTransaction<Value>?, userID: String, now: Int64, value: () throws -> Value?
    ) throws {
        guard let events else { return }
        let endpoints = try webhookEndpoints(db, userID: userID, taking: events.type)
        guard !endpoints.isEmpty, let value = try value() else { return }
        let today = try Self.today(db, userID: userID, now: now)
        for body in try events.bodies(value, today, now) {
            let messageID = "msg_" + ULID(milliseconds: now).value
            for endpoint in endpoints {
                let job = WebhookJob(endpointID: endpoint.id, userID: userID, messageID: messageID, type: events.type.rawValue, body: body)
                try Self.enqueue(db, .deliverWebhook(job), runAt: now, now: now)
            }
        }
    }
}
