/// One piece of a parsed Mustache template, in the subset the compiled renderer understands.
indirect enum TemplateNode: Equatable, Sendable {
    /// Literal bytes.
    case text([UInt8])
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}` (not escaped).
    case variable(String, escaped: Bool)
    /// `{{#name}}…{{/name}}`, or `{{^name}}…{{/name}}` when inverted.
    case section(String, inverted: Bool, [TemplateNode])
    /// `{{>name}}`, not indented.
    case partial(String)
}

/// Why a template cannot be compiled (it is then rendered by the interpreter, which knows all of Mustache).
struct UnsupportedTemplate: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

/// Parses Mustache text into ``TemplateNode``s with exactly the line rules of swift-mustache's parser (the text it
/// keeps around tags, the standalone lines it drops), for a subset of the syntax: variables, unescaped variables,
/// sections, inverted sections, comments, unindented partials and the `CONTENT_TYPE: HTML` pragma, with plain
/// `[A-Za-z0-9_-]` names. Anything else — dotted names, `{{.}}`, transforms, delimiters, blocks, indented partials,
/// CR line ends, a syntax character clustered with a combining mark — is refused with ``UnsupportedTemplate``.
///
/// The parser walks bytes; swift-mustache walks `Character`s. The two agree wherever no syntax character (`{ } ! # ^ / > & %`,
/// space, tab, line feed) shares a grapheme cluster with another scalar, which ``parse(_:)`` checks first.
enum TemplateSyntax {
    /// The nodes of `text` (after ``HTMLEscaping/forced(_:)``, as the interpreter sees it).
    static func parse(_ text: String) throws(UnsupportedTemplate) -> [TemplateNode] {
        try checkClusters(text)
        var parser = Parser(bytes: Array(text.utf8))
        let nodes = try parse(&parser, section: nil, newLine: true)
        return merged(nodes)
    }

    /// Refuses text whose grapheme clusters would make the interpreter read syntax differently from bytes.
    private static func checkClusters(_ text: String) throws(UnsupportedTemplate) {
        for scalar in text.unicodeScalars where scalar == "\r" {
            throw UnsupportedTemplate(reason: "carriage returns are read as line ends by the interpreter")
        }
        for character in text where character.unicodeScalars.count > 1 {
            if character.unicodeScalars.contains(where: { $0.isASCII }) {
                throw UnsupportedTemplate(reason: "an ASCII character shares a grapheme cluster with another scalar")
            }
        }
    }

    /// Adjacent text nodes joined, recursively.
    private static func merged(_ nodes: [TemplateNode]) -> [TemplateNode] {
        var out: [TemplateNode] = []
        for node in nodes {
            switch node {
            case .text(let bytes):
                if bytes.isEmpty { continue }
                if case .text(let previous)? = out.last {
                    out[out.count - 1] = .text(previous + bytes)
                } else {
                    out.append(node)
                }
            case .section(let name, let inverted, let body):
                out.append(.section(name, inverted: inverted, merged(body)))
            default:
                out.append(node)
            }
        }
        return out
    }

    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")
    private static let newline = UInt8(ascii: "\n")
    private static let open = UInt8(ascii: "{")
    private static let close = UInt8(ascii: "}")

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position >= bytes.count }
        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func read(while predicate: (UInt8) -> Bool) -> ArraySlice<UInt8> {
            let start = position
            while position < bytes.count, predicate(bytes[position]) { position += 1 }
            return bytes[start..<position]
        }

        mutating func read(_ literal: String) -> Bool {
            let literal = Array(literal.utf8)
            guard bytes.count - position >= literal.count, bytes[position..<position + literal.count].elementsEqual(literal) else {
                return false
            }
            position += literal.count
            return true
        }
    }

    /// swift-mustache's `parse(_:state:)` for one template or section body.
    private static func parse(_ parser: inout Parser, section: String?, newLine startsOnNewLine: Bool) throws(UnsupportedTemplate) -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        var newLine = startsOnNewLine
        var whiteSpaceBefore: [UInt8] = []
        while !parser.atEnd {
            if newLine { whiteSpaceBefore = Array(parser.read { $0 == space || $0 == tab }) }
            let text = readUntilTagOrNewline(&parser)
            if parser.current == newline {
                nodes.append(.text(whiteSpaceBefore + text + [newline]))
                newLine = true
                parser.position += 1
                continue
            }
            if !text.isEmpty {
                nodes.append(.text(whiteSpaceBefore + text))
                whiteSpaceBefore = []
                newLine = false
            }
            if parser.atEnd { break }
            var setNewLine = false
            switch parser.current {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                let inverted = parser.current == UInt8(ascii: "^")
                parser.position += 1
                let name = try parseName(&parser)
                if isStandalone(&parser, newLine: newLine) {
                    setNewLine = true
                } else if !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                let body = try parse(&parser, section: name, newLine: setNewLine)
                nodes.append(.section(name, inverted: inverted, body))
            case UInt8(ascii: "/"):
                parser.position += 1
                let name = try parseName(&parser)
                guard name == section else { throw UnsupportedTemplate(reason: "{{/\(name)}} closes no open section") }
                if !isStandalone(&parser, newLine: newLine), !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                }
                return nodes
            case UInt8(ascii: "!"):
                parser.position += 1
                while !parser.atEnd, !parser.read("}}") { parser.position += 1 }
                setNewLine = isStandalone(&parser, newLine: newLine)
            case UInt8(ascii: "{"), UInt8(ascii: "&"):
                let triple = parser.current == open
                if !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                parser.position += 1
                let name = try parseName(&parser)
                if triple, !parser.read("}") { throw UnsupportedTemplate(reason: "{{{\(name)}} is not closed by }}}") }
                nodes.append(.variable(name, escaped: false))
            case UInt8(ascii: ">"):
                parser.position += 1
                _ = parser.read { $0 == space }
                let name = Array(parser.read { isNameByte($0) || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ".") })
                _ = parser.read { $0 == space }
                guard !name.isEmpty, parser.read("}}") else { throw UnsupportedTemplate(reason: "a partial tag this compiler does not read") }
                guard whiteSpaceBefore.isEmpty else { throw UnsupportedTemplate(reason: "indented partials are left to the interpreter") }
                setNewLine = isStandalone(&parser, newLine: newLine)
                nodes.append(.partial(String(decoding: name, as: UTF8.self)))
            case UInt8(ascii: "%"):
                parser.position += 1
                guard parser.read(" CONTENT_TYPE: HTML }}") || parser.read("CONTENT_TYPE: HTML}}") else {
                    throw UnsupportedTemplate(reason: "a pragma other than CONTENT_TYPE: HTML")
                }
                setNewLine = isStandalone(&parser, newLine: newLine)
            case UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: "$"):
                throw UnsupportedTemplate(reason: "delimiters, blocks and parents are left to the interpreter")
            default:
                if !whiteSpaceBefore.isEmpty {
                    nodes.append(.text(whiteSpaceBefore))
                    whiteSpaceBefore = []
                }
                nodes.append(.variable(try parseName(&parser), escaped: true))
            }
            newLine = setNewLine
        }
        guard section == nil else { throw UnsupportedTemplate(reason: "section \(section ?? "") is never closed") }
        return nodes
    }

    /// Text up to a `{{` (consumed) or a line feed (not consumed); a lone `{` is text.
    private static func readUntilTagOrNewline(_ parser: inout Parser) -> [UInt8] {
        var text: [UInt8] = []
        while let byte = parser.current {
            if byte == newline { break }
            if byte == open {
                if parser.read("{{") { break }
                text.append(byte)
                parser.position += 1
                continue
            }
            text.append(byte)
            parser.position += 1
        }
        return text
    }

    /// A name between optional spaces, then `}}`.
    private static func parseName(_ parser: inout Parser) throws(UnsupportedTemplate) -> String {
        _ = parser.read { $0 == space }
        let name = parser.read(while: isNameByte)
        _ = parser.read { $0 == space }
        guard !name.isEmpty, parser.read("}}") else {
            throw UnsupportedTemplate(reason: "a tag whose name is not plain letters, digits, '-' or '_'")
        }
        return String(decoding: name, as: UTF8.self)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// A tag that began its line is standalone when only spaces and tabs follow it to the line's end (consumed
    /// with the line feed) or to the end of the text.
    private static func isStandalone(_ parser: inout Parser, newLine: Bool) -> Bool {
        guard newLine else { return false }
        if parser.atEnd { return true }
        var probe = parser
        _ = probe.read { $0 == space || $0 == tab }
        guard probe.current == newline else { return false }
        parser.position = probe.position + 1
        return true
    }
}
