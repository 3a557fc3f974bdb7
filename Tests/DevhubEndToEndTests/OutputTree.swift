import Foundation
import Testing

/// Checks on a whole output tree: every file complete, and two trees equal byte for byte.
enum OutputTree {
    /// The relative paths of files that are not complete documents of their kind (a torn write would show here).
    static func incompleteFiles(in site: TempSite, output: URL? = nil) -> [String] {
        site.files(in: output).filter { path in
            guard let data = try? site.data(path, in: output) else { return true }
            let text = String(decoding: data, as: UTF8.self)
            switch (path as NSString).pathExtension {
            case "html": return !text.hasSuffix("</html>\n")
            case "svg": return !text.hasSuffix("</svg>\n")
            case "vcf": return !text.hasSuffix("END:VCARD\r\n")
            case "json": return (try? JSONSerialization.jsonObject(with: data)) == nil
            case "xml": return XMLTree.parse(data) == nil
            case "txt": return !text.hasSuffix("\n")
            default: return data.isEmpty
            }
        }
    }

    /// Records an issue for every file that differs between two trees (missing on one side or other bytes).
    static func expectEqual(_ site: TempSite, _ first: URL, _ second: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        let left = site.files(in: first)
        let right = site.files(in: second)
        #expect(left == right, "file sets differ: only in first \(Set(left).subtracting(right).sorted().prefix(10)), only in second \(Set(right).subtracting(left).sorted().prefix(10))", sourceLocation: sourceLocation)
        let differing = Set(left).intersection(right).sorted().filter {
            (try? site.data($0, in: first)) != (try? site.data($0, in: second))
        }
        #expect(differing.isEmpty, "bytes differ in \(differing.prefix(10))", sourceLocation: sourceLocation)
    }
}
