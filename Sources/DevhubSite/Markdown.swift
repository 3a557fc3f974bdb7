import CCmarkGFM
import DevhubCore
import Foundation

/// Renders user Markdown (GitHub-flavoured) to safe HTML with cmark-gfm: raw HTML is dropped
/// (no `CMARK_OPT_UNSAFE`), links and images may only use http, https, mailto or relative URLs,
/// and headings are demoted so none competes with the page's `<h1>`.
public struct Markdown: @unchecked Sendable {
    // The extension pointers are registered once, process-wide, and never mutated: safe to share.
    private let extensions: [OpaquePointer]
    private static let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE

    /// Prepares the parser settings (table, strikethrough, autolink, tagfilter).
    public init() {
        cmark_gfm_core_extensions_ensure_registered()
        extensions = ["table", "strikethrough", "autolink", "tagfilter"].compactMap { (name: String) in cmark_find_syntax_extension(name) }
    }

    /// A rendered document: the safe HTML and a plain-text excerpt.
    public struct Rendered: Sendable {
        /// The HTML fragment.
        public var html: String
        /// Text of the paragraphs and list items, whitespace collapsed, no markup (headings left out).
        public var plainText: String
    }

    /// Renders `markdown`; headings are shifted down by `headingOffset` levels (capped at `<h6>`).
    public func render(_ markdown: String, headingOffset: Int = 1) -> Rendered {
        guard let parser = cmark_parser_new(Self.options) else { return Rendered(html: "", plainText: "") }
        defer { cmark_parser_free(parser) }
        for ext in extensions { cmark_parser_attach_syntax_extension(parser, ext) }
        markdown.utf8CString.withUnsafeBufferPointer { buffer in
            cmark_parser_feed(parser, buffer.baseAddress, buffer.count - 1)
        }
        guard let document = cmark_parser_finish(parser) else { return Rendered(html: "", plainText: "") }
        defer { cmark_node_free(document) }

        let plainText = Self.sanitize(document, headingOffset: headingOffset)
        guard let html = cmark_render_html(document, Self.options, cmark_parser_get_syntax_extensions(parser)) else {
            return Rendered(html: "", plainText: plainText)
        }
        defer { free(html) }
        return Rendered(html: String(cString: html), plainText: plainText)
    }

    /// Walks the tree once: demotes headings, empties unsafe link and image URLs, and collects the plain text.
    private static func sanitize(_ document: OpaquePointer?, headingOffset: Int) -> String {
        guard let iterator = cmark_iter_new(document) else { return "" }
        defer { cmark_iter_free(iterator) }
        var text = ""
        var headingDepth = 0
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            switch type {
            case CMARK_NODE_HEADING:
                if event == CMARK_EVENT_ENTER {
                    headingDepth += 1
                    let level = Int(cmark_node_get_heading_level(node))
                    cmark_node_set_heading_level(node, Int32(min(6, level + headingOffset)))
                } else {
                    headingDepth -= 1
                }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if event == CMARK_EVENT_ENTER, let url = cmark_node_get_url(node), !isSafeLink(String(cString: url)) {
                    cmark_node_set_url(node, "")
                }
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if headingDepth == 0, let literal = cmark_node_get_literal(node) {
                    text += String(cString: literal)
                }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_ITEM, CMARK_NODE_CODE_BLOCK:
                if event == CMARK_EVENT_EXIT { text += " " }
            default:
                break
            }
        }
        return Text.collapsingWhitespace(text)
    }

    /// A link target is safe when it is relative (no scheme) or uses http, https or mailto.
    static func isSafeLink(_ url: String) -> Bool {
        // By scalar, not Character: `javascript:` followed by a combining mark still has its colon.
        let trimmed = url.unicodeScalars.drop { $0.properties.isWhitespace || $0.value < 0x20 }
        guard let colon = trimmed.firstIndex(of: ":") else { return true }
        let prefix = trimmed[..<colon]
        // A colon after '/', '?' or '#' is part of a path, query or fragment, not a scheme.
        if prefix.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return true }
        return SafeURL.allowedSchemes.contains(String(String.UnicodeScalarView(prefix)).lowercased())
    }
}
