/// A Markdown file split into its YAML front matter and its body.
public struct FrontMatter: Equatable, Sendable {
    /// The YAML between the `---` fences.
    public var yaml: String
    /// Everything after the closing fence.
    public var body: String
    /// The file line on which the YAML starts (for error messages).
    public var yamlFirstLine: Int

    /// Splits `text`; throws when the file does not open with a `---` line or never closes it.
    public init(splitting text: String, file: String) throws(ContentError) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        if text.hasPrefix("\u{FEFF}"), let first = lines.first { lines[lines.startIndex] = first.dropFirst() }
        guard let first = lines.first, first.trimmingTrailingCR() == "---" else {
            throw ContentError(file: file, line: 1, "must start with a '---' line opening the YAML front matter")
        }
        lines = lines.dropFirst()
        guard let close = lines.firstIndex(where: { $0.trimmingTrailingCR() == "---" }) else {
            throw ContentError(file: file, line: 1, "the YAML front matter opened on line 1 is never closed with '---'")
        }
        yaml = lines[lines.startIndex..<close].joined(separator: "\n")
        body = lines[lines.index(after: close)...].joined(separator: "\n")
        yamlFirstLine = 2
    }
}

extension Substring {
    fileprivate func trimmingTrailingCR() -> Substring {
        var line = self
        while line.last == "\r" || line.last == " " { line.removeLast() }
        return line
    }
}
