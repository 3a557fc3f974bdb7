import Foundation
import Testing

/// Shared pieces of the CRM page tests: the frozen clock, browser-like form posts and file uploads (curl with the
/// session cookie and same-origin headers), and small readers for the rendered pages.
enum CRMPages {
    /// The instant the server's clock is frozen at: "today" is 2026-11-21 for an owner in UTC (the default).
    static let fixedTime = "2026-11-21T07:30:00Z"
    /// `today` under ``fixedTime`` in UTC.
    static let today = "2026-11-21"
    /// The `devhub serve` arguments of these tests: the frozen clock, and a rate limit no test reaches.
    static let serverArguments = ["--fixed-time", fixedTime, "--api-rate-limit", "100000"]

    /// Starts a server with ``serverArguments`` and runs `body` with it.
    static func run<T>(_ body: (ServerProcess) async throws -> T) async throws -> T {
        try await ServerProcess.run(serverArguments, body)
    }

    /// Every field of the contact form, empty, in the order a browser sends them (a browser sends every input).
    static let blankContactForm: [(String, String)] = {
        var fields: [(String, String)] = [
            ("name", ""), ("email", ""), ("phone", ""), ("company", ""), ("relationship", ""), ("industry", ""),
            ("location", ""), ("birthday", ""), ("github", ""), ("website", ""), ("main_app", ""), ("tags", ""),
            ("notes", ""), ("cadence_days", ""), ("importance", "2"), ("reminder_date", ""),
            ("bg_family", ""), ("bg_company", ""), ("bg_likes", ""), ("bg_dislikes", ""), ("bg_notes", ""),
        ]
        for index in 1...5 { fields += [("link_label_\(index)", ""), ("link_url_\(index)", "")] }
        return fields
    }()

    /// The contact form as a browser submits it: every field, with `values` filled in (`vip` is only sent when checked).
    static func contactForm(_ values: [String: String]) -> [(String, String)] {
        var fields = blankContactForm.map { name, blank in (name, values[name] ?? blank) }
        let known = Set(fields.map(\.0))
        for (name, value) in values.sorted(by: { $0.key < $1.key }) where !known.contains(name) {
            fields.append((name, value))
        }
        return fields
    }

    /// `application/x-www-form-urlencoded` as browsers write it: unreserved ASCII kept, space as `+`, the rest `%XX`.
    static func formEncode(_ text: String) -> String {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._*")
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == " " {
                out += "+"
            } else if unreserved.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 { out += String(format: "%%%02X", byte) }
            }
        }
        return out
    }

    /// `fields` as a form body (or the query of a `GET` form).
    static func formBody(_ fields: [(String, String)]) -> String {
        fields.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&")
    }

    /// The path of a `Location` header without its fragment (a browser never sends `#…`).
    static func path(of location: String) -> String {
        var path = location
        if let hash = path.firstIndex(of: "#") { path = String(path[..<hash]) }
        if path.hasPrefix("http://") || path.hasPrefix("https://"), let url = URL(string: path) {
            return url.path + (url.query.map { "?" + $0 } ?? "")
        }
        return path
    }

    /// The contact id of a `/app/contacts/{id}` location.
    static func contactID(fromLocation location: String) -> String? {
        let path = path(of: location)
        guard path.hasPrefix("/app/contacts/") else { return nil }
        let rest = path.dropFirst("/app/contacts/".count).prefix { $0 != "?" && $0 != "/" }
        return rest.isEmpty ? nil : String(rest)
    }
}

// MARK: Requests

extension ServerProcess {
    /// Runs curl with `args`, the session cookie and a browser's same-origin headers, and parses the answer.
    private func curlPage(_ args: [String], session: String?, headers: [String: String]? = nil, timeout: Int = 30) async -> ServerResponse {
        var all = headers ?? sameOriginHeaders
        if let session { all["Cookie"] = "\(Self.sessionCookieName)=\(session)" }
        var arguments = ["-s", "-i", "--globoff", "--max-time", String(timeout), "-H", "Expect:"]
        for (name, value) in all.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        let result = await Devhub.tool("curl", arguments + args)
        guard result.status == 0 else {
            return ServerResponse(status: 0, headerLines: [], body: "curl exit \(result.status): \(result.stderr)")
        }
        return ServerHTTP.parse(result.stdout)
    }

    /// A browser's form post: `fields` url-encoded (`application/x-www-form-urlencoded`) with the session cookie and
    /// same-origin headers. The body goes through a file, so any text passes unchanged.
    func postForm(_ path: String, _ fields: [(String, String)], session: String?) async throws -> ServerResponse {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-crm-pages-form-\(UUID().uuidString)")
        try Data(CRMPages.formBody(fields).utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return await curlPage(
            ["-X", "POST", "-H", "Content-Type: application/x-www-form-urlencoded", "--data-binary", "@" + file.path, appURL + path],
            session: session)
    }

    /// A browser's file upload: `multipart/form-data` with one file field (`curl -F field=@file;type=…;filename=…`).
    func uploadFile(
        _ path: String, field: String = "file", contents: String, filename: String, type: String, session: String?
    ) async throws -> ServerResponse {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-crm-pages-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("upload")
        try Data(contents.utf8).write(to: file)
        return await curlPage(["-F", "\(field)=@\(file.path);type=\(type);filename=\(filename)", appURL + path], session: session)
    }

    /// A `GET` page the way the filter form submits it: `fields` as a form-encoded query (spaces as `+`).
    func getForm(_ path: String, _ fields: [(String, String)], session: String?) async -> ServerResponse {
        await get(path + "?" + CRMPages.formBody(fields), session: session)
    }

    /// Adds a contact through `POST /app/contacts` with the whole form (`values` filled in); fails unless it answers
    /// 303 to the new contact's page; returns its id.
    func addContactByForm(_ values: [String: String], session: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let response = try await postForm("/app/contacts", CRMPages.contactForm(values), session: session)
        try #require(response.status == 303, "POST /app/contacts \(values): \(response)", sourceLocation: sourceLocation)
        let location = try #require(response.header("location"), "no Location: \(response)", sourceLocation: sourceLocation)
        return try #require(CRMPages.contactID(fromLocation: location), "Location is not a contact page: \(location)", sourceLocation: sourceLocation)
    }

    /// Logs an interaction through the contact page's quick form; fails unless it answers 303 back to the contact page.
    func logInteractionByForm(
        _ contactID: String, type: String, notes: String = "", date: String = "", followUp: String = "", session: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let response = try await postForm(
            "/app/contacts/\(contactID)/interactions",
            [("type", type), ("notes", notes), ("date", date), ("follow_up_date", followUp)], session: session)
        try #require(response.status == 303, "POST /app/contacts/\(contactID)/interactions: \(response)", sourceLocation: sourceLocation)
        let location = response.header("location") ?? ""
        try #require(CRMPages.contactID(fromLocation: location) == contactID, "the log form did not go back to the contact: \(response)",
                     sourceLocation: sourceLocation)
    }

    /// `GET path` with the session; fails unless it answers 200 with HTML.
    func page(_ path: String, session: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> RenderedPage {
        let response = await get(path, session: session)
        try #require(response.status == 200, "GET \(path): \(response)", sourceLocation: sourceLocation)
        try #require(response.header("content-type")?.hasPrefix("text/html") == true, "GET \(path) is not HTML: \(response)",
                     sourceLocation: sourceLocation)
        return RenderedPage(response.body)
    }

    /// The contact list with the filter form's fields as a browser sends them (`q`, `tag`, `status`, and `vip` when checked).
    func contactList(
        q: String = "", tag: String = "", status: String = "", vip: Bool = false, session: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> RenderedPage {
        var fields = [("q", q), ("tag", tag), ("status", status)]
        if vip { fields.append(("vip", "true")) }
        let response = await getForm("/app/contacts", fields, session: session)
        try #require(response.status == 200, "GET /app/contacts \(fields): \(response)", sourceLocation: sourceLocation)
        return RenderedPage(response.body)
    }
}

// MARK: Reading pages

/// One rendered page: its source, its tags (``HTMLPage``) and its visible text.
struct RenderedPage: CustomStringConvertible {
    let source: String
    let html: HTMLPage

    init(_ source: String) {
        self.source = source
        html = HTMLPage(source)
    }

    /// The page's text as a reader sees it: tags removed, entities decoded, white space collapsed.
    var text: String { HTMLText.visible(source) }

    /// The rows of the contact list: each checkbox's contact id and the name from its `aria-label` ("Select NAME").
    var contactRows: [(id: String, name: String)] {
        html.tags.filter { $0.name == "input" && $0["name"] == "ids" }.map { tag in
            let label = tag["aria-label"] ?? ""
            return (tag["value"] ?? "", label.hasPrefix("Select ") ? String(label.dropFirst("Select ".count)) : label)
        }
    }

    /// The names of the contact list's rows, sorted.
    var contactNames: [String] { contactRows.map(\.name).sorted() }

    /// The source from the first `<section` whose start tag contains `marker` to its `</section>`, or "".
    func section(_ marker: String) -> String {
        guard let start = source.range(of: marker) else { return "" }
        let head = source[..<start.lowerBound].range(of: "<section", options: .backwards)?.lowerBound ?? start.lowerBound
        let end = source.range(of: "</section>", range: start.upperBound..<source.endIndex)?.upperBound ?? source.endIndex
        return String(source[head..<end])
    }

    /// The visible text of ``section(_:)``.
    func sectionText(_ marker: String) -> String { HTMLText.visible(section(marker)) }

    /// The first start tag called `name` whose `id` is `id`.
    func tag(_ name: String, id: String) -> HTMLTag? {
        html.tags.first { $0.name == name && $0["id"] == id }
    }

    /// The value of the `input` named `name` (the first one).
    func inputValue(_ name: String) -> String? {
        html.tags.first { $0.name == "input" && $0["name"] == name }?["value"]
    }

    /// The text of the `textarea` named `name` as a browser would submit it: one leading newline dropped, entities decoded.
    func textareaValue(_ name: String) -> String? {
        guard let open = source.range(of: "<textarea[^>]*name=\"\(name)\"[^>]*>", options: .regularExpression),
              let close = source.range(of: "</textarea>", range: open.upperBound..<source.endIndex)
        else { return nil }
        var raw = String(source[open.upperBound..<close.lowerBound])
        if raw.hasPrefix("\r\n") { raw.removeFirst(2) } else if raw.hasPrefix("\n") { raw.removeFirst() }
        return HTMLPage.decodeEntities(raw)
    }

    /// Each `select`'s options in order (`value`, whether `selected`), by the select's `name`.
    var selects: [String: [(value: String, selected: Bool)]] {
        var result: [String: [(value: String, selected: Bool)]] = [:]
        var current: String?
        for tag in html.tags {
            if tag.name == "select" {
                current = tag["name"] ?? ""
                result[current!] = []
            } else if tag.name == "option", let name = current {
                result[name, default: []].append((tag["value"] ?? "", tag["selected"] != nil))
            } else {
                current = nil
            }
        }
        return result
    }

    /// The selected option's value of the select `name` (nil when none is marked selected).
    func selectedValue(_ name: String) -> String? {
        selects[name]?.first { $0.selected }?.value
    }

    /// The text of the selected option of the settings page's time zone picker (its options carry no `value`).
    var selectedTimeZone: String? {
        guard let open = source.range(of: "<select id=\"time_zone\""),
              let close = source.range(of: "</select>", range: open.upperBound..<source.endIndex)
        else { return nil }
        let select = source[open.upperBound..<close.lowerBound]
        guard let option = select.range(of: "<option selected>"),
              let end = select.range(of: "</option>", range: option.upperBound..<select.endIndex)
        else { return nil }
        return HTMLPage.decodeEntities(String(select[option.upperBound..<end.lowerBound]))
    }

    /// The texts of the error list (`<div class="error">`), e.g. "website: 'x' must be an http or https URL".
    var errorText: String {
        guard let start = source.range(of: "<div class=\"error\""),
              let end = source.range(of: "</div>", range: start.upperBound..<source.endIndex)
        else { return "" }
        return HTMLText.visible(String(source[start.lowerBound..<end.upperBound]))
    }

    /// The names in `<strong>` of the error list: the fields the page says are wrong.
    var errorFields: [String] {
        guard let start = source.range(of: "<div class=\"error\""),
              let end = source.range(of: "</div>", range: start.upperBound..<source.endIndex)
        else { return [] }
        let block = String(source[start.lowerBound..<end.upperBound])
        var fields: [String] = []
        var rest = Substring(block)
        while let open = rest.range(of: "<strong>"), let close = rest.range(of: "</strong>", range: open.upperBound..<rest.endIndex) {
            fields.append(HTMLPage.decodeEntities(String(rest[open.upperBound..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        return fields
    }

    /// The follow-up status class of the first status badge (`ok`, `due_soon`, `overdue`) and its label.
    var statusBadge: (status: String, label: String)? {
        guard let open = source.range(of: "<span class=\"status status-"),
              let quote = source.range(of: "\"", range: open.upperBound..<source.endIndex),
              let close = source.range(of: "</span>", range: quote.upperBound..<source.endIndex)
        else { return nil }
        let status = String(source[open.upperBound..<quote.lowerBound])
        return (status, HTMLText.visible(String(source[open.lowerBound..<close.upperBound])))
    }

    var description: String { String(source.prefix(3000)) }
}

/// Visible text of HTML fragments.
enum HTMLText {
    /// `html` with comments, `script`/`style` bodies and tags removed (inline ones without a gap), entities decoded and
    /// white space collapsed.
    static func visible(_ html: String) -> String {
        var text = html
        for pattern in ["<!--[\\s\\S]*?-->", "<script[\\s\\S]*?</script>", "<style[\\s\\S]*?</style>"] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: [.regularExpression, .caseInsensitive])
        }
        // Inline elements run into the text around them; every other tag separates words.
        text = text.replacingOccurrences(of: "</?(a|strong|em|b|i|span|code|small|abbr)\\b[^>]*>", with: "", options: [.regularExpression, .caseInsensitive])
        text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        text = HTMLPage.decodeEntities(text)
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
