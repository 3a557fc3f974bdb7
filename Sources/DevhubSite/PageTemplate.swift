/// One page template for a typed view model: compiled when ``TemplateSyntax`` reads it and every partial it includes,
/// otherwise rendered by the interpreter from ``TemplateModel/templateContext``. Both escape by byte and give the same
/// bytes for the same template (see `CompiledTemplateTests`).
struct PageTemplate<Model: TemplateModel>: Sendable {
    private let name: String
    private let templates: SiteTemplates
    private let compiled: CompiledTemplate<Model>?
    /// Why the template is interpreted (nil when compiled).
    let interpretedBecause: String?

    init(_ name: String, templates: SiteTemplates, partials: TemplatePartials) {
        self.name = name
        self.templates = templates
        do {
            compiled = try CompiledTemplate(name, fields: Model.templateFields, partials: partials)
            interpretedBecause = nil
        } catch {
            compiled = nil
            interpretedBecause = error.reason
        }
    }

    /// Whether pages render through the compiled template.
    var isCompiled: Bool { compiled != nil }

    /// The page for `model`, as UTF-8 bytes.
    func render(_ model: Model, capacity: Int = 8_192) throws(SiteError) -> [UInt8] {
        if let compiled { return compiled.render(model, capacity: capacity) }
        return Array(try templates.render(name, model.templateContext).utf8)
    }
}
