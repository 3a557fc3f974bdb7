import Foundation
import Testing

/// Issue #12, class 7: whatever a search holds — FTS5 syntax, quotes after prepend marks or before combining marks,
/// junk scalars, very long input — `GET /api/contacts?q=` and `/app/contacts?q=` answer 200 with results or an empty
/// list, and ordinary prefix search still finds contacts.
@Suite("Search input safety", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct SearchSafetyTests {
    /// Queries FTS5 would read as syntax, or that hide a quote in a grapheme cluster.
    static let hostile: [String] = [
        "\"", "\"\"", "ada\"", "\"ada", "ada\"lov", "\"\u{301}", "ada\"\u{301}", "\u{600}\"", "\u{600}\"ada", "\u{110BD}\"ada\"",
        "\u{0D4E}\"", "*", "ada*", "*ada", "^", "^ada", ":", "name:ada", "name : ada", "(", "ada)", "(ada OR grace)", "-", "-ada",
        "ada -grace", "NEAR", "NEAR(ada grace)", "ada NEAR/2 grace", "AND", "OR", "NOT", "ada AND grace", "ada OR", "NOT ada",
        "+", "{name}: ada", "[", "'", "`", "\\", "%", "%25", "\u{FFFD}", "\u{FFFF}", "\u{10FFFF}", "\u{200D}\"", "\u{FE0F}\"",
        "\u{1F469}\u{200D}\u{1F4BB}\"", "a\u{0}b", String(repeating: "\"a", count: 2000), String(repeating: "ada ", count: 500),
        String(repeating: "\u{301}", count: 300), String(repeating: "x", count: 5000),
    ]

    @Test("every hostile query answers 200 on the API and the page; prefix search still works")
    func hostileQueries() async throws {
        try await CRMPages.run { server in
            let session = try await server.verifiedSession("search-safety@example.test")
            try await server.createContact(["name": "Ada Lovelace", "company": "Analytical Engines"], session: session)
            try await server.createContact(["name": "Grace Hopper", "notes": "NEAR the \"moth\""], session: session)
            try await server.createContact(["name": "José Martí"], session: session)

            for query in Self.hostile {
                let encoded = CRMPages.formEncode(query)
                let api = await server.get("/api/contacts?q=\(encoded)", session: session)
                #expect(api.status == 200 && api.object?["data"] is [Any], "API q=\(query.debugDescription.prefix(80)): \(api.status) \(api.body.prefix(200))")
                let page = await server.get("/app/contacts?q=\(encoded)", session: session)
                #expect(page.status == 200, "page q=\(query.debugDescription.prefix(80)): \(page.status) \(page.body.prefix(200))")
            }

            func names(_ query: String) async throws -> [String] {
                try await server.names("/api/contacts?sort=name&q=\(CRMPages.formEncode(query))", session: session)
            }
            #expect(try await names("ada") == ["Ada Lovelace"])
            #expect(try await names("lov ADA") == ["Ada Lovelace"])
            let marked = "\u{600}\"ada\""
            #expect(try await names(marked) == ["Ada Lovelace"])  // the junk around the word is not part of it
            #expect(try await names("ada*") == ["Ada Lovelace"])
            #expect(try await names("NEAR") == ["Grace Hopper"])  // a plain word, not the operator
            #expect(try await names("moth\"") == ["Grace Hopper"])
            #expect(try await names("jose") == ["José Martí"])  // diacritics folded
            #expect(try await names("mart\u{00ED}") == ["José Martí"])
            #expect(try await names("ada OR grace").isEmpty)  // every word must match; OR is a word
            let page = try await server.contactList(q: "\u{600}\"ada", session: session)
            #expect(page.text.contains("Ada Lovelace") && !page.text.contains("Grace Hopper"), "page search: \(page.text.prefix(400))")
        }
    }
}
