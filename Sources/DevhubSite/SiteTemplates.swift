import Crypto
import DevhubCore
import Foundation
import Mustache

/// The Mustache templates and static assets of a site, loaded once from a directory
/// (`site-templates/` by default, `--templates DIR` to override).
public struct SiteTemplates: Sendable {
    /// Templates every build renders; a directory without one of them is refused at load time.
    public static let required = ["layout-head", "layout-header", "layout-foot", "profile", "directory", "page", "not-found", "connect"]

    private let library: MustacheLibrary
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
        // Templates that start with `{{% CONTENT_TYPE: HTML }}` escape through our byte-level escaper (same five
        // characters as swift-mustache's own, which walks Characters and was a tenth of a profile's render time).
        MustacheContentTypes.register(HTMLEscaping(), named: "HTML")
        var library = MustacheLibrary()
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
            do {
                library.register(try MustacheTemplate(string: text), named: String(file.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                throw SiteError(
                    "loading template \(path):\(error.context.lineNumber):\(error.context.columnNumber)", reason: "\(error.error)")
            } catch {
                throw SiteError("loading template \(path)", reason: "\(error)")
            }
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

    /// The output path of asset `name`, e.g. `/assets/style.1a2b3c4d5e.css`; nil when there is no such asset.
    public func assetURL(_ name: String) -> String? {
        assets.first { $0.name == name }.map { "/" + $0.outputPath }
    }
}

/// HTML escaping for Mustache values: `& < > " '` become entities (see ``XML/escape(_:)``).
struct HTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { XML.escape(text) }
}
