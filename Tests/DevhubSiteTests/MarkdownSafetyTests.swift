import DevhubSite
import Foundation
import Testing

/// `Markdown`: user Markdown renders without script, event handlers, unsafe URLs or embedding tags.
@Suite struct MarkdownSafetyTests {
    /// Payloads seen in XSS cheat sheets, as a profile owner could type them into a bio.
    static let payloads: [String] = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "Hello <script>alert(1)</script> world",
        "<img src=x onerror=alert(1)>",
        "text <img src=x onerror=alert(1)> text",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\">",
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](  javascript:alert(1))",
        "[x](\njavascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](java&#115;cript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
        "[x](vbscript:msgbox)",
        "[x](VBScript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](data:image/svg+xml,<svg onload=alert(1)>)",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![x](data:image/png;base64,iVBORw0KGgo=)",
        "![x](javascript:alert(1))",
        "[x][1]\n\n[1]: javascript:alert(1)",
        "![x][img]\n\n[img]: data:text/html,<script>alert(1)</script>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href='javascript:alert(1)'>x</a>",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "<vbscript:msgbox(1)>",
        "<data:text/html,alert(1)>",
        "\"><script>alert(1)</script>",
        "'><img src=x onerror=alert(1)>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<textarea><script>alert(1)</script></textarea>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<!-- <script>alert(1)</script> -->",
        "<!--><script>alert(1)</script>-->",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;script&#62;alert(1)&#60;/script&#62;",
        "[x](https://example.com \"a\\\" onmouseover=\\\"alert(1)\")",
        "[x](https://example.com 'a\" onmouseover=\"alert(1)')",
        "![x\" onerror=\"alert(1)](https://example.com/a.png)",
        "[x](https://example.com\"onmouseover=\"alert(1))",
        "<div onclick=alert(1)>click</div>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<base href=\"javascript:alert(1)//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<link rel=stylesheet href=\"javascript:alert(1)\">",
        "| a | b |\n| - | - |\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
        "- [x](javascript:alert(1))\n- <img src=x onerror=alert(1)>",
        "> <iframe src=x></iframe>",
        "# <script>alert(1)</script>",
        "~~<svg onload=alert(1)>~~",
        "```html\n<script>alert(1)</script>\n```",
        "    <script>alert(1)</script>",
        "`<script>alert(1)</script>`",
        "www.example.com/<script>alert(1)</script>",
        "https://example.com/\"onmouseover=\"alert(1)",
    ]

    @Test(arguments: payloads)
    func rendersSafely(_ payload: String) {
        let html = Markdown().render(payload).html
        let lower = html.lowercased()
        for tag in ["<script", "<iframe", "<style", "<svg", "<math", "<object", "<embed", "<form",
                    "<base", "<meta", "<link", "<textarea", "<noscript"] {
            #expect(!lower.contains(tag), "\(tag) in \(html)")
        }
        for attribute in HTMLAttributes.all(in: html) {
            #expect(!attribute.name.hasPrefix("on"), "event handler \(attribute.name) in \(html)")
            let value = attribute.decodedValue
            for scheme in ["javascript:", "vbscript:", "data:"] {
                #expect(!value.contains(scheme), "\(attribute.name)=\"\(attribute.value)\" in \(html)")
            }
        }
        #expect(!lower.contains("href=\"javascript:") && !lower.contains("src=\"javascript:"), "\(html)")
        #expect(!lower.contains("href=\"data:") && !lower.contains("src=\"data:"), "\(html)")
    }

    @Test func attributeScanFindsWhatItLooksFor() {
        // The checker above must be able to fail: it sees handlers and encoded schemes in raw HTML.
        let attributes = HTMLAttributes.all(in: "<p>x</p><a class=x href=\"JaVa&#115;cript&colon;alert(1)\" onclick='y' data-x=1>")
        #expect(attributes.map(\.name) == ["class", "href", "onclick", "data-x"])
        #expect(attributes[1].decodedValue == "javascript:alert(1)")
        #expect(HTMLAttributes.all(in: "<img src=\"&#x64;ata:x\">").first?.decodedValue == "data:x")
    }

    @Test func unsafeLinkKeepsItsTextButNotItsTarget() {
        let html = Markdown().render("[click me](javascript:alert(1))").html
        #expect(html.contains("click me"))
        #expect(!html.lowercased().contains("javascript"))
    }

    // MARK: - What still works

    @Test func safeLinksSurvive() {
        let html = Markdown().render("[a](https://example.com/x?y=1) [b](/about) [c](mailto:ada@ada.dev) [d](#top)").html
        #expect(html.contains("href=\"https://example.com/x?y=1\""))
        #expect(html.contains("href=\"/about\""))
        #expect(html.contains("href=\"mailto:ada@ada.dev\""))
        #expect(html.contains("href=\"#top\""))
    }

    @Test func relativeLinkWithColonInPathSurvives() {
        let html = Markdown().render("[a](/notes/a:b)").html
        #expect(html.contains("href=\"/notes/a:b\""))
    }

    @Test func rendersTables() {
        let html = Markdown().render("| Language | Years |\n| --- | ---: |\n| Swift | 8 |\n").html
        #expect(html.contains("<table>"))
        #expect(html.contains("<th>Language</th>"))
        #expect(html.contains("<td>Swift</td>"))
        #expect(html.contains("<td align=\"right\">8</td>"))
    }

    @Test func rendersStrikethrough() {
        let html = Markdown().render("~~old~~ new").html
        #expect(html.contains("<del>old</del>"))
    }

    @Test func autolinksBareURLs() {
        let html = Markdown().render("See https://example.com for more.").html
        #expect(html.contains("<a href=\"https://example.com\">https://example.com</a>"))
    }

    @Test func rendersEmphasis() {
        let html = Markdown().render("Bio in **Markdown** and *GFM*.").html
        #expect(html.contains("<strong>Markdown</strong>"))
        #expect(html.contains("<em>GFM</em>"))
    }

    @Test(arguments: [
        ("# A", "<h2>A</h2>"),
        ("## B", "<h3>B</h3>"),
        ("##### E", "<h6>E</h6>"),
        ("###### F", "<h6>F</h6>"),
        ("Setext\n======", "<h2>Setext</h2>"),
    ])
    func demotesHeadings(_ markdown: String, _ expected: String) {
        let html = Markdown().render(markdown).html
        #expect(html.contains(expected), "\(html)")
        #expect(!html.contains("<h1"))
    }

    @Test func headingOffsetIsAParameter() {
        #expect(Markdown().render("# A", headingOffset: 0).html.contains("<h1>A</h1>"))
        #expect(Markdown().render("# A", headingOffset: 2).html.contains("<h3>A</h3>"))
    }

    @Test func plainTextLeavesOutHeadingsAndMarkup() {
        let text = Markdown().render("# Title\n\nHello **world**, see [my site](https://ada.dev).\n\n## More\n\n- one\n- `two`\n").plainText
        #expect(text == "Hello world, see my site. one two")
        #expect(!text.contains("Title"))
        #expect(!text.contains("More"))
        #expect(!text.contains("*"))
        #expect(!text.contains("<"))
        #expect(!text.contains("https://ada.dev"))
    }

    @Test func plainTextCollapsesWhitespace() {
        let text = Markdown().render("  Hello   there,\nfriend.  \n\n\n\nSecond\tparagraph.  ").plainText
        #expect(text == "Hello there, friend. Second paragraph.")
    }

    @Test func plainTextHasNoRawHTML() {
        let text = Markdown().render("Hi <script>alert(1)</script> there").plainText
        #expect(!text.contains("<script"))
        #expect(text.hasPrefix("Hi"))
        #expect(text.hasSuffix("there"))
    }
}

/// A deliberately simple scan of start tags and their attributes in rendered HTML.
enum HTMLAttributes {
    /// One attribute of one tag.
    struct Attribute {
        var name: String
        var value: String

        /// The value lower-cased, with character references decoded and whitespace and controls removed,
        /// as a browser would see the URL scheme.
        var decodedValue: String {
            var text = value
            let named = ["&colon;": ":", "&amp;": "&", "&quot;": "\"", "&#39;": "'", "&lt;": "<", "&gt;": ">", "&tab;": "", "&newline;": ""]
            for (entity, replacement) in named { text = text.replacingOccurrences(of: entity, with: replacement, options: .caseInsensitive) }
            let reference = try! NSRegularExpression(pattern: "&#(x?)([0-9a-fA-F]+);?")
            while let match = reference.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) {
                let hex = Range(match.range(at: 1), in: text).map { !text[$0].isEmpty } ?? false
                let digits = String(text[Range(match.range(at: 2), in: text)!])
                let scalar = UInt32(digits, radix: hex ? 16 : 10).flatMap(Unicode.Scalar.init) ?? "?"
                text.replaceSubrange(Range(match.range, in: text)!, with: String(scalar))
            }
            return String(text.unicodeScalars.filter { !$0.properties.isWhitespace && $0.value >= 0x20 }).lowercased()
        }
    }

    private static let tag = try! NSRegularExpression(pattern: "<[a-zA-Z][^>]*>")
    private static let attribute = try! NSRegularExpression(
        pattern: "\\s([^\\s\"'>/=]+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+)))?")

    /// Every attribute of every start tag in `html`.
    static func all(in html: String) -> [Attribute] {
        var found: [Attribute] = []
        for tagMatch in tag.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            let text = String(html[Range(tagMatch.range, in: html)!])
            for match in attribute.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let name = String(text[Range(match.range(at: 1), in: text)!]).lowercased()
                let value = (2...4).lazy.compactMap { Range(match.range(at: $0), in: text) }.first.map { String(text[$0]) } ?? ""
                found.append(Attribute(name: name, value: value))
            }
        }
        return found
    }
}
