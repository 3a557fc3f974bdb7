/// Part of a compiled template: appends its bytes for `model`.
typealias TemplateSegment<Model> = @Sendable (inout [UInt8], Model) -> Void

/// The parsed templates a compiled template may include as partials, by name.
struct TemplatePartials: Sendable {
    let nodes: [String: [TemplateNode]]
    /// Templates the compiled renderer cannot read, with the reason: a page that includes one is interpreted.
    let refused: [String: String]
    /// Partials being expanded (a partial that includes itself is left to the interpreter).
    var open: [String] = []
}

/// A template compiled against a typed view model: the names resolved once, the text kept as bytes, values
/// escaped by byte (``XML/appendEscaped(_:to:)``, as ``HTMLEscaping`` does for the interpreter).
struct CompiledTemplate<Model>: Sendable {
    private let segments: [TemplateSegment<Model>]

    /// Compiles `name` from `partials` against `fields`.
    init(_ name: String, fields: [String: TemplateField<Model>], partials: TemplatePartials) throws(UnsupportedTemplate) {
        if let reason = partials.refused[name] { throw UnsupportedTemplate(reason: reason) }
        guard let nodes = partials.nodes[name] else { throw UnsupportedTemplate(reason: "no template named '\(name)'") }
        var partials = partials
        partials.open = [name]
        segments = try TemplateCompiler.segments(nodes, fields: fields, partials: partials)
    }

    /// The page for `model`, as UTF-8 bytes.
    func render(_ model: Model, capacity: Int = 8_192) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(capacity)
        for segment in segments { segment(&out, model) }
        return out
    }
}

/// Turns ``TemplateNode``s into ``TemplateSegment``s over a scope's fields.
enum TemplateCompiler {
    /// `nodes` as one segment.
    static func compile<Model>(_ nodes: [TemplateNode], fields: [String: TemplateField<Model>], partials: TemplatePartials)
        throws(UnsupportedTemplate) -> TemplateSegment<Model>
    {
        let parts = try segments(nodes, fields: fields, partials: partials)
        if parts.count == 1 { return parts[0] }
        return { out, model in for part in parts { part(&out, model) } }
    }

    /// `nodes` as a list of segments (partials expanded in place).
    static func segments<Model>(_ nodes: [TemplateNode], fields: [String: TemplateField<Model>], partials: TemplatePartials)
        throws(UnsupportedTemplate) -> [TemplateSegment<Model>]
    {
        var out: [TemplateSegment<Model>] = []
        for node in nodes {
            switch node {
            case .text(let bytes):
                out.append { buffer, _ in buffer.append(contentsOf: bytes) }
            case .variable(let name, let escaped):
                if let segment = try variable(fields[name], name: name, escaped: escaped) { out.append(segment) }
            case .section(let name, let inverted, let body):
                if let segment = try section(fields[name], name: name, inverted: inverted, body: body, fields: fields, partials: partials) {
                    out.append(segment)
                }
            case .partial(let name):
                if let reason = partials.refused[name] { throw UnsupportedTemplate(reason: reason) }
                // A missing partial renders nothing in the interpreter.
                guard let included = partials.nodes[name] else { continue }
                guard !partials.open.contains(name), partials.open.count < 16 else {
                    throw UnsupportedTemplate(reason: "partial '\(name)' includes itself")
                }
                var inner = partials
                inner.open.append(name)
                out += try segments(included, fields: fields, partials: inner)
            }
        }
        return out
    }

    /// `{{name}}`: nil when it renders nothing.
    private static func variable<Model>(_ field: TemplateField<Model>?, name: String, escaped: Bool)
        throws(UnsupportedTemplate) -> TemplateSegment<Model>?
    {
        switch field {
        case nil:
            return nil
        case .text(let read):
            if escaped { return { out, model in XML.appendEscaped(read(model), to: &out) } }
            return { out, model in appendUTF8(read(model), to: &out) }
        case .optionalText(let read):
            return { out, model in
                guard let text = read(model) else { return }
                if escaped { XML.appendEscaped(text, to: &out) } else { appendUTF8(text, to: &out) }
            }
        case .flag(let read):
            return { out, model in out.append(contentsOf: (read(model) ? "true" : "false").utf8) }
        case .list:
            throw UnsupportedTemplate(reason: "{{\(name)}} prints a list")
        }
    }

    /// `{{#name}}…{{/name}}` or `{{^name}}…{{/name}}`: nil when it renders nothing.
    private static func section<Model>(
        _ field: TemplateField<Model>?, name: String, inverted: Bool, body: [TemplateNode], fields: [String: TemplateField<Model>],
        partials: TemplatePartials
    ) throws(UnsupportedTemplate) -> TemplateSegment<Model>? {
        // A string section pushes the string, which has no fields: names inside resolve as outside it.
        switch (field, inverted) {
        case (nil, false), (.text, true):
            return nil
        case (nil, true), (.text, false):
            return try compile(body, fields: fields, partials: partials)
        case (.optionalText(let read), _):
            let inner = try compile(body, fields: fields, partials: partials)
            return { out, model in if (read(model) == nil) == inverted { inner(&out, model) } }
        case (.flag(let read), _):
            let inner = try compile(body, fields: fields, partials: partials)
            return { out, model in if read(model) != inverted { inner(&out, model) } }
        case (.list(let list), false):
            return try list.compileSection(body, enclosing: fields, partials: partials)
        case (.list(let list), true):
            // The interpreter pushes the empty list itself, which has no fields either.
            let inner = try compile(body, fields: fields, partials: partials)
            return { out, model in if list.isEmpty(model) { inner(&out, model) } }
        }
    }

    private static func appendUTF8(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
    }
}
