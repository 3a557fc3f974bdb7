/// A small, fast, deterministic JSON writer for the documents the generator emits (profile JSON, JSON-LD):
/// keys keep the order they are given in, absent values are left out, output is byte-for-byte stable.
indirect enum JSONText {
    case string(String)
    case array([JSONText])
    case object([(String, JSONText?)])

    /// `.string` for a value, nil (left out of objects) for nil.
    static func optional(_ text: String?) -> JSONText? { text.map(JSONText.string) }

    /// The document as text. `pretty` indents by two spaces; `forScript` also escapes `<`, `>` and `&`
    /// so the text can sit inside `<script type="application/ld+json">`.
    func encoded(pretty: Bool, forScript: Bool = false) -> String {
        String(decoding: bytes(pretty: pretty, forScript: forScript), as: UTF8.self)
    }

    /// ``encoded(pretty:forScript:)`` as UTF-8 bytes.
    func bytes(pretty: Bool, forScript: Bool = false) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(2048)
        write(into: &out, pretty: pretty, forScript: forScript, depth: 0)
        if pretty { out.append(0x0A) }
        return out
    }

    private func write(into out: inout [UInt8], pretty: Bool, forScript: Bool, depth: Int) {
        switch self {
        case .string(let text):
            Self.quote(text, into: &out, forScript: forScript)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(&out, pretty: pretty, depth: depth + 1)
                item.write(into: &out, pretty: pretty, forScript: forScript, depth: depth + 1)
            }
            if !items.isEmpty { Self.newline(&out, pretty: pretty, depth: depth) }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in members {
                guard let value else { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                Self.newline(&out, pretty: pretty, depth: depth + 1)
                Self.quote(key, into: &out, forScript: forScript)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(0x20) }
                value.write(into: &out, pretty: pretty, forScript: forScript, depth: depth + 1)
            }
            if !first { Self.newline(&out, pretty: pretty, depth: depth) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ out: inout [UInt8], pretty: Bool, depth: Int) {
        guard pretty else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: depth * 2))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string: quotes, backslashes and control characters escaped, and U+2028/U+2029
    /// (line terminators in JavaScript) too; with `forScript`, `<`, `>` and `&` as well.
    static func quote(_ text: String, into out: inout [UInt8], forScript: Bool) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Runs of bytes that need no escape are copied at once.
            var start = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x00..<0x20:
                    break
                case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                    guard forScript else { index += 1; continue }
                case 0xE2:
                    // U+2028 and U+2029 are E2 80 A8 / E2 80 A9.
                    guard index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 else {
                        index += 1
                        continue
                    }
                default:
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                switch byte {
                case UInt8(ascii: "\""): out += [0x5C, 0x22]
                case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, UInt8(ascii: "n")]
                case 0x0D: out += [0x5C, UInt8(ascii: "r")]
                case 0x09: out += [0x5C, UInt8(ascii: "t")]
                case 0xE2:
                    unicodeEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029, into: &out)
                    index += 2
                default: unicodeEscape(UInt16(byte), into: &out)
                }
                index += 1
                start = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func unicodeEscape(_ value: UInt16, into out: inout [UInt8]) {
        out += [0x5C, UInt8(ascii: "u")]
        for shift in stride(from: 12, through: 0, by: -4) { out.append(hexDigits[Int((value >> UInt16(shift)) & 0xF)]) }
    }
}
