import DevhubCore
import Foundation

/// Reads content pages (`content/pages/<slug>.md`): front matter with `title` (required) and
/// `description`, Markdown body.
public enum PageFile {
    /// Parses one page; `slug` comes from the file name.
    public static func parse(_ text: String, slug: String, file: String) throws(ContentError) -> StaticPage {
        let split = try FrontMatter(splitting: text, file: file)
        let mapping = try YAMLMapping(split.yaml, file: file, firstLine: split.yamlFirstLine)
        try mapping.rejectUnknownKeys(["title", "description"])
        return StaticPage(
            slug: slug, title: try mapping.requiredString("title"), description: try mapping.optionalString("description"),
            markdown: split.body)
    }

    /// Every `*.md` page in `directory`, sorted by slug; a missing directory means no pages.
    public static func readDirectory(_ directory: String) throws(ContentError) -> [StaticPage] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        var pages: [StaticPage] = []
        for name in names.sorted() where name.hasSuffix(".md") {
            let path = (directory as NSString).appendingPathComponent(name)
            let slug = String(name.dropLast(3))
            guard !slug.isEmpty, slug.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
                throw ContentError(file: path, "the file name must be a URL segment of a-z, 0-9 and '-'")
            }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ContentError(file: path, "cannot be read as UTF-8")
            }
            pages.append(try parse(text, slug: slug, file: path))
        }
        return pages
    }
}
