import DevhubCore
import DevhubStore
import Foundation
import Testing

/// The pages: the dashboard's "What your network shipped" with its two plain forms, the contact's GitHub timeline,
/// technologies and matches, the tech-stack page's accessible SVG chart and matching form, the contact list's
/// technology filter — every user value escaped.
@Suite("GitHub insights and technologies: pages")
struct GitHubInsightsPageTests {
    @Test("the dashboard lists unacknowledged insights newest first with an acknowledge form and a log-an-interaction form; acknowledging removes it")
    func dashboard() async throws {
        try await InProcessApp.run { app in
            let owner = try await GitHubOwner.signUp(app, "dashboard@example.test")
            let sam = try await owner.contact(#"{"name": "Sam <b>S</b>"}"#)
            let older = try await owner.insight(sam, "New repository sam/old", key: "repo:sam/old", type: .newRepository)
            let newer = try await owner.insight(sam, "Released <script>alert(1)</script> of sam/foo", key: "release:sam/foo:x",
                                                url: "https://github.com/sam/foo/releases/tag/x")
            _ = try await owner.insight(sam, "Evil link", key: "evil", url: "javascript:alert(1)")

            let page = try await owner.page("/app/dashboard")
            #expect(page.status == .ok)
            #expect(page.body.contains("What your network shipped"))
            #expect(!page.body.contains("<script>alert(1)</script>") && page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.body.contains("<b>S</b>"))
            #expect(!page.body.contains("javascript:alert"), "an insight URL that is not http(s) is not linked")
            #expect(page.body.contains(#"<form method="post" action="/app/insights/\#(newer.id)/acknowledge">"#))
            #expect(page.body.contains(#"<form method="get" action="/app/contacts/\#(sam)#log"><input type="hidden" name="insight" value="\#(newer.id)">"#))
            let newerAt = try #require(page.body.range(of: "of sam/foo")).lowerBound
            let olderAt = try #require(page.body.range(of: "New repository sam/old")).lowerBound
            #expect(newerAt < olderAt, "newest first")

            let acknowledged = try await owner.form("/app/insights/\(older.id)/acknowledge", "back=dashboard")
            #expect(acknowledged.status == .seeOther)
            #expect(acknowledged.headers[.location] == "/app/dashboard#shipped")
            #expect(!(try await owner.page("/app/dashboard")).body.contains("New repository sam/old"))
            let fromContact = try await owner.form("/app/insights/\(newer.id)/acknowledge", "back=contact")
            #expect(fromContact.headers[.location] == "/app/contacts/\(sam)#github")

            // Someone else's insight: 404, and it stays unacknowledged.
            let other = try await GitHubOwner.signUp(app, "dashboard-other@example.test")
            let mine = try await owner.insight(sam, "Third", key: "third")
            #expect(try await other.form("/app/insights/\(mine.id)/acknowledge", "back=dashboard").status == .notFound)
            #expect(try app.database.gitHubInsight(userID: owner.userID, id: mine.id)?.acknowledged == false)

            // "Log an interaction" opens the contact's form with the insight's title as the note.
            let log = try await owner.page("/app/contacts/\(sam)?insight=\(mine.id)")
            #expect(log.body.contains(#"name="notes" rows="3" maxlength="10000">About: Third</textarea>"#))
            let foreign = try await other.page("/app/contacts/\(sam)?insight=\(mine.id)")
            #expect(foreign.status == .notFound)
        }
    }

    @Test("the contact page shows the GitHub timeline (insights, top repositories), technologies linking to the filter, and matches")
    func contactPage() async throws {
        try await InProcessApp.run { app in
            let owner = try await GitHubOwner.signUp(app, "contact-page@example.test")
            let sam = try await owner.contact(#"{"name": "Sam", "tags": ["tech:C++ & <Rust>"]}"#)
            let kim = try await owner.contact(#"{"name": "Kim"}"#)
            try owner.repositories(sam, [("sam/engine", "Rust", ["wasm"], 2)], stars: 120)
            try owner.repositories(kim, [("kim/lib", "Rust", [], 3)])
            try await owner.insight(sam, "sam/engine crossed 100 stars", key: "stars:sam/engine:100", type: .starMilestone)

            let page = try await owner.page("/app/contacts/\(sam)")
            #expect(page.status == .ok)
            #expect(page.body.contains("GitHub timeline"))
            #expect(page.body.contains("sam/engine crossed 100 stars"))
            #expect(page.body.contains(#"<a href="https://github.com/sam/engine" rel="noopener noreferrer">sam/engine</a>"#))
            #expect(page.body.contains("★ 120 · Rust · wasm"))
            #expect(page.body.contains(#"<a class="tag" href="/app/contacts?tech=Rust">Rust</a>"#))
            #expect(page.body.contains("C++ &amp; &lt;Rust&gt;") && !page.body.contains("<Rust>"))
            #expect(page.body.contains("Who shares their technologies"))
            #expect(page.body.contains(#"<a href="/app/contacts/\#(kim)">Kim</a> <span class="small">writes Rust weekly; never in touch</span>"#))
        }
    }

    @Test("/app/network: an SVG bar chart with role=img, title and desc, bars linking to the filter, the same numbers as a table; the matching form; names escaped")
    func networkPage() async throws {
        try await InProcessApp.run { app in
            let owner = try await GitHubOwner.signUp(app, "network@example.test")
            let sam = try await owner.contact(#"{"name": "Sam"}"#)
            let kim = try await owner.contact(#"{"name": "Kim", "tags": ["tech:\"><svg onload=alert(1)>"]}"#)
            try owner.repositories(sam, [("sam/a", "Rust", ["webassembly"], 2)])
            try owner.repositories(kim, [("kim/a", "Rust", [], 30)])

            let page = try await owner.page("/app/network")
            #expect(page.status == .ok)
            #expect(page.body.contains(#"<a href="/app/network" aria-current="page">Tech stack</a>"#), "in the navigation")
            #expect(page.body.contains(#"role="img" aria-labelledby="tech-chart-title tech-chart-desc""#))
            #expect(page.body.contains(#"<title id="tech-chart-title">"#) && page.body.contains(#"<desc id="tech-chart-desc">"#))
            #expect(page.body.contains(#"<a href="/app/contacts?tech=Rust">"#))
            #expect(page.body.contains(#"<td><a href="/app/contacts?tech=Rust">Rust</a></td><td>2</td>"#))
            #expect(page.body.contains(#"<td><a href="/app/contacts?tech=webassembly">webassembly</a></td><td>1</td>"#))
            #expect(!page.body.contains("<svg onload") && page.body.contains("&lt;svg onload=alert(1)&gt;"))
            #expect(!page.body.contains("<script"), "no JavaScript")
            let rustBar = try #require(page.body.range(of: "Rust: 2 contacts"))
            let wasmBar = try #require(page.body.range(of: "webassembly: 1 contact<"))
            #expect(rustBar.lowerBound < wasmBar.lowerBound, "most widespread first")

            let matched = try await owner.page("/app/network?tech=%20Rust%20,%20WebAssembly%20")
            #expect(matched.status == .ok)
            #expect(matched.body.contains("Contacts for Rust + WebAssembly"))
            #expect(matched.body.contains(#"<a href="/app/contacts/\#(sam)">Sam</a> <span class="small">writes Rust weekly; 1 WebAssembly repo; never in touch</span>"#))
            let refused = try await owner.page("/app/network?tech=a,b,c,d,e,f")
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("<strong>tech</strong>"))

            let list = try await owner.page("/app/contacts?tech=webassembly")
            #expect(list.body.contains(">Sam</a>") && !list.body.contains(">Kim</a>"))
            #expect(list.body.contains(#"name="tech" type="text" maxlength="50" value="webassembly""#))
        }
    }
}
