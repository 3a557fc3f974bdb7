import DevhubCore
import DevhubStore
import Foundation
import Testing

/// GitHub insights and technologies through the real router: `/api/insights` and its acknowledgement, the
/// technology filter and `technologies` of `/api/contacts`, the collaboration matching, the digest and the export —
/// always only the signed-in owner's rows.
@Suite("GitHub insights and technologies: API")
struct GitHubInsightsRouteTests {
    @Test("GET /api/insights lists unacknowledged insights newest first in the list envelope; acknowledging hides them unless all=true")
    func insightsAndAcknowledge() async throws {
        try await InProcessApp.run { app in
            let owner = try await GitHubOwner.signUp(app, "insights-owner@example.test")
            let sam = try await owner.contact(#"{"name": "Sam"}"#)
            let kim = try await owner.contact(#"{"name": "Kim"}"#)
            let first = try await owner.insight(sam, "Released v1.0 of sam/foo", key: "release:sam/foo:v1.0", url: "https://github.com/sam/foo/releases/tag/v1.0")
            let second = try await owner.insight(kim, "New repository kim/bar", key: "repo:kim/bar", type: .newRepository)
            let third = try await owner.insight(sam, "Released v2.0 of sam/foo", key: "release:sam/foo:v2.0")

            let listed = try await owner.get("/api/insights")
            #expect(listed["data"]?.array.compactMap { $0["id"]?.string } == [third.id, second.id, first.id])
            let item = try #require(listed["data"]?.array.last)
            #expect(Set(item.object.keys) == ["id", "contact_id", "type", "title", "description", "url", "created_at", "acknowledged"])
            #expect(item["contact_id"]?.string == sam)
            #expect(item["type"]?.string == "release")
            #expect(item["url"]?.string == "https://github.com/sam/foo/releases/tag/v1.0")
            #expect(item["acknowledged"]?.bool == false)
            #expect(listed["pagination"]?["total"] == .number(3))
            #expect(try await owner.get("/api/insights?size=1&page=2")["data"]?.array.compactMap { $0["id"]?.string } == [second.id])

            let acknowledged = try await app.send(.post, "/api/insights/\(second.id)/acknowledge", session: owner.session)
            #expect(acknowledged.status == .ok, "\(acknowledged)")
            #expect(try acknowledged.decode([String: JSONAny].self)["acknowledged"]?.bool == true)
            let again = try await app.send(.post, "/api/insights/\(second.id)/acknowledge", session: owner.session)
            #expect(again.status == .ok, "acknowledging twice is fine: \(again)")
            #expect(try await owner.get("/api/insights")["data"]?.array.compactMap { $0["id"]?.string } == [third.id, first.id])
            let all = try await owner.get("/api/insights?all=true")["data"]?.array ?? []
            #expect(all.compactMap { $0["id"]?.string } == [third.id, second.id, first.id])
            #expect(all.compactMap { $0["acknowledged"]?.bool } == [false, true, false])

            let bad = try await app.send(.get, "/api/insights?all=maybe", session: owner.session)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.error?.details.map(\.field) == ["all"])
            let unknown = try await app.send(.post, "/api/insights/01JZZZZZZZZZZZZZZZZZZZZZZZ/acknowledge", session: owner.session)
            #expect(unknown.status == .notFound)
            #expect(unknown.error?.code == "not_found")
        }
    }

    @Test("another owner never sees, acknowledges or matches someone else's insights, technologies or contacts")
    func ownersAreSeparate() async throws {
        try await InProcessApp.run { app in
            let owner = try await GitHubOwner.signUp(app, "owner-a@example.test")
            let other = try await GitHubOwner.signUp(app, "owner-b@example.test")
            let sam = try await owner.contact(#"{"name": "Sam", "tags": ["tech:Elixir"]}"#)
            try owner.repositories(sam, [("sam/foo", "Rust", ["webassembly"], 1)])
            let insight = try await owner.insight(sam, "Released v2.0 of sam/foo", key: "release:sam/foo:v2.0")
            // The other owner's own contact of the same name, with no GitHub data.
            let theirs = try await other.contact(#"{"name": "Sam"}"#)
            // Writing repositories for someone else's contact does nothing.
            try other.repositories(sam, [("evil/x", "Rust", [], 1)])

            #expect(try await other.get("/api/insights?all=true")["data"]?.array.isEmpty == true)
            let acknowledge = try await app.send(.post, "/api/insights/\(insight.id)/acknowledge", session: other.session)
            #expect(acknowledge.status == .notFound)
            #expect(try await owner.get("/api/insights")["data"]?.array.count == 1, "still unacknowledged for its owner")
            for tech in ["Rust", "webassembly", "Elixir"] {
                #expect(try await other.get("/api/contacts?tech=\(tech)")["data"]?.array.isEmpty == true)
                #expect(try await other.get("/api/matches?tech=\(tech)")["data"]?.array.isEmpty == true)
                #expect(try await owner.get("/api/contacts?tech=\(tech)")["data"]?.array.count == 1)
            }
            #expect(try await other.get("/api/contacts/\(theirs)")["technologies"]?.strings == [])
            #expect(try await owner.get("/api/contacts/\(sam)")["technologies"]?.strings == ["Elixir", "Rust", "webassembly"])
            #expect(try await app.send(.get, "/api/contacts/\(sam)/matches", session: other.session).status == .notFound)
            let page = try await other.page("/app/network")
            #expect(page.body.contains("No technologies yet"), "another owner's technologies on the network page")
            #expect(!page.body.contains("tech=Rust") && !page.body.contains("Elixir"))
            let export = try await other.get("/api/export/json")
            #expect(export["github_insights"]?.array.isEmpty == true)
            #expect(export["github_repositories"]?.array.isEmpty == true)
        }
    }

    @Test("?tech= finds contacts by a repository's language or topic or a tech: tag, in any ASCII case, combined with the other filters; follows repository changes")
    func techFilter() async throws {
        try await InProcessApp.run { app in
            let owner = try await GitHubOwner.signUp(app, "tech-filter@example.test")
            let sam = try await owner.contact(#"{"name": "Sam", "company": "Acme"}"#)
            let kim = try await owner.contact(#"{"name": "Kim", "tags": ["TECH:rust", "friends"]}"#)
            let lee = try await owner.contact(#"{"name": "Lee", "vip": true}"#)
            try owner.repositories(sam, [("sam/engine", "Rust", ["webassembly", "game-engine"], 2), ("sam/site", "JavaScript", [], 400)])
            try owner.repositories(lee, [("lee/tool", "Go", ["rust"], 10)])

            func ids(_ query: String) async throws -> [String] {
                try await owner.get("/api/contacts?\(query)")["data"]?.array.compactMap { $0["id"]?.string } ?? []
            }
            #expect(try await ids("tech=Rust") == [kim, lee, sam], "language, tag and topic, by name")
            #expect(try await ids("tech=RUST") == [kim, lee, sam])
            #expect(try await ids("tech=WebAssembly") == [sam])
            #expect(try await ids("tech=game-engine") == [sam])
            #expect(try await ids("tech=Haskell") == [])
            #expect(try await ids("tech=") == [kim, lee, sam], "empty: any")
            #expect(try await ids("tech=Rust&vip=true") == [lee])
            #expect(try await ids("tech=Rust&tag=friends") == [kim])
            #expect(try await ids("tech=Rust&q=Acme") == [sam])
            #expect(try await owner.get("/api/contacts?tech=Rust")["pagination"]?["total"] == .number(3))

            let samJSON = try await owner.get("/api/contacts/\(sam)")
            #expect(samJSON["technologies"]?.strings == ["Rust", "game-engine", "webassembly", "JavaScript"], "heaviest first, ties by name")
            #expect(try await owner.get("/api/contacts/\(kim)")["technologies"]?.strings == ["rust"], "the tag's spelling")

            // The sync replaces Sam's repositories: the index follows.
            try owner.repositories(sam, [("sam/engine", "Zig", [], 1)])
            #expect(try await ids("tech=Rust") == [kim, lee])
            #expect(try await ids("tech=zig") == [sam])
            // Deleting a contact takes its repositories out of the index.
            #expect(try await app.send(.delete, "/api/contacts/\(lee)", session: owner.session).status == .noContent)
            #expect(try await ids("tech=Go") == [])
        }
    }

    @Test("a bad tech parameter is 422 naming tech: commas, over 50 characters, control characters, spaces at an end")
    func techValidation() async throws {
        try await InProcessApp.run { app in
            let owner = try await GitHubOwner.signUp(app, "tech-bad@example.test")
            let contact = try await owner.contact(#"{"name": "Sam"}"#)
            let long = String(repeating: "a", count: 51)
            for path in ["/api/contacts?tech=Rust,Go", "/api/contacts?tech=\(long)", "/api/contacts?tech=Ru%00st", "/api/contacts?tech=%20Rust",
                         "/api/contacts?tech=Ru%C2%85st", "/api/matches", "/api/matches?tech=", "/api/matches?tech=a,b,c,d,e,f",
                         "/api/matches?tech=Rust,,Go", "/api/matches?tech=\(long)", "/api/matches?tech=Rust%0A"] {
                let answer = try await app.send(.get, path, session: owner.session)
                #expect(answer.status == .unprocessableContent, "\(path): \(answer)")
                #expect(answer.error?.code == "validation_failed", "\(path)")
                #expect(answer.error?.details.map(\.field) == ["tech"], "\(path): \(answer)")
            }
            #expect(try await app.send(.get, "/api/contacts/\(contact)/matches?size=0", session: owner.session).status == .unprocessableContent)
        }
    }

    @Test("GET /api/matches and /api/contacts/{id}/matches rank by shared technologies and activity, each line explained")
    func matches() async throws {
        try await InProcessApp.run { app in
            let owner = try await GitHubOwner.signUp(app, "matches@example.test")
            let sam = try await owner.contact(#"{"name": "Sam"}"#)
            let kim = try await owner.contact(#"{"name": "Kim", "tags": ["tech:WebAssembly"]}"#)
            let lin = try await owner.contact(#"{"name": "Lin"}"#)
            _ = try await owner.contact(#"{"name": "Bob"}"#)
            try owner.repositories(sam, [("sam/a", "Rust", ["webassembly"], 2), ("sam/b", "C", ["webassembly"], 300), ("sam/c", "Go", ["webassembly"], 400)])
            try owner.repositories(kim, [("kim/a", "Rust", [], 200)])
            try owner.repositories(lin, [("lin/a", "Rust", [], 20)])

            let found = try await owner.get("/api/matches?tech=Rust,WebAssembly")
            #expect(found["technologies"]?.strings == ["Rust", "WebAssembly"])
            let lines = found["data"]?.array ?? []
            #expect(lines.compactMap { $0["contact_id"]?.string } == [sam, kim, lin])
            #expect(lines.compactMap { $0["explanation"]?.string } == [
                "writes Rust weekly; 3 WebAssembly repos; never in touch",
                "1 Rust repo; tagged WebAssembly; never in touch",
                "writes Rust monthly; never in touch",
            ])
            #expect(lines.first?["shared"]?.strings == ["Rust", "WebAssembly"], "spelled as asked")
            #expect(Set(lines.first?.object.keys.map { $0 } ?? []) == ["contact_id", "name", "shared", "activity", "explanation"])
            #expect(found["pagination"]?["total"] == .number(3))
            #expect(try await owner.get("/api/matches?tech=Rust,WebAssembly&size=1&page=2")["data"]?.array.compactMap { $0["contact_id"]?.string } == [kim])

            let forKim = try await owner.get("/api/contacts/\(kim)/matches")
            #expect(forKim["technologies"]?.strings == ["WebAssembly", "Rust"])
            #expect(forKim["data"]?.array.compactMap { $0["contact_id"]?.string } == [sam, lin], "never the contact itself")
            let missing = try await app.send(.get, "/api/contacts/01JZZZZZZZZZZZZZZZZZZZZZZZ/matches", session: owner.session)
            #expect(missing.status == .notFound)
        }
    }

    @Test("the digest ranks an unacknowledged insight as a reason to get in touch; the JSON export carries insights and repositories")
    func digestAndExport() async throws {
        try await InProcessApp.run { app in
            let owner = try await GitHubOwner.signUp(app, "digest@example.test")
            let sam = try await owner.contact(#"{"name": "Sam"}"#)
            try owner.repositories(sam, [("sam/foo", "Rust", [], 1)])
            let insight = try await owner.insight(sam, "Sam released v2.0 of foo", key: "release:sam/foo:v2.0")

            let digest = try await owner.get("/api/digest")
            let entry = try #require(digest["priorities"]?.array.first { $0["contact_id"]?.string == sam })
            let reasons = entry["reasons"]?.array ?? []
            #expect(reasons.compactMap { $0["kind"]?.string } == ["github_insight"])
            #expect(reasons.compactMap { $0["text"]?.string } == ["Sam released v2.0 of foo — a reason to get in touch"])
            #expect(entry["score"] == .number(40))

            let export = try await owner.get("/api/export/json")
            #expect(export["github_insights"]?.array.compactMap { $0["id"]?.string } == [insight.id])
            #expect(export["github_repositories"]?.array.compactMap { $0["full_name"]?.string } == ["sam/foo"])
            #expect(export["contacts"]?.array.first?["technologies"]?.strings == ["Rust"])

            // Acknowledged: no longer a reason.
            #expect(try await app.send(.post, "/api/insights/\(insight.id)/acknowledge", session: owner.session).status == .ok)
            let after = try await owner.get("/api/digest")
            #expect(after["priorities"]?.array.contains { $0["contact_id"]?.string == sam } == false)
        }
    }
}
