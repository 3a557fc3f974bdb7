import Foundation
import Testing

/// Shared pieces of the Quick Connect tests: the frozen clock, the owner API, the visitor's form post (no session,
/// no browser fetch metadata), and readers for the generated `connect/TOKEN/` pages and the stored bytes.
enum QC {
    /// The instant the server's clock is frozen at (the CRM tests' instant: "today" is 2026-11-21 in UTC).
    static let fixedTime = CRM.fixedTime
    /// `today` under ``fixedTime`` for an owner in UTC.
    static let today = CRM.today
    /// ``fixedTime`` plus the default lifetime of a code (24 hours).
    static let defaultExpiry = "2026-11-22T07:30:00Z"
    /// Two days after ``fixedTime``: a 24-hour code created at ``fixedTime`` has expired by then.
    static let twoDaysLater = "2026-11-23T07:30:00Z"
    /// The `devhub serve` arguments of these tests: the frozen clock, an API rate limit no test reaches, and no
    /// pacing of pages and mails (the frozen clock never reaches a later time; the pacing has its own tests).
    static let serverArguments = CRM.serverArguments + ["--connect-page-interval", "0s", "--connect-mail-interval", "0s"]

    /// The event every test's code is for (with a space, so the tag `event:EVENT` is taken literally).
    static let event = "RustConf 2026"
    static let location = "Montréal, Hall B"
    static let session = "Async Rust in production"

    /// Starts a server with ``serverArguments`` (plus `extra`) and runs `body` with it.
    static func run<T>(_ extra: [String] = [], _ body: (ServerProcess) async throws -> T) async throws -> T {
        try await ServerProcess.run(serverArguments + extra, body)
    }

    /// Whether `text` is 32 lower-case hex digits.
    static func isToken(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The output path of a code's page.
    static func pagePath(_ token: String) -> String { "connect/\(token)/index.html" }
    /// The output path of a code's QR code.
    static func qrPath(_ token: String) -> String { "connect/\(token)/qr.svg" }

    /// The form as a browser submits it: every field of the page in order, `consent` only when ticked, the
    /// honeypot `website` empty unless a bot filled it.
    static func form(
        name: String = "Grace Visitor", email: String = "grace@visitor.test", github: String = "", note: String = "",
        consent: Bool = true, website: String = ""
    ) -> [(String, String)] {
        var fields = [("name", name), ("email", email), ("github", github), ("note", note)]
        if consent { fields.append(("consent", "yes")) }
        fields.append(("website", website))
        return fields
    }

    /// `text` percent-encoded for a query value (everything but ASCII letters and digits).
    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .init(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? text
    }

    /// The 16 bytes a 32-hex-digit token stands for.
    static func tokenBytes(_ token: String) -> Data {
        var bytes: [UInt8] = []
        var index = token.startIndex
        while index < token.endIndex {
            let next = token.index(index, offsetBy: 2)
            bytes.append(UInt8(token[index..<next], radix: 16) ?? 0)
            index = next
        }
        return Data(bytes)
    }
}

/// A code as `POST /api/quick-connect` answered it.
struct CreatedCode {
    var id: String
    var token: String
    var object: [String: Any]
}

// MARK: Owner API

extension ServerProcess {
    /// `POST /api/quick-connect` with `fields`; fails unless it answers 201 with an id and a token.
    func createQuickConnect(
        _ fields: [String: Any] = ["event": QC.event, "location": QC.location, "session": QC.session], session: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> CreatedCode {
        let response = await post("/api/quick-connect", json: fields, session: session)
        try #require(response.status == 201, "POST /api/quick-connect \(ServerHTTP.jsonText(fields)): \(response)", sourceLocation: sourceLocation)
        let object = try #require(response.object, "POST /api/quick-connect answered no JSON object: \(response)", sourceLocation: sourceLocation)
        let id = try #require(object["id"] as? String, "no id: \(response)", sourceLocation: sourceLocation)
        let token = try #require(object["token"] as? String, "no token: \(response)", sourceLocation: sourceLocation)
        return CreatedCode(id: id, token: token, object: object)
    }

    /// `GET /api/quick-connect/{id}`; fails unless it answers 200 with an object.
    func quickConnect(_ id: String, session: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let response = await get("/api/quick-connect/\(id)", session: session)
        try #require(response.status == 200, "GET /api/quick-connect/\(id): \(response)", sourceLocation: sourceLocation)
        return try #require(response.object, "no JSON object: \(response)", sourceLocation: sourceLocation)
    }

    /// `data` of `GET /api/quick-connect`; fails unless it answers 200 with a list.
    func quickConnectList(session: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> (codes: [[String: Any]], raw: ServerResponse) {
        let response = await get("/api/quick-connect", session: session)
        try #require(response.status == 200, "GET /api/quick-connect: \(response)", sourceLocation: sourceLocation)
        let codes = try #require(response.object?["data"] as? [[String: Any]], "no data list: \(response)", sourceLocation: sourceLocation)
        return (codes, response)
    }

    /// The owner's contacts tagged `event:EVENT` (`GET /api/contacts?tag=…`).
    func contactsTagged(event: String = QC.event, session: String) async throws -> [[String: Any]] {
        try await list("/api/contacts?size=100&tag=" + QC.queryValue("event:" + event), session: session).data
    }

    /// The interactions of contact `id`, newest first.
    func interactions(of id: String, session: String) async throws -> [[String: Any]] {
        try await list("/api/contacts/\(id)/interactions", session: session).data
    }

    // MARK: Visitor

    /// A visitor's form post to `/connect/TOKEN`: form-encoded, no cookie, no `Sec-Fetch-*` or `Origin` (a
    /// cross-site form post from the CDN-served page), plus `headers` (e.g. `X-Forwarded-For`).
    func submitConnect(_ token: String, _ fields: [(String, String)], headers: [String: String] = [:]) async throws -> ServerResponse {
        try await postVisitorBody("/connect/\(token)", Data(CRMPages.formBody(fields).utf8), headers: headers)
    }

    /// `POST path` with `body` verbatim (through a file) as a form, without a session or browser fetch metadata.
    func postVisitorBody(_ path: String, _ body: Data, headers: [String: String] = [:]) async throws -> ServerResponse {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-qc-form-\(UUID().uuidString)")
        try body.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var all = headers
        all["Content-Type"] = "application/x-www-form-urlencoded"
        return await ServerHTTP.send("POST", appURL + path, headers: all, body: "@" + file.path)
    }

    // MARK: Pages and stored bytes

    /// The generated page of `token`; fails when it is missing.
    func connectPage(_ token: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ConnectPage {
        try #require(site.exists(QC.pagePath(token)), "no \(QC.pagePath(token)) in the output", sourceLocation: sourceLocation)
        return ConnectPage(try site.text(QC.pagePath(token)))
    }

    /// Polls (bounded) until the page of `token` satisfies `condition`; returns whether it did.
    func eventuallyConnectPage(_ token: String, _ condition: (ConnectPage) -> Bool) async -> Bool {
        await eventually {
            guard let text = try? site.text(QC.pagePath(token)) else { return false }
            return condition(ConnectPage(text))
        }
    }

    /// The bytes of the SQLite database and its write-ahead log and rollback journal (whichever exist).
    func databaseBytes() -> Data {
        var data = Data()
        for suffix in ["", "-wal", "-journal"] {
            if let part = try? Data(contentsOf: URL(fileURLWithPath: site.db.path + suffix)) { data.append(part) }
        }
        return data
    }

    /// The whole server log.
    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Renders `qr.svg` of `token` to PNG with `rsvg-convert` and decodes it with `zbarimg`; the decoded text.
    func decodeQR(_ token: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let png = site.root.appendingPathComponent("qc-\(token.prefix(8)).png")
        let svg = site.out.appendingPathComponent(QC.qrPath(token))
        let render = await Devhub.tool("rsvg-convert", ["-w", "400", "-o", png.path, svg.path])
        try #require(render.status == 0, "rsvg-convert \(svg.path): \(render)", sourceLocation: sourceLocation)
        let decode = await Devhub.tool("zbarimg", ["--raw", "-q", png.path])
        try #require(decode.status == 0, "zbarimg found no code in \(QC.qrPath(token)): \(decode)", sourceLocation: sourceLocation)
        return decode.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The count of the badge on the dashboard's "Quick Connect" link (`<span class="badge" data-count="N">`), or
    /// nil when the link carries none. Fails when the dashboard has no link to `/app/connect`.
    func quickConnectBadge(session: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int? {
        let dashboard = try await self.page("/app/dashboard", session: session, sourceLocation: sourceLocation)
        let link = try #require(QC.quickConnectLink(in: dashboard.source), "the dashboard has no link to /app/connect:\n\(dashboard)",
                                sourceLocation: sourceLocation)
        guard let badge = RenderedPage(link).html.tags.first(where: { $0.name == "span" && ($0["class"] ?? "").split(separator: " ").contains("badge") })
        else { return nil }
        return badge["data-count"].flatMap { Int($0) }
    }
}

extension QC {
    /// The source of the first `<a …href="…/app/connect">…</a>` of `html` (the nav link, with what it contains).
    static func quickConnectLink(in html: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: "<a\\b[^>]*href=\"[^\"]*/app/connect/?\"[^>]*>[\\s\\S]*?</a>", options: [.caseInsensitive]),
              let match = regex.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)),
              let range = Range(match.range, in: html)
        else { return nil }
        return String(html[range])
    }

    /// The visible text of the "Quick Connect" section of `content/pages/privacy.md` (the paragraphs under its
    /// `## Quick Connect` heading, Markdown emphasis removed, white space collapsed).
    static func privacyNotice(in site: TempSite) throws -> String {
        let markdown = try String(contentsOf: site.content.appendingPathComponent("pages/privacy.md"), encoding: .utf8)
        let lines = markdown.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "## Quick Connect") else { return "" }
        let section = lines[(start + 1)...].prefix { !$0.hasPrefix("## ") }
        return section.joined(separator: " ").replacingOccurrences(of: "**", with: "")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

// MARK: Reading a Quick Connect page

/// A generated `connect/TOKEN/index.html` (or an HTML answer of `POST /connect/TOKEN`), read by its tags.
struct ConnectPage: CustomStringConvertible {
    let page: RenderedPage

    init(_ source: String) { page = RenderedPage(source) }

    var source: String { page.source }
    var text: String { page.text }
    var tags: [HTMLTag] { page.html.tags }

    private static func hasClass(_ tag: HTMLTag, _ name: String) -> Bool {
        (tag["class"] ?? "").split(separator: " ").contains { $0 == name }
    }

    /// `data-state` of `<main class="connect">`.
    var state: String? { tags.first { $0.name == "main" && Self.hasClass($0, "connect") }?["data-state"] }

    /// `data-uses` of `<p class="connect-uses">`.
    var uses: Int? { tags.first { $0.name == "p" && Self.hasClass($0, "connect-uses") }?["data-uses"].flatMap { Int($0) } }

    /// The first `<form>`.
    var form: HTMLTag? { tags.first { $0.name == "form" } }

    /// The first `input`, `textarea` or `select` named `name`.
    func field(_ name: String) -> HTMLTag? {
        tags.first { ["input", "textarea", "select"].contains($0.name) && $0["name"] == name }
    }

    /// The `data-field` of every `<p class="field-error">`.
    var fieldErrors: [String] {
        tags.filter { $0.name == "p" && Self.hasClass($0, "field-error") }.compactMap { $0["data-field"] }
    }

    /// The first tag whose `id` is `id`.
    func element(id: String) -> HTMLTag? { tags.first { $0["id"] == id } }

    /// Whether this is the closed page in `state` as the contract describes it: the state, the heading, no form.
    func isClosed(_ state: String) -> Bool {
        self.state == state && text.contains("This Quick Connect code is no longer active") && !source.contains("<form")
    }

    var description: String { String(source.prefix(3000)) }
}
