import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML element (namespaces dropped from names): enough to read sitemaps.
final class XMLTree {
    /// The element's local name, e.g. `urlset`.
    let name: String
    /// Child elements in order.
    private(set) var children: [XMLTree] = []
    /// The element's own text, trimmed.
    private(set) var text = ""

    private init(name: String) {
        self.name = name
    }

    /// Parses `data`; nil when it is not well-formed XML.
    static func parse(_ data: Data) -> XMLTree? {
        let parser = XMLParser(data: data)
        let builder = Builder()
        parser.delegate = builder
        // Foundation on Linux may report success for a truncated document: also require every element closed.
        guard parser.parse(), !builder.failed, builder.isBalanced else { return nil }
        return builder.root
    }

    /// Parses `text`; nil when it is not well-formed XML.
    static func parse(_ text: String) -> XMLTree? { parse(Data(text.utf8)) }

    /// The children called `name`.
    func children(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

    /// The text of the first child called `name`.
    func childText(_ name: String) -> String? { children(name).first?.text }

    /// Builds the tree from parser events.
    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLTree?
        var failed = false
        private var stack: [XMLTree] = []

        /// Whether a root was seen and every element that opened also closed.
        var isBalanced: Bool { root != nil && stack.isEmpty }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            failed = true
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            let element = XMLTree(name: local)
            if let parent = stack.last { parent.children.append(element) } else { root = element }
            stack.append(element)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            if let element = stack.popLast() { element.text = element.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        }
    }
}
