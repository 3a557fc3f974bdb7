import Foundation
import Testing

/// The owner's Quick Connect pages end to end (`/app/connect`, `/app/connect/{id}`, its printable page, extend and
/// revoke), on a real `devhub serve` over loopback with a frozen clock; checked against the owner API and the
/// generated `connect/TOKEN/` page.
@Suite("Quick Connect pages", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct QuickConnectPagesTests {
    /// The create form as a browser submits it: every field of `/app/connect` in order.
    static func createForm(
        event: String = QC.event, location: String = QC.location, session: String = QC.session,
        hours: String = "24", max: String = ""
    ) -> [(String, String)] {
        [("event", event), ("location", location), ("session", session), ("expires_in_hours", hours), ("max_submissions", max)]
    }

    /// The id of a `/app/connect/{id}` location, or nil.
    static func codeID(fromLocation location: String) -> String? {
        let path = CRMPages.path(of: location)
        guard path.hasPrefix("/app/connect/") else { return nil }
        let rest = path.dropFirst("/app/connect/".count).prefix { $0 != "?" && $0 != "/" }
        return rest.isEmpty ? nil : String(rest)
    }

    /// The text of `<dd class="status">` of a code's page.
    static func status(of page: RenderedPage) -> String? {
        guard let open = page.source.range(of: "<dd class=\"status\">"),
              let close = page.source.range(of: "</dd>", range: open.upperBound..<page.source.endIndex)
        else { return nil }
        return HTMLText.visible(String(page.source[open.upperBound..<close.lowerBound]))
    }

    /// The `<img class="connect-qr">` tags of a page.
    static func qrImages(_ page: RenderedPage) -> [HTMLTag] {
        page.html.tags.filter { $0.name == "img" && ($0["class"] ?? "").split(separator: " ").contains("connect-qr") }
    }

    /// The visible text of the `<p class="notice">` of a page (the first one with role="status"), or nil.
    static func notice(_ page: RenderedPage) -> String? {
        guard let open = page.source.range(of: "<p class=\"notice\" role=\"status\">"),
              let close = page.source.range(of: "</p>", range: open.upperBound..<page.source.endIndex)
        else { return nil }
        return HTMLText.visible(String(page.source[open.upperBound..<close.lowerBound]))
    }

    /// The source of the table row (`<tr>…</tr>`) of the list page that links to `/app/connect/{id}`, or nil.
    static func listRow(_ page: RenderedPage, id: String) -> String? {
        let source = page.source
        guard let link = source.range(of: "href=\"/app/connect/\(id)\""),
              let open = source.range(of: "<tr", options: .backwards, range: source.startIndex..<link.lowerBound),
              let close = source.range(of: "</tr>", range: link.upperBound..<source.endIndex)
        else { return nil }
        return String(source[open.lowerBound..<close.upperBound])
    }

    /// The visible text of each `<td>` of a table row's source.
    static func cells(_ row: String) -> [String] {
        row.components(separatedBy: "<td").dropFirst().map { cell in
            let body = cell.drop { $0 != ">" }.dropFirst()
            let end = body.range(of: "</td>")?.lowerBound ?? body.endIndex
            return HTMLText.visible(String(body[..<end]))
        }
    }

    /// Creates a code through the create form; fails unless it answers 303 to the code's page; returns the id.
    static func createByForm(
        _ server: ServerProcess, _ fields: [(String, String)] = createForm(), session: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let response = try await server.postForm("/app/connect", fields, session: session)
        try #require(response.status == 303, "POST /app/connect \(fields): \(response)", sourceLocation: sourceLocation)
        let location = try #require(response.header("location"), "no Location: \(response)", sourceLocation: sourceLocation)
        return try #require(codeID(fromLocation: location), "Location is not a code page: \(location)", sourceLocation: sourceLocation)
    }

    /// The token of a `…/connect/TOKEN/` form URL.
    static func token(fromFormURL url: String) -> String? {
        let parts = url.split(separator: "/")
        guard let index = parts.lastIndex(of: "connect"), index + 1 < parts.count else { return nil }
        return String(parts[index + 1])
    }

    // MARK: Tests

    @Test("the owner pages without a session redirect to /app/login")
    func signedOutRedirects() async throws {
        try await QC.run { server in
            for path in ["/app/connect", "/app/connect/\(CRM.unknownID)", "/app/connect/\(CRM.unknownID)/print"] {
                let response = await server.get(path)
                #expect(response.status == 303 && response.header("location") == "/app/login", "signed-out GET \(path): \(response)")
            }
            let created = try await server.postForm("/app/connect", Self.createForm(), session: nil)
            #expect(created.status == 303 && created.header("location") == "/app/login", "signed-out POST /app/connect: \(created)")
        }
    }

    @Test("the create form answers 303 to the code's page, which shows the event, 'active', the QR code, the form URL and the print link")
    func createShowsTheCode() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("pages-owner@example.test")
            let saved = await server.saveProfile(ProfileJSON.make(username: "adapages", name: "Ada Pages"), session: session)
            try #require(saved.status == 200, "PUT /api/profile: \(saved)")
            let id = try await Self.createByForm(server, Self.createForm(max: "5"), session: session)

            // The API agrees: one code, with this id, these fields and the default 24 hours.
            let codes = try await server.quickConnectList(session: session).codes
            try #require(codes.count == 1, "codes after one form post: \(codes)")
            let api = codes[0]
            #expect(api["id"] as? String == id, "the API's code is not the one the redirect names: \(api)")
            #expect(api["event"] as? String == QC.event && api["location"] as? String == QC.location
                    && api["session"] as? String == QC.session, "stored fields: \(api)")
            #expect(api["expires_at"] as? String == QC.defaultExpiry, "expires_at: \(api)")
            #expect(JSONValue.int(api["max_submissions"]) == 5, "max_submissions: \(api)")
            #expect(api["status"] as? String == "active", "status: \(api)")
            let qrURL = try #require(api["qr_url"] as? String, "no qr_url in the API: \(api)")
            let formURL = try #require(api["form_url"] as? String, "no form_url in the API: \(api)")
            let token = try #require(Self.token(fromFormURL: formURL), "no token in \(formURL)")
            #expect(QC.isToken(token), "token of form_url: \(token)")
            #expect(server.site.exists(QC.pagePath(token)) && server.site.exists(QC.qrPath(token)), "the code's page or QR code is missing")

            let page = try await server.page("/app/connect/\(id)", session: session)
            #expect(page.text.contains(QC.event), "the code page lacks the event:\n\(page)")
            #expect(page.html.tags.contains { $0.name == "h1" }, "no heading")
            #expect(Self.status(of: page) == "active", "status on the page: \(Self.status(of: page) ?? "none")")
            let images = Self.qrImages(page)
            try #require(images.count == 1, "expected one img.connect-qr, found \(images.count):\n\(page)")
            #expect(images[0]["src"] == qrURL, "img src \(images[0]["src"] ?? "none") is not qr_url \(qrURL)")
            #expect(qrURL.hasSuffix("/connect/\(token)/qr.svg"), "qr_url: \(qrURL)")
            #expect(page.html.tags.contains { $0.name == "a" && $0["href"] == formURL }, "no link to the form URL \(formURL)")
            #expect(page.text.contains(formURL), "the form URL is not shown as text")
            #expect(page.html.tags.contains { $0.name == "a" && $0["href"] == "/app/connect/\(id)/print" }, "no link to the printable page")
            #expect(page.html.tags.contains { $0.name == "form" && $0["action"] == "/app/connect/\(id)/extend" }, "no extend form")
            #expect(page.html.tags.contains { $0.name == "form" && $0["action"] == "/app/connect/\(id)/revoke" }, "no revoke form")
            #expect(page.text.contains("0 of 5"), "the use count '0 of 5' is not shown")

            let print = try await server.page("/app/connect/\(id)/print", session: session)
            let printImages = Self.qrImages(print)
            #expect(printImages.count == 1 && printImages.first?["src"] == qrURL, "print page QR: \(printImages)\n\(print)")
            #expect(print.text.contains(formURL), "the print page lacks the form URL:\n\(print)")
            #expect(print.text.contains(QC.event), "the print page lacks the event")
            #expect(print.text.contains(QC.location) && print.text.contains(QC.session), "the print page lacks the place")
            #expect(print.text.contains("Ada Pages"), "the print page lacks the owner's name")

            // The static form page exists and is active.
            let connect = try server.connectPage(token)
            #expect(connect.state == "active", "data-state: \(connect.state ?? "none")")
        }
    }

    @Test("a bad create form answers 422 HTML naming the field, keeps what was typed, and creates nothing")
    func createRefusesBadInput() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("bad-input@example.test")

            let noEvent = try await server.postForm("/app/connect", Self.createForm(event: ""), session: session)
            #expect(noEvent.status == 422, "an empty event: \(noEvent)")
            #expect(noEvent.header("content-type")?.hasPrefix("text/html") == true, "the 422 is not HTML: \(noEvent)")
            let noEventPage = RenderedPage(noEvent.body)
            #expect(noEventPage.errorFields.contains("event"), "the 422 page does not name event: \(noEventPage.errorText)")
            #expect(noEventPage.html.tags.contains { $0.name == "form" && $0["action"] == "/app/connect" }, "the 422 page has no create form")
            #expect(noEventPage.inputValue("location") == QC.location, "the location typed was not kept: \(noEventPage.inputValue("location") ?? "none")")
            #expect(try await server.quickConnectList(session: session).codes.isEmpty, "an empty event created a code")

            let badHours = try await server.postForm("/app/connect", Self.createForm(hours: "abc"), session: session)
            #expect(badHours.status == 422, "expires_in_hours=abc: \(badHours)")
            let badHoursPage = RenderedPage(badHours.body)
            #expect(badHoursPage.errorFields.contains("expires_in_hours"), "the 422 page does not name expires_in_hours: \(badHoursPage.errorText)")
            #expect(badHoursPage.inputValue("event") == QC.event, "the event typed was not kept: \(badHoursPage.inputValue("event") ?? "none")")
            #expect(try await server.quickConnectList(session: session).codes.isEmpty, "expires_in_hours=abc created a code")
            let folders = (try? FileManager.default.contentsOfDirectory(atPath: server.site.out.appendingPathComponent("connect").path)) ?? []
            #expect(folders.filter { QC.isToken($0) }.isEmpty, "a connect page was written for a refused form: \(folders)")
        }
    }

    @Test("extend answers 200 with a notice and moves expires_at to 48 h after now; revoke closes the code and its page; extend then answers 409")
    func extendAndRevoke() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("extender@example.test")
            let id = try await Self.createByForm(server, session: session)
            let formURL = try #require(try await server.quickConnect(id, session: session)["form_url"] as? String)
            let token = try #require(Self.token(fromFormURL: formURL))

            let extended = try await server.postForm("/app/connect/\(id)/extend", [("hours", "48")], session: session)
            #expect(extended.status == 200, "POST extend hours=48: \(extended)")
            let extendedPage = RenderedPage(extended.body)
            let notice = Self.notice(extendedPage)
            #expect(notice == "Open until 23 November 2026, 07:30 UTC.", "the extend notice: \(notice ?? "none")\n\(extendedPage)")
            #expect(Self.status(of: extendedPage) == "active", "status after extend: \(Self.status(of: extendedPage) ?? "none")")
            let afterExtend = try await server.quickConnect(id, session: session)
            #expect(afterExtend["expires_at"] as? String == QC.twoDaysLater, "expires_at after extend 48: \(afterExtend)")

            // A bad hours value answers 422 on the code page and changes nothing.
            let badHours = try await server.postForm("/app/connect/\(id)/extend", [("hours", "0")], session: session)
            #expect(badHours.status == 422, "extend hours=0: \(badHours)")
            #expect(RenderedPage(badHours.body).errorText.isEmpty == false, "the 422 extend page shows no error")
            #expect(try await server.quickConnect(id, session: session)["expires_at"] as? String == QC.twoDaysLater, "hours=0 changed expires_at")

            let revoked = try await server.postForm("/app/connect/\(id)/revoke", [], session: session)
            #expect(revoked.status == 200, "POST revoke: \(revoked)")
            let revokedPage = RenderedPage(revoked.body)
            #expect(Self.status(of: revokedPage) == "revoked", "status after revoke: \(Self.status(of: revokedPage) ?? "none")")
            #expect(Self.notice(revokedPage) != nil, "no notice after revoke")
            #expect(!revokedPage.html.tags.contains { $0.name == "form" && $0["action"] == "/app/connect/\(id)/extend" },
                    "a revoked code's page still offers the extend form")
            #expect(try await server.quickConnect(id, session: session)["status"] as? String == "revoked", "the API status after revoke")
            #expect(await server.eventuallyConnectPage(token) { $0.state == "revoked" },
                    "connect/TOKEN/index.html never became data-state=\"revoked\":\n\((try? server.connectPage(token).description) ?? "missing")")
            let shown = try await server.page("/app/connect/\(id)", session: session)
            #expect(Self.status(of: shown) == "revoked", "GET after revoke: \(Self.status(of: shown) ?? "none")")

            let late = try await server.postForm("/app/connect/\(id)/extend", [("hours", "24")], session: session)
            #expect(late.status == 409, "extend after revoke: \(late)")
            #expect(late.header("content-type")?.hasPrefix("text/html") == true, "the 409 is not HTML: \(late)")
            #expect(!RenderedPage(late.body).errorText.isEmpty, "the 409 page shows no error")
            let final = try await server.quickConnect(id, session: session)
            #expect(final["status"] as? String == "revoked" && final["expires_at"] as? String == QC.twoDaysLater, "extend after revoke changed it: \(final)")
        }
    }

    @Test("another owner gets 404 for a code's page, its printable page, extend and revoke, and nothing changes")
    func anotherOwnerGets404() async throws {
        try await QC.run { server in
            let alice = try await server.verifiedSession("alice-pages@example.test")
            let bob = try await server.verifiedSession("bob-pages@example.test")
            let id = try await Self.createByForm(server, session: alice)
            let before = try await server.quickConnect(id, session: alice)
            let token = try #require(Self.token(fromFormURL: before["form_url"] as? String ?? ""))

            for path in ["/app/connect/\(id)", "/app/connect/\(id)/print"] {
                let response = await server.get(path, session: bob)
                #expect(response.status == 404, "another owner's GET \(path): \(response)")
                #expect(!response.body.contains(token), "another owner's GET \(path) shows the token")
            }
            let extend = try await server.postForm("/app/connect/\(id)/extend", [("hours", "720")], session: bob)
            #expect(extend.status == 404, "another owner's extend: \(extend)")
            let revoke = try await server.postForm("/app/connect/\(id)/revoke", [], session: bob)
            #expect(revoke.status == 404, "another owner's revoke: \(revoke)")

            let after = try await server.quickConnect(id, session: alice)
            #expect(JSONValue.canonical(after) == JSONValue.canonical(before), "another owner changed the code:\nbefore \(before)\nafter \(after)")
            try await server.waitUntilIdle()
            #expect(try server.connectPage(token).state == "active", "the code's page is no longer active")
            let bobsList = try await server.page("/app/connect", session: bob)
            #expect(!bobsList.source.contains("/app/connect/\(id)") && !bobsList.text.contains(QC.event), "Bob's list shows Alice's code")
        }
    }

    @Test("the list page shows each code with its event, status and use count")
    func listShowsCodes() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("lister@example.test")
            let empty = try await server.page("/app/connect", session: session)
            #expect(empty.text.contains("No codes yet"), "the empty list page:\n\(empty)")
            #expect(empty.html.tags.contains { $0.name == "form" && $0["action"] == "/app/connect" && $0["method"]?.lowercased() == "post" },
                    "no create form on the list page")
            for name in ["event", "location", "session", "expires_in_hours", "max_submissions"] {
                #expect(empty.html.tags.contains { $0.name == "input" && $0["name"] == name }, "the create form lacks \(name)")
            }

            let limited = try await Self.createByForm(server, Self.createForm(max: "5"), session: session)
            let other = try await Self.createByForm(server, Self.createForm(event: "Swift Meetup Lyon", location: "", session: ""), session: session)
            let formURL = try #require(try await server.quickConnect(limited, session: session)["form_url"] as? String)
            let token = try #require(Self.token(fromFormURL: formURL))
            let submitted = try await server.submitConnect(token, QC.form())
            try #require(submitted.status == 200, "visitor POST: \(submitted)")
            try await server.waitUntilIdle()
            #expect(JSONValue.int(try await server.quickConnect(limited, session: session)["use_count"]) == 1, "API use_count")

            let list = try await server.page("/app/connect", session: session)
            #expect(!list.text.contains("No codes yet"), "the list says no codes")
            let row = try #require(Self.listRow(list, id: limited), "no row links to /app/connect/\(limited):\n\(list)")
            // Columns: event (and place), status, people, open until.
            let cells = Self.cells(row)
            try #require(cells.count == 4, "the row has \(cells.count) cells: \(row)")
            #expect(cells[0].contains(QC.event) && cells[0].contains(QC.location), "event cell: \(cells[0])")
            #expect(cells[1] == "active", "status cell: \(cells[1])")
            #expect(cells[2] == "1 of 5", "use-count cell: \(cells[2])")
            #expect(cells[3] == "22 November 2026, 07:30 UTC", "expiry cell: \(cells[3])")
            let otherRow = try #require(Self.listRow(list, id: other), "no row links to /app/connect/\(other):\n\(list)")
            let otherCells = Self.cells(otherRow)
            try #require(otherCells.count == 4, "the other row has \(otherCells.count) cells: \(otherRow)")
            #expect(otherCells[0] == "Swift Meetup Lyon", "the other row's event cell: \(otherCells[0])")
            #expect(otherCells[1] == "active" && otherCells[2] == "0", "the other row's status and use count: \(otherCells)")
        }
    }
}
