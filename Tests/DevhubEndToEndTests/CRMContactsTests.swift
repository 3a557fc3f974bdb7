import Foundation
import Testing

/// Contacts, interactions, tags and interaction types through the JSON API: create, read, change, delete;
/// bad fields answer 422 naming the JSON key and change nothing; `PATCH` changes only the keys it sends.
@Suite("CRM: contacts", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct CRMContactsTests {
    /// A contact with every field set.
    static var fullContact: [String: Any] { [
        "name": "Ada Lovelace", "relationship": "mentor", "company": "Analytical Engines", "industry": "Computing",
        "location": "London", "birthday": "1815-12-10", "email": "ada@engines.example", "phone": "+44 20 7946 0018",
        "github": "ada-l", "website": "https://ada.example/", "main_app": "Signal", "notes": "Wrote the first program.",
        "links": [["label": "Notes", "url": "https://ada.example/notes"], ["label": "Talk", "url": "http://talks.example/ada"]],
        "background": ["family": "Daughter of Lord Byron", "company": "Works with Babbage", "likes": "Mathematics", "dislikes": "Poetry",
                       "notes": "Prefers letters"],
        "vip": true, "cadence_days": 30, "importance": 3, "reminder_date": "2026-12-24", "tags": ["Mentors", "london"],
    ] }

    @Test("POST /api/contacts answers 201 with every field, null for absent ones, and the derived follow-up fields")
    func createAndRead() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("crud@example.test")
            let created = try await server.createContact(Self.fullContact, session: session)
            #expect(Set(created.keys) == CRM.contactKeys, "contact keys: \(created.keys.sorted())")
            for key in ["name", "relationship", "company", "industry", "location", "birthday", "email", "phone", "github", "website",
                        "main_app", "notes", "reminder_date"] {
                #expect(created[key] as? String == Self.fullContact[key] as? String, "\(key): \(created[key] ?? "missing")")
            }
            #expect(JSONValue.bool(created["vip"]) == true)
            #expect(JSONValue.int(created["cadence_days"]) == 30)
            #expect(JSONValue.int(created["importance"]) == 3)
            #expect(created["source"] as? String == "manual")
            #expect(JSONValue.objects(created["links"]).map { [$0["label"] as? String, $0["url"] as? String] }
                    == [["Notes", "https://ada.example/notes"], ["Talk", "http://talks.example/ada"]], "links: \(created["links"] ?? "")")
            let background = try #require(created["background"] as? [String: Any], "background: \(created)")
            #expect(background["family"] as? String == "Daughter of Lord Byron" && background["dislikes"] as? String == "Poetry",
                    "background: \(background)")
            #expect(Set(JSONValue.strings(created["tags"])) == ["Mentors", "london"], "tags: \(created["tags"] ?? "")")
            // Added today (2026-11-21) with a 30-day cadence: due Dec 21, before the Dec 24 reminder, so the cadence wins.
            #expect(JSONValue.isNull(created["last_contacted"]), "last_contacted: \(created)")
            #expect(created["next_follow_up"] as? String == "2026-12-21", "next_follow_up: \(created)")
            #expect(created["status"] as? String == "ok")
            #expect(JSONValue.bool(created["birthday_soon"]) == false)
            #expect(created["created_at"] is String && created["updated_at"] is String, "timestamps: \(created)")

            let id = try #require(created["id"] as? String)
            let read = try await server.contact(id, session: session)
            #expect(JSONValue.canonical(read) == JSONValue.canonical(created), "GET answers another contact than POST did")

            // A contact with only a name: every other field is present as null (or the default).
            let minimal = try await server.createContact(["name": "  Grace Hopper  "], session: session)
            #expect(Set(minimal.keys) == CRM.contactKeys, "minimal contact keys: \(minimal.keys.sorted())")
            #expect(minimal["name"] as? String == "Grace Hopper", "the name is not trimmed: \(minimal)")
            for key in ["relationship", "company", "industry", "location", "birthday", "email", "phone", "github", "website", "main_app",
                        "notes", "cadence_days", "reminder_date", "last_contacted", "next_follow_up"] {
                #expect(JSONValue.isNull(minimal[key]), "\(key) of a minimal contact is not null: \(minimal[key] ?? "missing")")
            }
            #expect(JSONValue.bool(minimal["vip"]) == false && JSONValue.int(minimal["importance"]) == 2, "defaults: \(minimal)")
            #expect(JSONValue.objects(minimal["links"]).isEmpty && JSONValue.strings(minimal["tags"]).isEmpty, "lists: \(minimal)")
            #expect(minimal["status"] as? String == "ok")

            let all = try await server.list("/api/contacts?sort=name", session: session)
            #expect(all.data.compactMap { $0["name"] as? String } == ["Ada Lovelace", "Grace Hopper"], "list: \(all.data)")
            #expect(JSONValue.int(all.pagination["total"]) == 2 && JSONValue.int(all.pagination["page"]) == 1
                    && JSONValue.int(all.pagination["pages"]) == 1, "pagination: \(all.pagination)")

            // DELETE answers 204; the contact is gone, its interactions with it.
            let minimalID = try #require(minimal["id"] as? String)
            try await server.logInteraction(minimalID, ["type": "call", "notes": "about COBOL"], session: session)
            let deleted = await server.delete("/api/contacts/\(minimalID)", session: session)
            #expect(deleted.status == 204, "DELETE: \(deleted)")
            #expect(deleted.body.isEmpty, "a 204 with a body: \(deleted)")
            let afterDelete = await server.get("/api/contacts/\(minimalID)", session: session)
            #expect(afterDelete.status == 404 && afterDelete.errorCode == "not_found", "GET of a deleted contact: \(afterDelete)")
            let again = await server.delete("/api/contacts/\(minimalID)", session: session)
            #expect(again.status == 404 && again.hasErrorShape, "a second DELETE: \(again)")
            #expect(try await server.ids("/api/interactions", session: session).isEmpty, "the deleted contact's interaction is still listed")
            #expect(try await server.names("/api/contacts", session: session) == ["Ada Lovelace"])
        }
    }

    /// Bodies of `POST /api/contacts` with one bad field each, and the field the 422 must name.
    static var badContacts: [([String: Any], String)] { [
        (["name": "X", "email": "not-an-address"], "email"),
        (["name": "X", "website": "javascript:alert(1)"], "website"),
        (["name": "X", "website": "ftp://files.example/"], "website"),
        (["name": "X", "links": [["label": "Fine", "url": "https://ok.example"], ["label": "Bad", "url": "javascript:alert(1)"]]], "links[1].url"),
        (["name": "X", "links": [["label": "Click", "url": "javascript:alert(1)"]]], "links[0].url"),
        (["name": "X", "cadence_days": 0], "cadence_days"),
        (["name": "X", "cadence_days": 3651], "cadence_days"),
        (["name": "X", "importance": 5], "importance"),
        (["name": "X", "importance": 0], "importance"),
        (["name": "X", "birthday": "2026-02-30"], "birthday"),
        (["name": "X", "birthday": "--02-30"], "birthday"),
        (["name": "X", "reminder_date": "2026-13-01"], "reminder_date"),
        (["name": "X", "phone": "call me maybe"], "phone"),
        (["name": "X", "github": "not a user!"], "github"),
        (["name": "X", "vip": "yes"], "vip"),
        (["name": "X", "cadence_days": "30"], "cadence_days"),
        (["name": "X", "tags": ["ok", "  "]], "tags[1]"),
        (["name": "X", "background": ["likes": String(repeating: "a", count: 5_001)]], "background.likes"),
        (["name": "   "], "name"),
        (["company": "No Name Inc"], "name"),
        (["name": String(repeating: "n", count: 201)], "name"),
    ] }

    @Test("bad contact fields answer 422 validation_failed naming the JSON key, and nothing is stored")
    func contactValidation() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("validation@example.test")
            for (body, field) in Self.badContacts {
                let response = await server.post("/api/contacts", json: body, session: session)
                #expect(response.status == 422, "\(ServerHTTP.jsonText(body)): \(response)")
                #expect(response.hasErrorShape && response.errorCode == "validation_failed", "error body: \(response)")
                #expect(response.errorFields.contains(field), "\(ServerHTTP.jsonText(body)): details do not name \(field): \(response)")
            }
            let all = try await server.list("/api/contacts", session: session)
            #expect(all.data.isEmpty && JSONValue.int(all.pagination["total"]) == 0, "a refused contact was stored: \(all.data)")
            #expect(try await server.list("/api/tags", session: session).data.isEmpty, "a refused contact created tags")
        }
    }

    @Test("malformed JSON answers 400 invalid_json, a JSON body over 64 KiB 413, and neither stores anything")
    func malformedAndOversizedBodies() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("bodies@example.test")
            let contact = try await server.createContact(["name": "Body Double"], session: session)
            let id = try #require(contact["id"] as? String)
            for (method, path) in [("POST", "/api/contacts"), ("PATCH", "/api/contacts/\(id)"), ("POST", "/api/contacts/\(id)/interactions"),
                                   ("POST", "/api/tags"), ("PUT", "/api/settings"), ("POST", "/api/contacts/bulk")] {
                for text in ["{\"name\": \"Broken\"", "not json at all", "[1, 2]"] {
                    let response = try await server.sendRaw(method, path, body: Data(text.utf8), contentType: "application/json", session: session)
                    #expect(response.status == 400, "\(method) \(path) with \(text): \(response)")
                    #expect(response.hasErrorShape && response.errorCode == "invalid_json", "\(method) \(path) with \(text): \(response)")
                }
            }
            let notes = String(repeating: "x", count: 70 * 1024)
            let big = try await server.sendRaw("POST", "/api/contacts", body: Data(ServerHTTP.jsonText(["name": "Too Big", "notes": notes]).utf8),
                                               contentType: "application/json", session: session)
            #expect(big.status == 413, "a 70 KiB JSON body: \(big)")
            #expect(big.hasErrorShape, "413 body: \(big)")
            let names = try await server.names("/api/contacts", session: session)
            #expect(names == ["Body Double"], "contacts after refused bodies: \(names)")
            #expect(try await server.contact(id, session: session)["name"] as? String == "Body Double", "a malformed PATCH changed the contact")
        }
    }

    @Test("PATCH changes only the keys sent, null clears a field, and a refused PATCH changes nothing")
    func patchSemantics() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("patch@example.test")
            let created = try await server.createContact(Self.fullContact, session: session)
            let id = try #require(created["id"] as? String)
            let path = "/api/contacts/\(id)"

            func unchangedExcept(_ changed: Set<String>, _ before: [String: Any], _ after: [String: Any]) {
                for key in CRM.contactKeys.subtracting(changed).subtracting(["updated_at"]) {
                    #expect(JSONValue.canonical([before[key] ?? NSNull()]) == JSONValue.canonical([after[key] ?? NSNull()]),
                            "PATCH of \(changed.sorted()) changed \(key): \(before[key] ?? "nil") → \(after[key] ?? "nil")")
                }
            }

            let company = await server.patch(path, json: ["company": "Difference Engines"], session: session)
            #expect(company.status == 200, "PATCH company: \(company)")
            let afterCompany = try #require(company.object)
            #expect(afterCompany["company"] as? String == "Difference Engines")
            unchangedExcept(["company"], created, afterCompany)

            let cleared = await server.patch(path, json: ["email": NSNull(), "website": NSNull(), "links": NSNull(), "reminder_date": NSNull()],
                                             session: session)
            #expect(cleared.status == 200, "PATCH nulls: \(cleared)")
            let afterClear = try #require(cleared.object)
            #expect(JSONValue.isNull(afterClear["email"]) && JSONValue.isNull(afterClear["website"]) && JSONValue.isNull(afterClear["reminder_date"]),
                    "null did not clear: \(afterClear)")
            #expect(JSONValue.objects(afterClear["links"]).isEmpty, "links after null: \(afterClear["links"] ?? "")")
            unchangedExcept(["email", "website", "links", "reminder_date"], afterCompany, afterClear)

            let retagged = await server.patch(path, json: ["tags": ["Friends"], "vip": false, "cadence_days": 14], session: session)
            #expect(retagged.status == 200, "PATCH tags: \(retagged)")
            let afterTags = try #require(retagged.object)
            #expect(JSONValue.strings(afterTags["tags"]) == ["Friends"], "tags are replaced: \(afterTags["tags"] ?? "")")
            #expect(JSONValue.bool(afterTags["vip"]) == false)
            #expect(afterTags["next_follow_up"] as? String == "2026-12-05", "a new cadence did not move the follow-up: \(afterTags)")
            unchangedExcept(["tags", "vip", "cadence_days", "next_follow_up"], afterClear, afterTags)
            let tagNames = try await server.names("/api/tags", session: session)
            #expect(tagNames.contains("Friends"), "tags: \(tagNames)")

            let background = await server.patch(path, json: ["background": ["likes": "Music"]], session: session)
            let afterBackground = try #require(background.object, "PATCH background: \(background)")
            let stored = afterBackground["background"] as? [String: Any] ?? [:]
            #expect(stored["likes"] as? String == "Music", "background.likes: \(stored)")

            // Refused PATCHes name the field and leave everything as it was.
            let before = try await server.contact(id, session: session)
            for (body, field) in [(["website": "javascript:alert(1)"], "website"), (["importance": 5], "importance"),
                                  (["name": NSNull()], "name"), (["name": ""], "name"), (["cadence_days": 0], "cadence_days"),
                                  (["links": [["label": "x", "url": "javascript:void(0)"]]], "links[0].url"),
                                  (["birthday": "2026-02-30"], "birthday")] as [([String: Any], String)] {
                let refused = await server.patch(path, json: body, session: session)
                #expect(refused.status == 422 && refused.errorFields.contains(field), "PATCH \(ServerHTTP.jsonText(body)): \(refused)")
            }
            #expect(JSONValue.canonical(try await server.contact(id, session: session)) == JSONValue.canonical(before),
                    "a refused PATCH changed the contact")

            let unknown = await server.patch("/api/contacts/\(CRM.unknownID)", json: ["company": "Nobody"], session: session)
            #expect(unknown.status == 404 && unknown.errorCode == "not_found", "PATCH of an unknown id: \(unknown)")
        }
    }

    @Test("tags: create, count, delete; bulk tag, untag and delete report how many contacts they affected")
    func tagsAndBulk() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("tags@example.test")
            let created = await server.post("/api/tags", json: ["name": "  conference   friends "], session: session)
            #expect(created.status == 201, "POST /api/tags: \(created)")
            #expect(created.object?["name"] as? String == "conference friends", "tag name: \(created)")
            #expect(JSONValue.int(created.object?["contacts"]) == 0 && created.object?["id"] is String, "new tag: \(created)")
            let empty = await server.post("/api/tags", json: ["name": "   "], session: session)
            #expect(empty.status == 422 && empty.errorFields.contains("name"), "a blank tag: \(empty)")

            var ids: [String] = []
            for name in ["One", "Two", "Three"] {
                ids.append(try #require(try await server.createContact(["name": name, "tags": ["batch"]], session: session)["id"] as? String))
            }
            let tagged = await server.post("/api/contacts/bulk", json: ["ids": [ids[0], ids[1], CRM.unknownID], "action": "tag", "tag": "picked"],
                                           session: session)
            #expect(tagged.status == 200 && JSONValue.int(tagged.object?["affected"]) == 2, "bulk tag: \(tagged)")
            #expect(try await server.names("/api/contacts?tag=picked&sort=name", session: session) == ["One", "Two"])

            var tags = try await server.list("/api/tags", session: session).data
            func count(_ name: String) -> Int? { JSONValue.int(tags.first { $0["name"] as? String == name }?["contacts"]) }
            #expect(count("batch") == 3 && count("picked") == 2 && count("conference friends") == 0, "tag counts: \(tags)")

            let untagged = await server.post("/api/contacts/bulk", json: ["ids": ids, "action": "untag", "tag": "picked"], session: session)
            #expect(untagged.status == 200 && JSONValue.int(untagged.object?["affected"]) == 2, "bulk untag: \(untagged)")
            #expect(try await server.names("/api/contacts?tag=picked", session: session).isEmpty)

            let badAction = await server.post("/api/contacts/bulk", json: ["ids": ids, "action": "explode"], session: session)
            #expect(badAction.status == 422 && badAction.errorFields.contains("action"), "bulk with a bad action: \(badAction)")
            let noTag = await server.post("/api/contacts/bulk", json: ["ids": ids, "action": "tag"], session: session)
            #expect(noTag.status == 422 && noTag.errorFields.contains("tag"), "bulk tag without a tag: \(noTag)")

            // Deleting a tag keeps its contacts, without the tag.
            tags = try await server.list("/api/tags", session: session).data
            let batchID = try #require(tags.first { $0["name"] as? String == "batch" }?["id"] as? String)
            let deletedTag = await server.delete("/api/tags/\(batchID)", session: session)
            #expect(deletedTag.status == 204, "DELETE /api/tags/{id}: \(deletedTag)")
            #expect(await server.delete("/api/tags/\(batchID)", session: session).status == 404, "a second DELETE of the tag")
            let remaining = try await server.allContacts(session: session)
            #expect(remaining.count == 3 && remaining.allSatisfy { !JSONValue.strings($0["tags"]).contains("batch") },
                    "contacts after deleting their tag: \(remaining)")

            let bulkDeleted = await server.post("/api/contacts/bulk", json: ["ids": [ids[0], ids[2]], "action": "delete"], session: session)
            #expect(bulkDeleted.status == 200 && JSONValue.int(bulkDeleted.object?["affected"]) == 2, "bulk delete: \(bulkDeleted)")
            #expect(try await server.names("/api/contacts", session: session) == ["Two"])
        }
    }

    @Test("interactions: log per contact or with contact_id, list newest first, delete; types built in and custom")
    func interactionsAndTypes() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("interactions@example.test")
            let types = await server.get("/api/interaction-types", session: session)
            #expect(types.status == 200, "GET /api/interaction-types: \(types)")
            #expect(JSONValue.strings(types.object?["built_in"]) == CRM.builtInTypes, "built-in types: \(types)")
            #expect(JSONValue.strings(types.object?["custom"]) == [], "custom types of a new owner: \(types)")

            let contact = try await server.createContact(["name": "Linus Kernel", "cadence_days": 30], session: session)
            let id = try #require(contact["id"] as? String)

            let unknownType = await server.post("/api/contacts/\(id)/interactions", json: ["type": "karaoke"], session: session)
            #expect(unknownType.status == 422 && unknownType.errorFields.contains("type"), "an unknown type: \(unknownType)")
            let added = await server.post("/api/interaction-types", json: ["name": "  Karaoke   Night "], session: session)
            #expect(added.status == 201, "POST /api/interaction-types: \(added)")
            #expect(added.object?["name"] as? String == "karaoke night", "the type is lower-cased and collapsed: \(added)")
            let blank = await server.post("/api/interaction-types", json: ["name": ""], session: session)
            #expect(blank.status == 422 && blank.errorFields.contains("name"), "a blank type: \(blank)")
            let typesAfter = await server.get("/api/interaction-types", session: session)
            #expect(JSONValue.strings(typesAfter.object?["custom"]) == ["karaoke night"], "custom types: \(typesAfter)")

            let first = try await server.logInteraction(id, ["type": "Karaoke Night", "date": "2026-11-02", "notes": "sang Linux songs"], session: session)
            #expect(Set(first.keys) == CRM.interactionKeys, "interaction keys: \(first.keys.sorted())")
            #expect(first["contact_id"] as? String == id && first["contact_name"] as? String == "Linus Kernel", "interaction: \(first)")
            #expect(first["type"] as? String == "karaoke night" && first["date"] as? String == "2026-11-02", "interaction: \(first)")
            #expect(first["notes"] as? String == "sang Linux songs" && JSONValue.isNull(first["follow_up_date"]), "interaction: \(first)")

            let viaTop = await server.post("/api/interactions", json: ["contact_id": id, "type": "code review", "notes": "reviewed a patch"],
                                           session: session)
            #expect(viaTop.status == 201, "POST /api/interactions: \(viaTop)")
            #expect(viaTop.object?["date"] as? String == CRM.today, "the date defaults to today: \(viaTop)")
            let noContact = await server.post("/api/interactions", json: ["type": "call"], session: session)
            #expect(noContact.status == 422 && noContact.errorFields.contains("contact_id"), "POST /api/interactions without contact_id: \(noContact)")

            let older = try await server.logInteraction(id, ["type": "email", "date": "2026-10-15"], session: session)
            for (body, field) in [(["type": "call", "date": "2026-02-30"], "date"), (["type": "call", "date": "2028-01-01"], "date"),
                                  (["type": "call", "date": "2026-11-10", "follow_up_date": "2026-11-01"], "follow_up_date"),
                                  (["type": "call", "follow_up_date": "soon"], "follow_up_date"), (["date": "2026-11-01"], "type")]
                    as [([String: Any], String)] {
                let refused = await server.post("/api/contacts/\(id)/interactions", json: body, session: session)
                #expect(refused.status == 422 && refused.errorFields.contains(field), "\(ServerHTTP.jsonText(body)): \(refused)")
            }

            let newestFirst = try await server.list("/api/interactions", session: session)
            let firstID = try #require(first["id"] as? String), olderID = try #require(older["id"] as? String)
            let topID = try #require(viaTop.object?["id"] as? String)
            #expect(newestFirst.data.compactMap { $0["id"] as? String } == [topID, firstID, olderID], "GET /api/interactions: \(newestFirst.data)")
            #expect(JSONValue.int(newestFirst.pagination["total"]) == 3)
            let perContact = try await server.ids("/api/contacts/\(id)/interactions", session: session)
            #expect(perContact == [topID, firstID, olderID], "GET /api/contacts/{id}/interactions: \(perContact)")
            let paged = try await server.list("/api/interactions?size=2&page=2", session: session)
            #expect(paged.data.compactMap { $0["id"] as? String } == [olderID] && JSONValue.int(paged.pagination["pages"]) == 2,
                    "page 2 of 2: \(paged)")

            var current = try await server.contact(id, session: session)
            #expect(current["last_contacted"] as? String == CRM.today, "last_contacted: \(current)")

            let removed = await server.delete("/api/interactions/\(topID)", session: session)
            #expect(removed.status == 204, "DELETE /api/interactions/{id}: \(removed)")
            #expect(await server.delete("/api/interactions/\(topID)", session: session).status == 404, "a second DELETE of the interaction")
            current = try await server.contact(id, session: session)
            #expect(current["last_contacted"] as? String == "2026-11-02", "deleting the newest interaction did not recompute: \(current)")
            #expect(current["next_follow_up"] as? String == "2026-12-02", "next_follow_up after the delete: \(current)")
            #expect(try await server.ids("/api/contacts/\(id)/interactions", session: session) == [firstID, olderID])

            let unknown = await server.get("/api/contacts/\(CRM.unknownID)/interactions", session: session)
            #expect(unknown.status == 404 && unknown.errorCode == "not_found", "interactions of an unknown contact: \(unknown)")
        }
    }
}
