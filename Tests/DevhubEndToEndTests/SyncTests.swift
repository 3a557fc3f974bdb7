import Foundation
import Testing

/// `GET /api/sync`: a first sync pages through everything; a sync from a cursor returns exactly what changed since
/// (current state for changed records, tombstones for deleted ones); a bad cursor or limit is 422.
@Suite("API: /api/sync", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct SyncTests {
    /// One answer of `/api/sync`, read.
    struct Answer {
        var contacts: [[String: Any]]
        var interactions: [[String: Any]]
        var tags: [[String: Any]]
        var deleted: [String]
        var cursor: String
        var hasMore: Bool

        func ids(_ list: [[String: Any]]) -> Set<String> { Set(list.compactMap { $0["id"] as? String }) }
    }

    /// `GET /api/sync` with `query`, by session or key; fails unless it answers 200 in the documented shape.
    static func sync(
        _ server: ServerProcess, _ query: String = "", session: String? = nil, key: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Answer {
        let path = "/api/sync" + (query.isEmpty ? "" : "?" + query)
        let response: ServerResponse
        if let key { response = await server.bearerGet(path, key: key) } else { response = await server.get(path, session: session) }
        try #require(response.status == 200, "GET \(path): \(response)", sourceLocation: sourceLocation)
        let object = try #require(response.object, "no JSON object: \(response)", sourceLocation: sourceLocation)
        #expect(Set(object.keys) == ["contacts", "interactions", "tags", "deleted", "cursor", "has_more"], "keys: \(object.keys.sorted())",
                sourceLocation: sourceLocation)
        let deleted = try #require(object["deleted"] as? [[String: Any]], "deleted: \(response)", sourceLocation: sourceLocation)
        return Answer(
            contacts: try #require(object["contacts"] as? [[String: Any]], sourceLocation: sourceLocation),
            interactions: try #require(object["interactions"] as? [[String: Any]], sourceLocation: sourceLocation),
            tags: try #require(object["tags"] as? [[String: Any]], sourceLocation: sourceLocation),
            deleted: deleted.map { "\($0["type"] as? String ?? "?"):\($0["id"] as? String ?? "?")" },
            cursor: try #require(object["cursor"] as? String, "cursor: \(response)", sourceLocation: sourceLocation),
            hasMore: try #require(object["has_more"] as? Bool, "has_more: \(response)", sourceLocation: sourceLocation))
    }

    @Test("a first sync without a cursor returns every contact, interaction and tag, paged by limit with has_more")
    func firstSyncPagesEverything() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("sync-first@example.test")
            var contactIDs: Set<String> = []
            for index in 1...7 {
                let contact = try await server.createContact(["name": "Synced \(index)", "tags": index % 2 == 0 ? ["even"] : ["odd"]], session: session)
                contactIDs.insert(try #require(contact["id"] as? String))
            }
            let first = try #require(contactIDs.sorted().first)
            let interaction = try await server.logInteraction(first, ["type": "call", "date": CRM.today, "notes": "hello"], session: session)
            let other = try await server.verifiedSession("sync-other@example.test")
            _ = try await server.createContact(["name": "Not Yours", "tags": ["elsewhere"]], session: other)

            var contacts: [String] = []
            var interactions: [String] = []
            var tags: [String] = []
            var query = "limit=3"
            var pages = 0
            var cursors: [String] = []
            while pages < 20 {
                let answer = try await Self.sync(server, query, session: session)
                pages += 1
                contacts += answer.contacts.compactMap { $0["id"] as? String }
                interactions += answer.interactions.compactMap { $0["id"] as? String }
                tags += answer.tags.compactMap { $0["name"] as? String }
                #expect(answer.deleted.isEmpty, "a first sync carries tombstones: \(answer.deleted)")
                #expect(answer.contacts.count + answer.interactions.count + answer.tags.count <= 3, "a page holds more than limit=3 records")
                cursors.append(answer.cursor)
                if !answer.hasMore { break }
                query = "limit=3&since=\(answer.cursor)"
            }
            #expect(pages >= 4, "10 records in pages of 3 came in \(pages) pages")
            #expect(Set(contacts) == contactIDs && contacts.count == Set(contacts).count, "contacts: \(contacts.count), \(contactIDs.count)")
            #expect(interactions == [interaction["id"] as? String].compactMap { $0 }, "interactions: \(interactions)")
            #expect(Set(tags) == ["even", "odd"] && tags.count == 2, "tags: \(tags)")
            #expect(Set(cursors).count == cursors.count, "a cursor repeated: \(cursors)")

            let whole = try await Self.sync(server, session: session)
            #expect(whole.ids(whole.contacts) == contactIDs && !whole.hasMore, "one page of the default limit")
            let done = try await Self.sync(server, "since=\(whole.cursor)", session: session)
            #expect(done.contacts.isEmpty && done.interactions.isEmpty && done.tags.isEmpty && done.deleted.isEmpty && !done.hasMore)
            #expect(done.cursor == whole.cursor, "the cursor moved without a change")
        }
    }

    @Test("from a cursor, sync returns exactly the contacts created, updated and deleted, the interaction logged, and the tombstones")
    func changesSinceCursor() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("sync-changes@example.test")
            let kept = try #require(try await server.createContact(["name": "Kept Unchanged"], session: session)["id"] as? String)
            let updated = try #require(try await server.createContact(["name": "To Update"], session: session)["id"] as? String)
            let doomed = try #require(try await server.createContact(["name": "To Delete", "tags": ["old"]], session: session)["id"] as? String)
            let doomedInteraction = try #require(try await server.logInteraction(doomed, ["type": "call", "date": CRM.today], session: session)["id"] as? String)
            let (key, _) = try await server.createKey(session: session, name: "sync", scopes: ["read"])
            let start = try await Self.sync(server, key: key)
            #expect(start.ids(start.contacts) == [kept, updated, doomed], "the first sync: \(start.contacts.count)")

            let created = try #require(try await server.createContact(["name": "New One", "tags": ["fresh"]], session: session)["id"] as? String)
            let patched = await server.patch("/api/contacts/\(updated)", json: ["company": "Changed Co"], session: session)
            try #require(patched.status == 200, "PATCH: \(patched)")
            #expect(await server.delete("/api/contacts/\(doomed)", session: session).status == 204)
            let logged = try #require(try await server.logInteraction(updated, ["type": "pairing", "date": CRM.today], session: session)["id"] as? String)

            let changes = try await Self.sync(server, "since=\(start.cursor)", key: key)
            #expect(changes.ids(changes.contacts) == [created, updated], "changed contacts: \(changes.contacts.map { $0["name"] ?? "" })")
            #expect(changes.contacts.first { $0["id"] as? String == updated }?["company"] as? String == "Changed Co", "the update's state")
            #expect(changes.ids(changes.interactions) == [logged], "interactions: \(changes.interactions)")
            #expect(Set(changes.deleted) == ["contact:\(doomed)", "interaction:\(doomedInteraction)"], "tombstones: \(changes.deleted)")
            #expect(Set(changes.tags.compactMap { $0["name"] as? String }) == ["fresh", "old"], "tags (new, and one whose count fell): \(changes.tags)")
            #expect(!changes.hasMore && changes.cursor != start.cursor)

            let tag = try #require(changes.tags.first { $0["name"] as? String == "old" }?["id"] as? String)
            #expect(await server.delete("/api/tags/\(tag)", session: session).status == 204)
            let afterTag = try await Self.sync(server, "since=\(changes.cursor)", key: key)
            #expect(afterTag.deleted == ["tag:\(tag)"] && afterTag.contacts.isEmpty, "deleting an unused tag: \(afterTag.deleted)")
        }
    }

    @Test("a cursor or limit the server did not hand out answers 422 naming since or limit")
    func badCursor() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("sync-bad@example.test")
            let answer = try await Self.sync(server, session: session)
            let bad: [(String, String)] = [
                ("since=garbage!", "since"), ("since=\(answer.cursor)!!", "since"), ("since=djE6YWJj", "since"), ("since=MTIz", "since"),
                ("since=" + String(repeating: "A", count: 5000), "since"), ("since=%C3%A9", "since"), ("since=djE6LTE", "since"),
                ("limit=0", "limit"), ("limit=1001", "limit"), ("limit=ten", "limit"), ("limit=-5", "limit"),
            ]
            for (query, field) in bad {
                let response = await server.get("/api/sync?\(query)", session: session)
                #expect(response.status == 422 && response.errorFields == [field] && response.hasErrorShape, "\(query.prefix(60)): \(response)")
            }
            #expect(await server.get("/api/sync").status == 401, "sync without credentials")
        }
    }
}
