import DevhubCore
@testable import DevhubSite
import Foundation
import Testing

/// The compiled renderer (``TemplateSyntax`` + ``TemplateCompiler``) gives the bytes the interpreter (swift-mustache with
/// ``HTMLEscaping``) gives for the same template and values: every shipped template, hostile values, absent optionals,
/// empty and full lists, and the syntax it leaves to the interpreter.
@Suite struct CompiledTemplateTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shipped = root.appendingPathComponent("site-templates").path

    /// Values that test escaping: a quote with a combining mark (one `Character`, not equal to `"`), markup, entities,
    /// non-ASCII, an apostrophe, an empty string.
    static let hostile = [
        "x\"\u{301} onload=alert(1) \"", "<script>alert('x')</script>", "Ada & Grace &amp; co", "Zoë Łukasz 李 😀 👩‍💻",
        "it's", "", "  spaced  \n line ", "{{name}}", "\u{600}\"", "'\u{301}<\u{301}>\u{301}&\u{301}",
    ]

    /// A profile page model for `profile`, its layout built like the renderer builds it.
    static func page(_ profile: Profile, context: RenderContext, text: String, domain: Bool = false) -> ProfilePageModel {
        ProfilePageModel(
            layout: context.layoutModel(title: text + " title", description: text, canonical: domain ? nil : "https://x.test/@a/",
                                        absoluteAssets: domain),
            profile: profile, url: "https://x.test/\(text)", qrURL: "/q\(text).svg", vcardURL: "/\(text).vcf", jsonURL: text,
            bioHTML: "<p>\(text)</p>", image: text, created: "2026-01-01T00:00:00Z", modified: text, modifiedLabel: text,
            structuredData: "{\"a\":\"\(text)\"}")
    }

    static func profiles() throws -> [Profile] {
        var profiles: [Profile] = []
        for (index, text) in hostile.enumerated() {
            let optional: String? = index % 3 == 0 ? nil : text
            profiles.append(Profile(
                username: try Username("user\(index)"), name: text.isEmpty ? "N" : text, headline: optional, location: index % 2 == 0 ? text : nil,
                website: optional, avatar: index % 4 == 1 ? nil : text,
                links: (0..<(index % 4)).map { ProfileLink(label: "\(text) \($0)", url: "https://l.test/\($0)?a=1&b=\(text)") },
                skills: (0..<(index % 3)).map { "\(text)\($0)" }, customDomain: nil, isPublic: true, bio: text))
        }
        return profiles
    }

    @Test("the shipped profile page is compiled and renders the interpreter's bytes")
    func profilePageMatchesInterpreter() throws {
        let templates = try SiteTemplates(directory: Self.shipped)
        let context = RenderContext(settings: try SiteSettings(title: "Dev <hub> & \"co\"", baseURL: "https://x.test"), templates: templates)
        #expect(context.profilePage.isCompiled)
        var compared = 0
        for profile in try Self.profiles() {
            for text in Self.hostile {
                for domain in [false, true] {
                    let model = Self.page(profile, context: context, text: text, domain: domain)
                    let compiled = try context.profilePage.render(model)
                    let interpreted = Array(try templates.render("profile", model.templateContext).utf8)
                    #expect(compiled == interpreted, "\(profile.username) \(text.debugDescription)")
                    compared += 1
                }
            }
        }
        #expect(compared == 200)
    }

    @Test("the shipped directory pages are compiled and render the interpreter's bytes")
    func directoryPageMatchesInterpreter() throws {
        let templates = try SiteTemplates(directory: Self.shipped)
        let context = RenderContext(settings: SiteSettings(title: "Dev \"hub\" <&>", baseURL: "https://x.test"), templates: templates)
        #expect(context.directoryPage.isCompiled)
        for (index, text) in Self.hostile.enumerated() {
            let listings = (0..<(index % 4)).map { number in
                ProfileListing(
                    username: Username(trusted: "u\(number)"), name: text + "\(number)", headline: number == 1 ? nil : text,
                    customDomain: nil, updatedAt: 0, contentHash: "")
            }
            for number in 1...3 {
                let page = DirectoryPager.Page(number: number, count: 3, total: 250, listings: listings)
                let model = DirectoryPageModel(
                    layout: context.layoutModel(title: text, description: text, canonical: "https://x.test/"), page: page)
                let compiled = try context.directoryPage.render(model)
                let interpreted = Array(try templates.render("directory", model.templateContext).utf8)
                #expect(compiled == interpreted, "page \(number) \(text.debugDescription)")
            }
        }
    }

    /// A model backed by a dictionary: lets one field table cover the names of every shipped template.
    struct Values: TemplateModel {
        var texts: [String: String] = [:]
        var flags: [String: Bool] = [:]
        var lists: [String: [[String: String]]] = [:]

        static let textNames = [
            "lang", "site_title", "title", "description", "stylesheet", "home_url", "canonical", "state", "owner_url", "owner_name",
            "event", "location", "session", "uses", "uses_text", "expires", "action", "github_api", "value_github", "error_github",
            "value_name", "error_name", "value_email", "error_email", "value_note", "error_note", "error_consent", "privacy_html",
            "script", "reason", "url", "name", "handle", "headline", "prev_url", "page_number", "page_count", "next_url", "total",
            "page_title", "body_html",
        ]
        static let flagNames = ["active", "has_errors", "consent_checked", "has_profiles"]
        static let listNames = ["errors": ["field", "message"], "profiles": ["url", "name", "handle", "headline"]]

        static let templateFields: [String: TemplateField<Values>] = {
            var fields: [String: TemplateField<Values>] = [:]
            for name in textNames { fields[name] = .optionalText { $0.texts[name] } }
            for name in flagNames { fields[name] = .flag { $0.flags[name] ?? false } }
            for (name, keys) in listNames {
                var item: [String: TemplateField<[String: String]>] = [:]
                for key in keys { item[key] = .optionalText { $0[key] } }
                fields[name] = .list({ $0.lists[name] ?? [] }, item)
            }
            return fields
        }()
    }

    @Test("every shipped template compiles and renders the interpreter's bytes", arguments: SiteTemplates.required)
    func everyShippedTemplateMatches(_ name: String) throws {
        let templates = try SiteTemplates(directory: Self.shipped)
        let page = templates.page(name, as: Values.self)
        #expect(page.isCompiled, "\(name)")
        for (round, text) in Self.hostile.enumerated() {
            var values = Values()
            for (index, key) in Values.textNames.enumerated() where (index + round) % 4 != 0 { values.texts[key] = text + key }
            for (index, key) in Values.flagNames.enumerated() { values.flags[key] = (index + round) % 2 == 0 }
            values.lists["errors"] = (0..<(round % 3)).map { ["field": "f\($0)\(text)", "message": text] }
            // A listed profile without a headline shows the page's own headline, as the interpreter's context stack does.
            values.lists["profiles"] = (0..<(round % 4)).map { $0 == 1 ? ["url": text, "name": text] : ["url": text, "name": "\($0)", "headline": text] }
            let compiled = try page.render(values)
            let interpreted = Array(try templates.render(name, values.templateContext).utf8)
            #expect(compiled == interpreted, "\(name) \(text.debugDescription): \(String(decoding: compiled, as: UTF8.self))")
        }
    }

    /// A template directory holding `files` (name → text).
    private func templates(_ files: [String: String]) throws -> (SiteTemplates, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-compiled-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name + ".mustache"))
        }
        return (try SiteTemplates(directory: directory.path, required: []), directory)
    }

    @Test("line rules: standalone tags, comments, whitespace around tags, partials, unknown names")
    func lineRulesMatch() throws {
        let sources = [
            "a": "  {{#location}}  \n  <p>{{location}}</p>\n  {{/location}}  \nx {{#name}} y {{/name}} z\n{{! note }}\n  {{! inline }} t\n",
            "b": "{{^missing}}\n none\n{{/missing}}{{#location}}L{{/location}}\n\t{{{title}}}{{&title}}{{ title }}\n{{> a}}\n{{>nope}}\nend",
            "c": "{{#errors}}\n  {{#field}}<i>{{field}}</i>{{/field}}{{^message}}-{{/message}}{{message}}\n{{/errors}}\n{{^errors}}empty{{/errors}}",
            "d": "{{#active}}{{active}} {{#title}}{{title}}{{/title}}{{/active}}{{^active}}off{{/active}}\n{{#has_errors}}\n{{/has_errors}}\n  ",
            "e": "{ {{name}} }{{#name}}\n{{/name}}\n\n{{ location }}\n",
        ]
        let (site, directory) = try templates(sources)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in sources.keys {
            let page = site.page(name, as: Values.self)
            #expect(page.isCompiled, "\(name)")
            for text in Self.hostile {
                for flag in [false, true] {
                    var values = Values(texts: ["title": text, "name": text], flags: ["active": flag, "has_errors": !flag])
                    if flag { values.texts["location"] = text }
                    values.lists["errors"] = flag ? [["field": text], ["message": text], [:]] : []
                    let compiled = try page.render(values)
                    let interpreted = Array(try site.render(name, values.templateContext).utf8)
                    #expect(compiled == interpreted, "\(name) \(text.debugDescription)")
                }
            }
        }
    }

    @Test("syntax outside the compiled subset is rendered by the interpreter, with the same escaping")
    func unsupportedSyntaxFallsBack() throws {
        let sources = [
            "dot": "{{#texts}}{{.}}{{/texts}}<p>{{title}}</p>",
            "dotted": "<p>{{texts.title}}</p>",
            "delimiters": "{{=<% %>=}}\n<p><% title %></p>",
            "indented": "<ul>\n  {{> inner}}\n</ul>\n",
            "inner": "<li>{{title}}</li>\n",
            "crlf": "<p>{{title}}</p>\r\n",
            "includes-dot": "{{> dot}}",
        ]
        let (site, directory) = try templates(sources)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["dot", "dotted", "delimiters", "indented", "crlf", "includes-dot"] {
            let page = site.page(name, as: Values.self)
            #expect(!page.isCompiled, "\(name)")
            let rendered = String(decoding: try page.render(Values(texts: ["title": "\"\u{301}<b>"])), as: UTF8.self)
            #expect(!rendered.contains("<b>") && !rendered.contains("\"\u{301}"), "\(name): \(rendered)")
        }
        #expect(site.page("inner", as: Values.self).isCompiled)
    }
}
