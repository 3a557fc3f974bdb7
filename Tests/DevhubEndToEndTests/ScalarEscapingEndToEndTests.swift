import DevhubCore
import Foundation
import Testing

/// Issue #12, class 3: text whose quote, ampersand or angle bracket is followed by a combining mark (U+0301), a
/// variation selector (U+FE0F) or a joiner (U+200D) — one grapheme cluster with the punctuation — stays text in every
/// output: the generated page (metas in the `layout-head` partial, `og:` metas, title, JSON-LD), the profile JSON, the
/// vCard, the sitemap, `--templates` overrides without a pragma, the CSV and vCard exports and mail headers.
@Suite("Escaping by scalar", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ScalarEscapingEndToEndTests {
    /// Leaves `content="…"` and adds `http-equiv` if `"` + U+0301 is not escaped.
    static let name = "Ada\"\u{301} http-equiv=refresh content=\"0;url=https://evil.example\u{FE0F}\" &\u{200D}<b>x"
    /// Leaves an attribute through `'` + U+0301 or `"` + U+FE0F, and carries a script.
    static let headline = "Hi'\u{301} onload=alert(1) \"\u{FE0F}><script>alert(1)</script>"

    static var profile: String {
        // Single-quoted YAML, quotes doubled scalar by scalar (a `'` followed by U+0301 is still a quote).
        func yaml(_ text: String) -> String {
            var out = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                out.append(scalar)
                if scalar == "'" { out.append(scalar) }
            }
            return "'" + String(out) + "'"
        }
        return """
            ---
            username: mark-probe
            name: \(yaml(name))
            headline: \(yaml(headline))
            ---

            """
    }

    /// No injected attribute, element or script on `page`.
    static func expectInert(_ page: HTMLPage, _ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let injected = page.tags.filter { tag in tag.attributes.contains { ["http-equiv", "onload", "url"].contains($0.name) } }
        #expect(injected.isEmpty, "\(path) has injected attributes: \(injected)", sourceLocation: sourceLocation)
        #expect(!page.tags.contains { $0.name == "b" }, "\(path) has an injected <b>", sourceLocation: sourceLocation)
        let scripts = page.tags.filter { $0.name == "script" }
        #expect(scripts.allSatisfy { $0["type"] == "application/ld+json" }, "\(path) has a script: \(scripts)", sourceLocation: sourceLocation)
    }

    /// The profile's public files, checked after a build with `templates` (the site's own copy by default).
    static func checkOutputs(_ site: TempSite, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let page = HTMLPage(try site.text("@mark-probe/index.html"))
        expectInert(page, "@mark-probe/index.html", sourceLocation: sourceLocation)
        expectInert(HTMLPage(try site.text("index.html")), "index.html", sourceLocation: sourceLocation)
        #expect(page.meta(name: "description") == headline, "meta description: \(page.meta(name: "description") ?? "none")", sourceLocation: sourceLocation)
        #expect(page.meta(property: "og:title") == name, "og:title: \(page.meta(property: "og:title") ?? "none")", sourceLocation: sourceLocation)
        #expect(page.meta(property: "og:description") == headline, sourceLocation: sourceLocation)
        #expect(page.title?.hasPrefix(name) == true, "title: \(page.title ?? "none")", sourceLocation: sourceLocation)
        let ld = try #require(try page.jsonLD().first as? [String: Any], "JSON-LD does not parse", sourceLocation: sourceLocation)
        #expect((ld["mainEntity"] as? [String: Any])?["name"] as? String == name, sourceLocation: sourceLocation)

        let json = try #require(try JSONSerialization.jsonObject(with: site.data("api/profiles/@mark-probe.json")) as? [String: Any],
                                sourceLocation: sourceLocation)
        #expect(json["name"] as? String == name && json["headline"] as? String == headline, "\(json)", sourceLocation: sourceLocation)

        let cards = try VCardReader.cards(try site.text("@mark-probe/contact.vcf"))
        #expect(cards.count == 1 && cards.first?.fields.name == name, "vCard: \(cards)", sourceLocation: sourceLocation)
        #expect(cards.first?.fields.relationship == headline, sourceLocation: sourceLocation)

        let sitemap = try #require(XMLTree.parse(try site.data("sitemap.xml")), "sitemap.xml does not parse", sourceLocation: sourceLocation)
        #expect(sitemap.children("url").contains { $0.childText("loc")?.hasSuffix("/@mark-probe/") == true }, sourceLocation: sourceLocation)
    }

    @Test("a display name and headline with marks after quotes stay text in the page, JSON, vCard and sitemap")
    func generatedSite() async throws {
        let site = try TempSite(demoProfiles: false)
        try site.writeProfile("mark-probe.md", Self.profile)
        let imported = await site.importProfiles()
        try #require(imported.status == 0, "\(imported)")
        let built = await site.build()
        try #require(built.status == 0, "\(built)")
        try Self.checkOutputs(site)
    }

    @Test("a --templates override without pragmas, or asking for TEXT, escapes the same way")
    func templateOverride() async throws {
        let site = try TempSite(demoProfiles: false)
        try site.writeProfile("mark-probe.md", Self.profile)
        let imported = await site.importProfiles()
        try #require(imported.status == 0, "\(imported)")
        let override = site.root.appendingPathComponent("override-templates")
        try FileManager.default.copyItem(at: site.templates, to: override)
        var rewritten = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: override.path) where file.hasSuffix(".mustache") {
            let url = override.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            let pragma = "{{% CONTENT_TYPE: HTML }}\n"
            guard text.hasPrefix(pragma) else { continue }
            // profile.mustache asks for TEXT; the others have no pragma at all.
            let replacement = file == "profile.mustache" ? "{{% CONTENT_TYPE: TEXT }}\n" : ""
            try Data((replacement + text.dropFirst(pragma.count)).utf8).write(to: url)
            rewritten += 1
        }
        try #require(rewritten >= 4, "no template had the pragma to remove")
        let built = await site.build(templates: override)
        try #require(built.status == 0, "\(built)")
        try Self.checkOutputs(site)
    }

    @Test("a contact named with marks after quotes exports as one CSV cell and an escaped vCard; the Quick Connect mail subject has no line break")
    func exportsAndMail() async throws {
        try await QC.run { server in
            let owner = "marks-owner@example.test"
            let session = try await server.verifiedSession(owner)
            let notes = "line one\nline \"\u{301}two\u{2028}three,\u{301};\u{FE0F}\\\u{200D}"
            let contact = ["name": Self.name, "company": "=\u{301}HYPERLINK(\"https://evil.example\")", "notes": notes]
            try await server.createContact(contact, session: session)

            let csv = await server.get("/api/export/csv", session: session)
            try #require(csv.status == 200, "\(csv)")
            let rows = try CSV.rows(csv.body)
            try #require(rows.count == 2, "CSV rows: \(rows)")
            #expect(rows[1].count == rows[0].count, "the contact's row has \(rows[1].count) cells, the header \(rows[0].count)")
            #expect(rows[1][0] == Self.name, "name cell: \(rows[1][0].debugDescription)")
            #expect(rows[1][3].unicodeScalars.first == "'" && CSV.unguarded(rows[1][3]) == contact["company"], "company cell: \(rows[1][3])")
            #expect(rows[1][10] == notes, "notes cell: \(rows[1][10].debugDescription)")

            let vcf = await server.get("/api/export/vcard", session: session)
            try #require(vcf.status == 200, "\(vcf)")
            let cards = try VCardReader.cards(vcf.body)
            // Every line break (U+2028 included) is written as `\n`, so it reads back as a newline.
            let readBack = Text.replacingLineBreaks(notes, with: "\n")
            #expect(cards.first?.fields.name == Self.name && cards.first?.fields.notes == readBack, "vCard export: \(cards)")

            let code = try await server.createQuickConnect(session: session)
            let visitor = "Eve\u{2028}Bcc: victim@example.test \"\u{301}<x>"
            let response = try await server.submitConnect(code.token, QC.form(name: visitor, email: "eve@visitor.test"))
            try #require(response.status == 200, "POST /connect/TOKEN: \(response)")
            try await server.waitUntilIdle()
            func isQuickConnect(_ mail: MailMessage) -> Bool { Self.decodeEncodedWords(mail.subject ?? "").contains("Quick Connect") }
            let arrived = await server.eventually { server.mails(to: owner).contains(where: isQuickConnect) }
            let mail = try #require(server.mails(to: owner).first(where: isQuickConnect),
                                    "no Quick Connect mail (arrived: \(arrived)): \(server.mails.map(\.description))")
            let head = mail.raw.components(separatedBy: "\r\n\r\n").first ?? ""
            #expect(!head.contains("\u{2028}") && !head.unicodeScalars.contains("\u{85}"), "a raw line separator in the headers: \(head)")
            #expect(!mail.headerFields.contains { $0.name == "bcc" }, "a Bcc header was injected: \(head)")
            // Every header line ends in CRLF and nothing else breaks a line: bare CR or LF would split a header.
            let bytes = Array(head.utf8)
            for (index, byte) in bytes.enumerated() where byte == 0x0A || byte == 0x0D {
                let pairOK = byte == 0x0D ? index + 1 < bytes.count && bytes[index + 1] == 0x0A : index > 0 && bytes[index - 1] == 0x0D
                #expect(pairOK, "a bare CR or LF in the headers at byte \(index): \(head)")
            }
            let subject = mail.subject ?? ""
            let decoded = Self.decodeEncodedWords(subject)
            let expected = "New contact from Quick Connect: Eve Bcc: victim@example.test \"\u{301}<x>"
            #expect(decoded == expected, "subject: \(subject) → \(decoded)")
        }
    }

    /// `text` with RFC 2047 `=?UTF-8?B?…?=` words decoded (white space between adjacent words dropped).
    static func decodeEncodedWords(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        var previousWasWord = false
        while let start = rest.range(of: "=?UTF-8?B?") {
            let between = rest[..<start.lowerBound]
            if !(previousWasWord && between.allSatisfy(\.isWhitespace)) { out += between }
            rest = rest[start.upperBound...]
            guard let end = rest.range(of: "?=") else { break }
            out += Data(base64Encoded: String(rest[..<end.lowerBound])).map { String(decoding: $0, as: UTF8.self) } ?? ""
            rest = rest[end.upperBound...]
            previousWasWord = true
        }
        return out + rest
    }
}
