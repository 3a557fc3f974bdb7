/// A Markdown file split into its YAML front matter and its body.
public struct FrontMatter: Equatable, Sendable {
    /// The YAML between the `---` fences.
    public var yaml: String
    /// Everything after the closing fence.
    public var body: String
    /// The file line on which the YAML starts (for error messages).
    public var yamlFirstLine: Int

    /// Splits `text` (LF or CRLF line ends, optional BOM); throws when the file does not open with a
    /// `---` line or never closes it.
    public init(splitting text: String, file: String) throws(ContentError) {
        var bytes = Array(text.utf8)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let firstEnd = Self.endOfLine(bytes, from: bytes.startIndex), Self.isFence(bytes[bytes.startIndex..<firstEnd]) else {
            throw ContentError(file: file, line: 1, "must start with a '---' line opening the YAML front matter")
        }
        let yamlStart = firstEnd + 1
        var lineStart = yamlStart
        while lineStart < bytes.endIndex {
            let lineEnd = Self.endOfLine(bytes, from: lineStart) ?? bytes.endIndex
            if Self.isFence(bytes[lineStart..<lineEnd]) {
                yaml = String(decoding: bytes[yamlStart..<lineStart], as: UTF8.self)
                body = lineEnd < bytes.endIndex ? String(decoding: bytes[(lineEnd + 1)...], as: UTF8.self) : ""
                yamlFirstLine = 2
                return
            }
            lineStart = lineEnd + 1
        }
        throw ContentError(file: file, line: 1, "the YAML front matter opened on line 1 is never closed with '---'")
    }

    /// The index of the next `\n` at or after `start`, or nil.
    private static func endOfLine(_ bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        bytes[start...].firstIndex(of: 0x0A)
    }

    /// `---` followed only by spaces or a `\r`.
    private static func isFence(_ line: ArraySlice<UInt8>) -> Bool {
        line.starts(with: [0x2D, 0x2D, 0x2D]) && line.dropFirst(3).allSatisfy { $0 == 0x20 || $0 == 0x0D }
    }
}
