/// A value a template can name, read from a typed view model `Model`: what `{{name}}`, `{{#name}}` and `{{^name}}`
/// do with it follows swift-mustache's rules for the value it stands for in a `[String: Any]` context.
enum TemplateField<Model>: Sendable {
    /// Text that is always there (a present `String`: a section over it always renders).
    case text(@Sendable (Model) -> String)
    /// Text that may be absent (left out of the interpreter's context when nil).
    case optionalText(@Sendable (Model) -> String?)
    /// A `Bool`: a section renders when true, without entering a new scope; `{{name}}` prints `true`/`false`.
    case flag(@Sendable (Model) -> Bool)
    /// A list of items with fields of their own: a section renders once per item, in its scope.
    case list(any TemplateList<Model>)

    /// A list of `items`, each read through `fields`.
    static func list<Item>(_ items: @escaping @Sendable (Model) -> [Item], _ fields: [String: TemplateField<Item>]) -> TemplateField<Model> {
        .list(TypedTemplateList(items: items, fields: fields))
    }

    /// The same field read from a `Scope` that holds a `Model`.
    func lifted<Scope>(_ get: @escaping @Sendable (Scope) -> Model) -> TemplateField<Scope> {
        switch self {
        case .text(let read): .text { read(get($0)) }
        case .optionalText(let read): .optionalText { read(get($0)) }
        case .flag(let read): .flag { read(get($0)) }
        case .list(let list): .list(list.lifted(get))
        }
    }

    /// The value as the interpreter's `[String: Any]` context holds it; nil: the key is left out.
    func contextValue(_ model: Model) -> Any? {
        switch self {
        case .text(let read): read(model)
        case .optionalText(let read): read(model)
        case .flag(let read): read(model)
        case .list(let list): list.contextValue(model)
        }
    }
}

/// A list field, its item type hidden (see ``TemplateField/list(_:_:)``).
protocol TemplateList<Model>: Sendable {
    associatedtype Model
    /// Whether the list of `model` is empty.
    func isEmpty(_ model: Model) -> Bool
    /// The list read from a `Scope` that holds a `Model`.
    func lifted<Scope>(_ get: @escaping @Sendable (Scope) -> Model) -> any TemplateList<Scope>
    /// `body` compiled to run once per item, names resolving to the item's fields first, then to `enclosing`.
    func compileSection(_ body: [TemplateNode], enclosing: [String: TemplateField<Model>], partials: TemplatePartials)
        throws(UnsupportedTemplate) -> TemplateSegment<Model>
    /// The items as the interpreter's context holds them: one `[String: Any]` per item.
    func contextValue(_ model: Model) -> [[String: Any]]
}

/// A model and the list item being rendered: the scope of a list section's body.
struct ItemScope<Outer, Item> {
    let outer: Outer
    let item: Item
}

struct TypedTemplateList<Model, Item>: TemplateList {
    let items: @Sendable (Model) -> [Item]
    let fields: [String: TemplateField<Item>]

    func isEmpty(_ model: Model) -> Bool { items(model).isEmpty }

    func lifted<Scope>(_ get: @escaping @Sendable (Scope) -> Model) -> any TemplateList<Scope> {
        let items = items
        return TypedTemplateList<Scope, Item>(items: { items(get($0)) }, fields: fields)
    }

    func compileSection(_ body: [TemplateNode], enclosing: [String: TemplateField<Model>], partials: TemplatePartials)
        throws(UnsupportedTemplate) -> TemplateSegment<Model>
    {
        typealias Scope = ItemScope<Model, Item>
        var scope: [String: TemplateField<Scope>] = enclosing.mapValues { $0.lifted { $0.outer } }
        for (name, field) in fields {
            let own = field.lifted { (scope: Scope) in scope.item }
            guard case .optionalText(let read) = own, let outer = scope[name] else {
                scope[name] = own
                continue
            }
            // An absent item value is looked up further out, as in the interpreter's context stack.
            switch outer {
            case .text(let fallback): scope[name] = .text { read($0) ?? fallback($0) }
            case .optionalText(let fallback): scope[name] = .optionalText { read($0) ?? fallback($0) }
            case .flag, .list: throw UnsupportedTemplate(reason: "'\(name)' is optional in a list item and something else outside it")
            }
        }
        let inner = try TemplateCompiler.compile(body, fields: scope, partials: partials)
        let items = items
        return { out, model in
            for item in items(model) { inner(&out, ItemScope(outer: model, item: item)) }
        }
    }

    func contextValue(_ model: Model) -> [[String: Any]] {
        items(model).map { item in fields.compactMapValues { $0.contextValue(item) } }
    }
}

/// A typed view model of a page: the fields its template may name.
protocol TemplateModel: Sendable {
    /// Every name the page's templates may use, and how to read it.
    static var templateFields: [String: TemplateField<Self>] { get }
}

extension TemplateModel {
    /// The model as the interpreter's context: every present field under its name.
    var templateContext: [String: Any] { Self.templateFields.compactMapValues { $0.contextValue(self) } }
}
