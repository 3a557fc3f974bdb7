import DevhubCore
import Yams

/// A YAML mapping read from a content file, with typed, located accessors: every error names the
/// file, the line and the field.
struct YAMLMapping {
    let file: String
    let firstLine: Int
    let node: Node
    let mapping: Node.Mapping
    /// The top-level values by key (Yams' own subscript builds and hashes a Node per lookup).
    private let values: [String: Node]

    /// Parses `yaml`, which starts on line `firstLine` of `file`, and requires a mapping at its top.
    init(_ yaml: String, file: String, firstLine: Int) throws(ContentError) {
        self.file = file
        self.firstLine = firstLine
        let parsed: Node?
        do {
            // The basic resolver skips Yams' regex-based tag guessing; booleans and numbers are read by the accessors.
            // The encoding is named: Yams' default reads the whole process environment on every call.
            parsed = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch let error as YamlError {
            throw ContentError(file: file, line: Self.line(of: error, firstLine: firstLine), "invalid YAML: \(Self.summary(of: error))")
        } catch {
            throw ContentError(file: file, line: firstLine, "invalid YAML: \(error)")
        }
        guard let parsed, let mapping = parsed.mapping else {
            throw ContentError(file: file, line: firstLine, "the front matter must be a YAML mapping of fields")
        }
        self.node = parsed
        self.mapping = mapping
        var values: [String: Node] = [:]
        for (key, value) in mapping {
            if let name = key.scalar?.string { values[name] = value }
        }
        self.values = values
    }

    /// Throws for the first key not in `known`.
    func rejectUnknownKeys(_ known: Set<String>) throws(ContentError) {
        for (key, _) in mapping {
            let name = key.string ?? "\(key)"
            if !known.contains(name) {
                throw error(at: key, field: name, "is not a known field (known: \(known.sorted().joined(separator: ", ")))")
            }
        }
    }

    func requiredString(_ key: String) throws(ContentError) -> String {
        guard let value = try optionalString(key) else {
            throw ContentError(file: file, line: firstLine, field: key, "is required")
        }
        return value
    }

    func optionalString(_ key: String) throws(ContentError) -> String? {
        guard let value = values[key], !(value.scalar.map(isNull) ?? false) else { return nil }
        guard let scalar = value.scalar else { throw error(at: value, field: key, "must be text") }
        return scalar.string
    }

    func optionalBool(_ key: String) throws(ContentError) -> Bool? {
        guard let value = values[key] else { return nil }
        guard let scalar = value.scalar, scalar.style == .plain else { throw error(at: value, field: key, "must be true or false") }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(at: value, field: key, "must be true or false")
        }
    }

    func optionalPositiveInt(_ key: String) throws(ContentError) -> Int? {
        guard let value = values[key] else { return nil }
        guard let scalar = value.scalar, scalar.style == .plain, let int = Int(scalar.string), int > 0 else {
            throw error(at: value, field: key, "must be a whole number greater than 0")
        }
        return int
    }

    func sequence(_ key: String) throws(ContentError) -> [Node] {
        guard let value = values[key], !(value.scalar.map(isNull) ?? false) else { return [] }
        guard let sequence = value.sequence else { throw error(at: value, field: key, "must be a list") }
        return Array(sequence)
    }

    /// An error located at `node`.
    func error(at node: Node, field: String, _ message: String) -> ContentError {
        ContentError(file: file, line: node.mark.map { $0.line + firstLine - 1 }, field: field, message)
    }

    /// A domain error located at its field: the list entry for `links[2].url`, else the top-level key.
    func error(_ error: CoreError) -> ContentError {
        let topKey = String(error.field.prefix { $0 != "[" && $0 != "." })
        var node = values[topKey]
        if let open = error.field.firstIndex(of: "["), let close = error.field.firstIndex(of: "]"),
           let index = Int(error.field[error.field.index(after: open)..<close]),
           let items = node?.sequence, index < items.count
        {
            node = items[index]
        }
        let line = node?.mark.map { $0.line + firstLine - 1 } ?? firstLine
        return ContentError(file: file, line: line, field: error.field, error.message)
    }

    private func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private static func line(of error: YamlError, firstLine: Int) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line + firstLine - 1
        default:
            return firstLine
        }
    }

    private static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        case .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        default:
            return "\(error)"
        }
    }
}
