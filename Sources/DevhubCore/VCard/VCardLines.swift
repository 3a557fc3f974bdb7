/// The logical lines of a vCard file (RFC 6350 §3.2), read in one pass over its UTF-8 bytes: any line ending (CRLF,
/// LF, CR), continuation lines (leading space or tab) joined, and vCard 2.1 quoted-printable soft breaks (`=` at the
/// end) joined. A logical line longer than `maxLineBytes` is skipped when it is a binary property we do not read
/// (``binaryProperties``) and refused otherwise, so no line costs more than the cap to keep.
public struct VCardLines {
    /// One logical line and the physical line (1-based) it starts on.
    public struct Line: Sendable {
        public var text: String
        public var number: Int
    }

    /// Properties that carry binary data (base64) and that the importer skips whatever their size.
    public static let binaryProperties: Set<String> = ["PHOTO", "LOGO", "SOUND", "KEY"]

    private let bytes: [UInt8]
    private let maxLineBytes: Int
    private var position: Int
    private var physicalLine = 0

    /// A reader over `text` (a leading byte-order mark is skipped).
    public init(_ text: String, maxLineBytes: Int) {
        bytes = Array(text.utf8)
        self.maxLineBytes = maxLineBytes
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// The next logical line, nil at the end. Throws (a size limit, naming `file`) for a line over the cap that is
    /// not a binary property.
    public mutating func next() throws(CoreError) -> Line? {
        while position < bytes.count {
            let first = physical(at: position)
            position = first.next
            physicalLine += 1
            guard !first.range.isEmpty else { continue }
            let number = physicalLine
            var line = LogicalLine(limit: maxLineBytes)
            var softBreak = line.append(bytes[first.range])
            while position < bytes.count {
                let next = physical(at: position)
                if softBreak {
                    softBreak = line.append(bytes[next.range])
                } else if !next.range.isEmpty, bytes[next.range.lowerBound] == 0x20 || bytes[next.range.lowerBound] == 0x09 {
                    softBreak = line.append(bytes[next.range.dropFirst()])
                } else {
                    break
                }
                position = next.next
                physicalLine += 1
            }
            if line.overflowed {
                let name = line.propertyName
                guard Self.binaryProperties.contains(name) else {
                    throw CoreError(
                        field: "file", "line \(number) (\(name.isEmpty ? "no property name" : name)) is longer than \(maxLineBytes / 1024) KiB",
                        tooLarge: true)
                }
                continue
            }
            return Line(text: String(decoding: line.bytes, as: UTF8.self), number: number)
        }
        return nil
    }

    /// The physical line starting at `start` (without its line ending) and where the one after it starts.
    private func physical(at start: Int) -> (range: Range<Int>, next: Int) {
        var end = start
        while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        var next = end
        if next < bytes.count {
            next += bytes[next] == 0x0D && next + 1 < bytes.count && bytes[next + 1] == 0x0A ? 2 : 1
        }
        return (start..<end, next)
    }
}

/// A logical line being joined: at most `limit` bytes are kept; the head (up to the first unquoted `:`) is scanned
/// once, as bytes arrive, to find out whether the value is quoted-printable.
private struct LogicalLine {
    let limit: Int
    private(set) var bytes: [UInt8] = []
    private(set) var overflowed = false
    private var scanned = 0
    private var inQuotes = false
    private var colon: Int?
    private var quotedPrintable = false

    init(limit: Int) { self.limit = limit }

    /// Appends one physical segment; true when it ends in a quoted-printable soft break (the `=` is removed).
    mutating func append(_ segment: ArraySlice<UInt8>) -> Bool {
        if !overflowed {
            let room = limit - bytes.count
            if segment.count > room {
                bytes += segment.prefix(room)
                overflowed = true
            } else {
                bytes += segment
            }
            scanHead()
        }
        guard segment.last == UInt8(ascii: "="), quotedPrintable else { return false }
        if !overflowed { bytes.removeLast() }
        return true
    }

    /// The property name, upper-cased, without its group (`item1.PHOTO;…` → `PHOTO`).
    var propertyName: String {
        let end = bytes.firstIndex { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ":") } ?? bytes.endIndex
        let qualified = bytes[..<end]
        let start = qualified.lastIndex(of: UInt8(ascii: ".")).map { $0 + 1 } ?? qualified.startIndex
        return String(decoding: qualified[start...], as: UTF8.self).uppercased()
    }

    private mutating func scanHead() {
        while colon == nil, scanned < bytes.count {
            let byte = bytes[scanned]
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if byte == UInt8(ascii: ":"), !inQuotes {
                colon = scanned
                quotedPrintable = Self.contains(bytes[..<scanned], "QUOTED-PRINTABLE")
            }
            scanned += 1
        }
    }

    /// True when `haystack` contains `needle` (upper-case ASCII), ignoring ASCII case.
    private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: String) -> Bool {
        let needle = Array(needle.utf8)
        guard haystack.count >= needle.count else { return false }
        var start = haystack.startIndex
        while start + needle.count <= haystack.endIndex {
            var matched = true
            for offset in 0..<needle.count {
                var byte = haystack[start + offset]
                if byte >= 0x61, byte <= 0x7A { byte -= 0x20 }
                if byte != needle[offset] { matched = false; break }
            }
            if matched { return true }
            start += 1
        }
        return false
    }
}
