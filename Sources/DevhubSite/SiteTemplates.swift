import Crypto
import DevhubCore
import Foundation
import Mustache

/// The Mustache templates and static assets of a site, loaded once from a directory
/// (`site-templates/` by default, `--templates DIR` to override).
public struct SiteTemplates: Sendable {
    /// Templates every build renders; a directory without one of them is refused at load time.
    public static let required = ["layout-head", "layout-header", "layout-foot", "profile", "directory", "page", "not-found", "connect", "report"]

    private let library: MustacheLibrary
    /// The templates as the compiled renderer reads them (see ``page(_:as:)``).
    private let syntax: TemplatePartials
    /// Hash of every template and asset: a change re-renders everything built from them.
    public let fingerprint: String
    /// The static assets, with their fingerprinted output paths.
    public let assets: [Asset]

    /// A static file copied to `assets/` under a name that carries its content hash.
    public struct Asset: Sendable {
        /// The file's name in the templates' `assets/` folder, e.g. `style.css`.
        public let name: String
        /// Where it is written, e.g. `assets/style.1a2b3c4d5e.css`.
        public let outputPath: String
        /// Its bytes.
        public let bytes: [UInt8]
    }

    /// Loads `*.mustache` from `directory` (and, with `subdirectory`, from `directory/subdirectory/` under names
    /// like `app/login`) and the files of `directory/assets/`.
    public init(directory: String, required: [String] = SiteTemplates.required, subdirectory: String? = nil) throws(SiteError) {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SiteError("loading templates", reason: "\(directory) is not a directory")
        }
        // Every template escapes through our byte-level escaper: `HTML` names it, and `HTMLEscaping.forced` makes
        // each template (partials included, which swift-mustache renders with its own Character-walking escaper
        // whatever the parent says) start by selecting it.
        MustacheContentTypes.register(HTMLEscaping(), named: "HTML")
        var library = MustacheLibrary()
        var nodes: [String: [TemplateNode]] = [:]
        var refused: [String: String] = [:]
        var hasher = SHA256()
        var names = ((try? fileManager.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".mustache") }.sorted()
        if let subdirectory {
            let folder = (directory as NSString).appendingPathComponent(subdirectory)
            names += ((try? fileManager.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".mustache") }.sorted()
                .map { "\(subdirectory)/\($0)" }
        }
        for file in names {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let data = fileManager.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw SiteError("loading template \(path)", reason: "cannot be read as UTF-8")
            }
            let name = String(file.dropLast(".mustache".count))
            let forced = HTMLEscaping.forced(text)
            do {
                library.register(try MustacheTemplate(string: forced), named: name)
            } catch let error as MustacheTemplate.ParserError {
                // The forced first line (see `HTMLEscaping.forced`) is not the author's: line numbers are theirs.
                throw SiteError(
                    "loading template \(path):\(error.context.lineNumber - 1):\(error.context.columnNumber)", reason: "\(error.error)")
            } catch {
                throw SiteError("loading template \(path)", reason: "\(error)")
            }
            do { nodes[name] = try TemplateSyntax.parse(forced) } catch { refused[name] = "\(name).mustache: \(error.reason)" }
            hasher.update(data: Data(file.utf8))
            hasher.update(data: data)
        }
        for name in required where library.getTemplate(named: name) == nil {
            throw SiteError("loading templates from \(directory)", reason: "template '\(name).mustache' is missing")
        }

        var assets: [Asset] = []
        let assetDirectory = (directory as NSString).appendingPathComponent("assets")
        for file in ((try? fileManager.contentsOfDirectory(atPath: assetDirectory)) ?? []).sorted() where !file.hasPrefix(".") {
            let path = (assetDirectory as NSString).appendingPathComponent(file)
            guard let data = fileManager.contents(atPath: path) else {
                throw SiteError("loading asset \(path)", reason: "cannot be read")
            }
            let digest = Hex.encode(SHA256.hash(data: data)).prefix(10)
            let ext = (file as NSString).pathExtension
            let stem = (file as NSString).deletingPathExtension
            assets.append(Asset(name: file, outputPath: "assets/\(stem).\(digest)" + (ext.isEmpty ? "" : ".\(ext)"), bytes: Array(data)))
            hasher.update(data: Data(file.utf8))
            hasher.update(data: data)
        }
        self.library = library
        self.syntax = TemplatePartials(nodes: nodes, refused: refused)
        self.assets = assets
        self.fingerprint = Hex.encode(hasher.finalize())
    }

    /// Renders template `name` with `context`; a missing template is an error, never an empty page.
    public func render(_ name: String, _ context: [String: Any]) throws(SiteError) -> String {
        guard let text = library.render(context, withTemplate: name) else {
            throw SiteError("rendering template '\(name)'", reason: "no template named '\(name).mustache' was loaded")
        }
        return text
    }

    /// Template `name` for pages of `Model`: compiled against the model's fields when the compiled renderer reads it and
    /// every partial it includes, interpreted otherwise (same bytes either way).
    func page<Model: TemplateModel>(_ name: String, as model: Model.Type) -> PageTemplate<Model> {
        PageTemplate(name, templates: self, partials: syntax)
    }

    /// The output path of asset `name`, e.g. `/assets/style.1a2b3c4d5e.css`; nil when there is no such asset.
    public func assetURL(_ name: String) -> String? {
        assets.first { $0.name == name }.map { "/" + $0.outputPath }
    }
}

/// HTML escaping for Mustache values: `& < > " '` become entities byte by byte (see ``XML/escape(_:)``), so a quote
/// followed by a combining mark is escaped too (swift-mustache's own escaper walks `Character`s and misses it).
struct HTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { XML.escape(text) }

    /// The pragma put in front of every template.
    static let pragma = "{{% CONTENT_TYPE: HTML }}\n"

    /// `text` made to escape through ``HTMLEscaping`` however it is written: it starts with a standalone
    /// `{{% CONTENT_TYPE: HTML }}` line (swift-mustache drops a standalone tag's line entirely, so the output is
    /// unchanged; parse errors are one line later, which the loader subtracts), and every `CONTENT_TYPE: TEXT`
    /// pragma becomes `CONTENT_TYPE: HTML` (same length, so columns stay). `TEXT` is the only other content type
    /// swift-mustache knows, and an unknown one is a parse error.
    static func forced(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        let name = Array("CONTENT_TYPE".unicodeScalars)
        let text = Array("TEXT".unicodeScalars)
        var index = 0
        while index + name.count <= scalars.count {
            guard scalars[index..<index + name.count].elementsEqual(name) else { index += 1; continue }
            index += name.count
            index = skipSpace(scalars, from: index)
            guard index < scalars.count, scalars[index] == ":" else { continue }
            index = skipSpace(scalars, from: index + 1)
            if index + text.count <= scalars.count, scalars[index..<index + text.count].elementsEqual(text) {
                scalars.replaceSubrange(index..<index + text.count, with: "HTML".unicodeScalars)
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: pragma.unicodeScalars)
        out.append(contentsOf: scalars)
        return String(out)
    }

    /// Past white space and anything that clusters onto it (the parser skips white-space `Character`s, and a space
    /// followed by a combining mark is one).
    private static func skipSpace(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < scalars.count {
            let properties = scalars[index].properties
            guard properties.isWhitespace || properties.isGraphemeExtend || properties.generalCategory == .spacingMark
                    || scalars[index] == "\u{200D}"
            else { break }
            index += 1
        }
        return index
    }
}
