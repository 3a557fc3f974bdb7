import Foundation
import Testing

/// Full-text search over names, companies and notes (contact, background and interaction notes), the list
/// filters combined with it, sorting, pagination, and bad list parameters.
@Suite("CRM: search and lists", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct CRMSearchTests {
    @Test("q matches word prefixes of names, companies, notes and interaction notes, and combines with tag, status and vip")
    func fullTextSearch() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("search@example.test")
            let ada = try #require(try await server.createContact([
                "name": "Ada Lovelace", "company": "Analytical Engines", "tags": ["math"], "cadence_days": 30,
            ], session: session)["id"] as? String)
            try await server.createContact([
                "name": "Adam Smith", "company": "Economics Ltd", "notes": "Wrote about pins", "vip": true,
            ], session: session)
            try await server.createContact([
                "name": "Grace Hopper", "company": "US Navy", "notes": "Compiler pioneer; found a moth", "tags": ["math", "navy"],
            ], session: session)
            let linus = try #require(try await server.createContact([
                "name": "Linus Torvalds", "company": "Linux Foundation", "background": ["likes": "Scuba diving", "company": "Transmeta alumni"],
            ], session: session)["id"] as? String)
            try await server.createContact(["name": "Margaret Hamilton", "company": "MIT Instrumentation Lab"], session: session)
            try await server.logInteraction(linus, ["type": "conference", "date": "2026-11-01", "notes": "Talked about kernel maintainership"],
                                            session: session)
            try await server.logInteraction(ada, ["type": "meeting", "date": "2026-10-01", "notes": "Bernoulli numbers"], session: session)

            func search(_ query: String) async throws -> [String] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
                return try await server.names("/api/contacts?sort=name&q=\(encoded)", session: session)
            }
            let cases: [(String, [String])] = [
                ("ada", ["Ada Lovelace", "Adam Smith"]),  // a prefix of both names
                ("lov", ["Ada Lovelace"]),
                ("Ada Lov", ["Ada Lovelace"]),  // every word must match
                ("ADA", ["Ada Lovelace", "Adam Smith"]),  // case-insensitive
                ("analytical", ["Ada Lovelace"]),  // company
                ("navy", ["Grace Hopper"]),
                ("compiler", ["Grace Hopper"]),  // contact notes
                ("moth", ["Grace Hopper"]),
                ("maintainer", ["Linus Torvalds"]),  // a prefix of a word in an interaction's notes
                ("kernel", ["Linus Torvalds"]),
                ("bernoulli", ["Ada Lovelace"]),
                ("scuba", ["Linus Torvalds"]),  // background likes
                ("transmeta", ["Linus Torvalds"]),  // background company
                ("instrumentation lab", ["Margaret Hamilton"]),
                ("zzzyx", []),
                ("ada navy", []),
            ]
            for (query, expected) in cases {
                let found = try await search(query)
                #expect(found == expected, "q=\(query): \(found)")
            }
            // Punctuation and FTS syntax in q are plain text, never an error.
            for query in ["\"", "ada*", "NOT", "a OR b", "(", "-", "::", "ada\"lov"] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
                let response = await server.get("/api/contacts?q=\(encoded)", session: session)
                #expect(response.status == 200, "q=\(query): \(response)")
            }

            // Combined with the other filters.
            #expect(try await server.names("/api/contacts?q=ada&tag=math", session: session) == ["Ada Lovelace"])
            #expect(try await server.names("/api/contacts?q=ada&vip=true", session: session) == ["Adam Smith"])
            #expect(try await server.names("/api/contacts?q=ada&vip=false", session: session) == ["Ada Lovelace"])
            #expect(try await server.names("/api/contacts?tag=math&sort=name", session: session) == ["Ada Lovelace", "Grace Hopper"])
            #expect(try await server.names("/api/contacts?tag=navy&q=hopper", session: session) == ["Grace Hopper"])
            #expect(try await server.names("/api/contacts?tag=navy&q=ada", session: session).isEmpty)
            // Ada: last met 2026-10-01 with a 30-day cadence, so overdue on 2026-11-21.
            #expect(try await server.names("/api/contacts?q=ada&status=overdue", session: session) == ["Ada Lovelace"])
            #expect(try await server.names("/api/contacts?q=ada&status=ok", session: session) == ["Adam Smith"])
            #expect(try await server.names("/api/contacts?q=grace&status=overdue", session: session).isEmpty)
            let combined = try await server.list("/api/contacts?q=ada&tag=math&status=overdue&vip=false", session: session)
            #expect(combined.data.compactMap { $0["name"] as? String } == ["Ada Lovelace"] && JSONValue.int(combined.pagination["total"]) == 1,
                    "all filters at once: \(combined)")

            // The index follows changes: a renamed contact is found by its new name only, a deleted one not at all.
            let renamed = await server.patch("/api/contacts/\(ada)", json: ["name": "Augusta King"], session: session)
            #expect(renamed.status == 200, "rename: \(renamed)")
            #expect(try await search("augusta") == ["Augusta King"])
            #expect(try await search("lovelace").isEmpty, "the old name is still found")
            #expect(try await search("bernoulli") == ["Augusta King"], "the interaction notes are lost from the index after a rename")
            try await server.logInteraction(ada, ["type": "call", "notes": "Discussed the Jacquard loom"], session: session)
            #expect(try await search("jacquard") == ["Augusta King"], "new interaction notes are not searchable")
            #expect(await server.delete("/api/contacts/\(linus)", session: session).status == 204)
            #expect(try await search("kernel").isEmpty, "a deleted contact is still found")
        }
    }

    @Test("pagination: size=2 gives pages of two with total and pages; sorts by name both ways; bad parameters answer 422")
    func paginationAndSorting() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("pages@example.test")
            let names = ["Echo", "alpha", "Delta", "bravo", "Charlie"]
            for name in names { try await server.createContact(["name": name], session: session) }
            let sorted = ["alpha", "bravo", "Charlie", "Delta", "Echo"]  // case-insensitive

            var seen: [String] = []
            for page in 1...3 {
                let result = try await server.list("/api/contacts?sort=name&size=2&page=\(page)", session: session)
                #expect(JSONValue.int(result.pagination["page"]) == page && JSONValue.int(result.pagination["size"]) == 2
                        && JSONValue.int(result.pagination["total"]) == 5 && JSONValue.int(result.pagination["pages"]) == 3,
                        "pagination of page \(page): \(result.pagination)")
                #expect(result.data.count == (page < 3 ? 2 : 1), "page \(page): \(result.data.count) items")
                seen += result.data.compactMap { $0["name"] as? String }
            }
            #expect(seen == sorted, "pages 1–3 by name: \(seen)")
            let beyond = try await server.list("/api/contacts?sort=name&size=2&page=4", session: session)
            #expect(beyond.data.isEmpty && JSONValue.int(beyond.pagination["total"]) == 5, "page 4 of 3: \(beyond)")
            #expect(try await server.names("/api/contacts?sort=-name&size=100", session: session) == sorted.reversed(), "sort=-name")
            #expect(try await server.names("/api/contacts?sort=name&size=100", session: session) == sorted, "sort=name")
            let filteredPages = try await server.list("/api/contacts?q=delta&size=2", session: session)
            #expect(JSONValue.int(filteredPages.pagination["total"]) == 1 && JSONValue.int(filteredPages.pagination["pages"]) == 1,
                    "pagination counts the filtered rows: \(filteredPages.pagination)")
            let maximal = try await server.list("/api/contacts?size=100", session: session)
            #expect(maximal.data.count == 5 && JSONValue.int(maximal.pagination["size"]) == 100, "size=100: \(maximal.pagination)")
            let empty = try await server.list("/api/contacts?q=nothingmatches", session: session)
            #expect(empty.data.isEmpty && JSONValue.int(empty.pagination["total"]) == 0, "no match: \(empty)")

            for (query, field) in [("size=101", "size"), ("size=0", "size"), ("size=ten", "size"), ("page=0", "page"), ("page=-1", "page"),
                                   ("status=bogus", "status"), ("sort=bogus", "sort"), ("sort=-bogus", "sort"), ("vip=maybe", "vip")] {
                let response = await server.get("/api/contacts?\(query)", session: session)
                #expect(response.status == 422, "GET /api/contacts?\(query): \(response)")
                #expect(response.hasErrorShape && response.errorCode == "validation_failed", "GET /api/contacts?\(query): \(response)")
                #expect(response.errorFields.contains(field), "GET /api/contacts?\(query) does not name \(field): \(response)")
            }
            for path in ["/api/interactions?size=101", "/api/follow-ups?size=101", "/api/tags?size=101", "/api/follow-ups?status=bogus"] {
                let response = await server.get(path, session: session)
                #expect(response.status == 422, "GET \(path): \(response)")
            }
        }
    }
}
