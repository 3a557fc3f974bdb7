import DevhubStore
import Foundation
import GRDB
import Testing

/// A CRM change and the webhook deliveries it causes are written in one transaction: nothing saved goes without its
/// events, and no event goes out for a change that was not saved. The fault is injected in SQLite itself (a trigger
/// that refuses delivery jobs), not in our code.
@Suite("Webhook events in the write's transaction")
struct WebhookEventsTransactionTests {
    static func deliveries(_ database: AppDatabase, type: String) throws -> [String] {
        try database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT payload FROM jobs WHERE kind = 'deliver-webhook' AND instr(payload, ?) > 0 ORDER BY id",
                                arguments: ["\"type\":\"\(type)\""])
        }
    }

    static func count(_ database: AppDatabase, _ table: String) throws -> Int {
        try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    static func contactCount(_ database: AppDatabase) throws -> Int { try count(database, "contacts") }

    static func refuseDeliveries(_ database: AppDatabase, _ refuse: Bool) throws {
        try database.writer.write { db in
            try db.execute(sql: refuse
                ? "CREATE TEMP TRIGGER refuse_deliveries BEFORE INSERT ON jobs WHEN new.kind = 'deliver-webhook' BEGIN SELECT RAISE(ABORT, 'the queue is unavailable'); END"
                : "DROP TRIGGER temp.refuse_deliveries")
        }
    }

    @Test("when the delivery cannot be queued the contact is not created, logged or deleted; once it can, both are saved")
    func rollsBackTogether() async throws {
        try await InProcessApp.run { app in
            let session = try await app.verifiedSession("transaction@example.test")
            let endpoint = try await app.send(.post, "/api/webhooks", json: """
                {"url": "https://93.184.215.14/hook", "events": ["contact.created", "interaction.logged", "contact.deleted"]}
                """, session: session)
            try #require(endpoint.status == .created, "\(endpoint)")

            try Self.refuseDeliveries(app.database, true)
            let refused = try await app.send(.post, "/api/contacts", json: #"{"name": "Ada Lovelace"}"#, session: session)
            #expect(refused.status != .created, "\(refused)")
            #expect(try Self.contactCount(app.database) == 0, "the contact was saved without its event")

            try Self.refuseDeliveries(app.database, false)
            let created = try await app.send(.post, "/api/contacts", json: #"{"name": "Ada Lovelace"}"#, session: session)
            try #require(created.status == .created, "\(created)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any])
            let id = try #require(object["id"] as? String)
            let createdEvents = try Self.deliveries(app.database, type: "contact.created")
            #expect(createdEvents.count == 1 && createdEvents.first?.contains(id) == true, "\(createdEvents)")

            try Self.refuseDeliveries(app.database, true)
            let logRefused = try await app.send(.post, "/api/contacts/\(id)/interactions",
                                                json: #"{"type": "call", "notes": "about the engine"}"#, session: session)
            #expect(logRefused.status != .created, "\(logRefused)")
            #expect(try Self.count(app.database, "interactions") == 0, "the interaction was saved without its event")
            let deleteRefused = try await app.send(.delete, "/api/contacts/\(id)", session: session)
            #expect(deleteRefused.status != .noContent, "\(deleteRefused)")
            #expect(try Self.contactCount(app.database) == 1, "the contact was deleted without its event")

            try Self.refuseDeliveries(app.database, false)
            let deleted = try await app.send(.delete, "/api/contacts/\(id)", session: session)
            #expect(deleted.status == .noContent, "\(deleted)")
            #expect(try Self.contactCount(app.database) == 0)
            #expect(try Self.deliveries(app.database, type: "contact.deleted").count == 1)
        }
    }
}
