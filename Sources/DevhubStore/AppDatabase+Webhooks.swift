import DevhubCore
import Foundation
import GRDB

extension AppDatabase {
    /// How many delivery-log rows are kept per endpoint (the oldest go first).
    public static let webhookDeliveriesKept = 100

    /// The owner's endpoints, oldest first.
    public func webhookEndpoints(userID: String) throws -> [StoredWebhookEndpoint] {
        try writer.read { db in
            try StoredWebhookEndpoint.fetchAll(db, sql: "SELECT * FROM webhook_endpoints WHERE user_id = ? ORDER BY created_at, id", arguments: [userID])
        }
    }

    /// The owner's endpoint `id`, nil when there is none or it is someone else's.
    public func webhookEndpoint(id: String, userID: String) throws -> StoredWebhookEndpoint? {
        try writer.read { db in
            try StoredWebhookEndpoint.fetchOne(db, sql: "SELECT * FROM webhook_endpoints WHERE id = ? AND user_id = ?", arguments: [id, userID])
        }
    }

    /// The endpoint `id` whoever owns it (the delivery job), nil when it was deleted or its owner asked for the
    /// account's deletion (nothing more is sent while the account waits for its erasure).
    public func webhookEndpoint(id: String) throws -> StoredWebhookEndpoint? {
        try writer.read { db in
            try StoredWebhookEndpoint.fetchOne(db, sql: """
                SELECT e.* FROM webhook_endpoints e JOIN users u ON u.id = e.user_id WHERE e.id = ? AND u.deletion_requested_at IS NULL AND u.suspended_at IS NULL
                """, arguments: [id])
        }
    }

    /// The owner's enabled endpoints that take `type`; none while the account waits for its erasure.
    public func webhookEndpoints(userID: String, taking type: WebhookEventType) throws -> [StoredWebhookEndpoint] {
        try writer.read { db in try Self.webhookEndpoints(db, userID: userID, taking: type) }
    }

    /// The owners (not waiting for erasure) with at least one enabled endpoint taking `type`.
    public func webhookOwners(taking type: WebhookEventType) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT e.user_id FROM webhook_endpoints e JOIN users u ON u.id = e.user_id
                WHERE e.enabled = 1 AND u.deletion_requested_at IS NULL AND u.suspended_at IS NULL AND instr(e.events, ?) > 0 ORDER BY e.user_id
                """, arguments: ["\"\(type.rawValue)\""])
        }
    }

    /// Adds an endpoint with its sealed secret unless the owner has `limit` already (then nil).
    public func createWebhookEndpoint(_ fields: WebhookEndpointFields, secretSealed: String, userID: String, limit: Int) throws -> StoredWebhookEndpoint? {
        let now = now()
        return try writer.write { db in
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM webhook_endpoints WHERE user_id = ?", arguments: [userID]) ?? 0
            guard count < limit else { return nil }
            let id = ULID(milliseconds: now).value
            try db.execute(sql: """
                INSERT INTO webhook_endpoints (id, user_id, url, events, description, enabled, secret_sealed, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)
                """, arguments: [id, userID, fields.url, StoredWebhookEndpoint.encodeEvents(fields.events), fields.description, secretSealed, now, now])
            return try StoredWebhookEndpoint.fetchOne(db, sql: "SELECT * FROM webhook_endpoints WHERE id = ?", arguments: [id])
        }
    }

    /// Saves the owner's endpoint as `endpoint` says (URL, events, description, enabled; turning it on clears the
    /// reason it was turned off). Nil when it is not theirs.
    public func updateWebhookEndpoint(_ endpoint: StoredWebhookEndpoint, userID: String) throws -> StoredWebhookEndpoint? {
        let now = now()
        return try writer.write { db in
            try db.execute(sql: """
                UPDATE webhook_endpoints SET url = ?, events = ?, description = ?, enabled = ?,
                  disabled_reason = CASE WHEN ? THEN NULL ELSE disabled_reason END, updated_at = ?
                WHERE id = ? AND user_id = ?
                """, arguments: [endpoint.url, StoredWebhookEndpoint.encodeEvents(endpoint.events), endpoint.description, endpoint.enabled,
                                 endpoint.enabled, now, endpoint.id, userID])
            guard db.changesCount == 1 else { return nil }
            return try StoredWebhookEndpoint.fetchOne(db, sql: "SELECT * FROM webhook_endpoints WHERE id = ?", arguments: [endpoint.id])
        }
    }

    /// Replaces the secret with `secretSealed`; the old one keeps signing for `overlapMilliseconds`. Nil when not theirs.
    public func rotateWebhookSecret(id: String, userID: String, secretSealed: String, overlapMilliseconds: Int64) throws -> StoredWebhookEndpoint? {
        let now = now()
        return try writer.write { db in
            try db.execute(sql: """
                UPDATE webhook_endpoints SET previous_secret_sealed = secret_sealed, previous_secret_expires_at = ?, secret_sealed = ?, updated_at = ?
                WHERE id = ? AND user_id = ?
                """, arguments: [now + overlapMilliseconds, secretSealed, now, id, userID])
            guard db.changesCount == 1 else { return nil }
            return try StoredWebhookEndpoint.fetchOne(db, sql: "SELECT * FROM webhook_endpoints WHERE id = ?", arguments: [id])
        }
    }

    /// Deletes the owner's endpoint, its log and its waiting deliveries; false when it is not theirs.
    public func deleteWebhookEndpoint(id: String, userID: String) throws -> Bool {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM webhook_endpoints WHERE id = ? AND user_id = ?", arguments: [id, userID])
            guard db.changesCount == 1 else { return false }
            try db.execute(sql: "DELETE FROM jobs WHERE done_at IS NULL AND kind = ? AND instr(payload, ?) > 0",
                           arguments: [Job.Kind.deliverWebhook.rawValue, "\"endpoint_id\":\"\(id)\""])
            return true
        }
    }

    /// Turns an endpoint off for `reason` (the receiver answered 410 Gone).
    public func disableWebhookEndpoint(id: String, reason: String) throws {
        let now = now()
        try writer.write { db in
            try db.execute(sql: "UPDATE webhook_endpoints SET enabled = 0, disabled_reason = ?, updated_at = ? WHERE id = ?", arguments: [reason, now, id])
        }
    }

    /// Queues one delivery job per message, all or none.
    public func enqueueWebhookDeliveries(_ jobs: [WebhookJob]) throws {
        guard !jobs.isEmpty else { return }
        let now = now()
        try writer.write { db in
            for job in jobs { try Self.enqueue(db, .deliverWebhook(job), runAt: now, now: now) }
        }
    }

    /// Appends an attempt to the endpoint's log (keeping the latest ``webhookDeliveriesKept``); the endpoint may have
    /// been deleted meanwhile, then nothing is written.
    public func recordWebhookDelivery(_ record: WebhookDeliveryRecord) throws {
        let now = now()
        try writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM webhook_endpoints WHERE id = ?", arguments: [record.endpointID]) != nil else { return }
            try db.execute(sql: """
                INSERT INTO webhook_deliveries (id, endpoint_id, event_type, message_id, payload, attempt, status_code, duration_ms, error, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [ULID(milliseconds: now).value, record.endpointID, record.eventType, record.messageID, record.payload,
                                 record.attempt, record.statusCode, record.durationMilliseconds, record.error, now])
            try db.execute(sql: """
                DELETE FROM webhook_deliveries WHERE endpoint_id = ? AND id NOT IN
                  (SELECT id FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY created_at DESC, id DESC LIMIT ?)
                """, arguments: [record.endpointID, record.endpointID, Self.webhookDeliveriesKept])
        }
    }

    /// The owner's endpoint's log, newest first; nil when the endpoint is not theirs.
    public func webhookDeliveries(endpointID: String, userID: String) throws -> [WebhookDeliveryRecord]? {
        try writer.read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM webhook_endpoints WHERE id = ? AND user_id = ?", arguments: [endpointID, userID]) != nil
            else { return nil }
            return try WebhookDeliveryRecord.fetchAll(
                db, sql: "SELECT * FROM webhook_deliveries WHERE endpoint_id = ? ORDER BY created_at DESC, id DESC", arguments: [endpointID])
        }
    }

    /// One row of the owner's endpoint's log, nil when it is not theirs.
    public func webhookDelivery(id: String, endpointID: String, userID: String) throws -> WebhookDeliveryRecord? {
        try writer.read { db in
            try WebhookDeliveryRecord.fetchOne(db, sql: """
                SELECT d.* FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
                WHERE d.id = ? AND d.endpoint_id = ? AND e.user_id = ?
                """, arguments: [id, endpointID, userID])
        }
    }

    /// The owner's contacts whose follow-up is due on or before `today` and that have not produced a `follow_up.due`
    /// event for that due date, at most `limit`; each returned pair is marked as notified in the same transaction.
    public func claimDueFollowUpNotices(userID: String, today: CalendarDate, limit: Int) throws -> [(contactID: String, dueDate: String)] {
        try writer.write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT c.id, c.next_follow_up FROM contacts c
                WHERE c.user_id = ? AND c.next_follow_up IS NOT NULL AND c.next_follow_up <= ?
                  AND NOT EXISTS (SELECT 1 FROM webhook_due_notices n WHERE n.contact_id = c.id AND n.due_date = c.next_follow_up)
                ORDER BY c.next_follow_up, c.id LIMIT ?
                """, arguments: [userID, today.iso, limit])
            return try rows.map { row in
                let pair: (contactID: String, dueDate: String) = (row[0], row[1])
                try db.execute(sql: "INSERT OR IGNORE INTO webhook_due_notices (contact_id, due_date) VALUES (?, ?)", arguments: [pair.contactID, pair.dueDate])
                return pair
            }
        }
    }

    /// The profile usernames (lower-case) of the owners listening for `type` (see ``webhookOwners(taking:)``), each
    /// to its account.
    public func webhookListeningUsernames(taking type: WebhookEventType) throws -> [String: String] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT lower(p.username), p.user_id FROM public_profiles p
                WHERE p.user_id IN (SELECT e.user_id FROM webhook_endpoints e JOIN users u ON u.id = e.user_id
                                    WHERE e.enabled = 1 AND u.deletion_requested_at IS NULL AND u.suspended_at IS NULL AND instr(e.events, ?) > 0)
                """, arguments: ["\"\(type.rawValue)\""])
            return Dictionary(rows.map { ($0[0] as String, $0[1] as String) }) { first, _ in first }
        }
    }
}
