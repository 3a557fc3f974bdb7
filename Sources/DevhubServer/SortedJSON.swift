import Foundation

/// Writes the API's `[String: Any]` documents as `JSONSerialization` does with `.sortedKeys` and
/// `.withoutEscapingSlashes` — the same keys in the same order, the same values — without its cost: Foundation
/// compares keys with a locale it creates again for every comparison, which was most of the time of a contact list
/// page. The order of each distinct set of keys is asked of `JSONSerialization` once and kept, so it is its order
/// exactly. Strings are escaped by UTF-8 byte: `"`, `\` and the C0 controls.
///
/// Only strings, `Int`, `Int64`, `Bool`, `NSNull`, and arrays and string-keyed dictionaries of the shapes the API
/// builds are written (the usual container types fast, others through a cast); any other value (a `Double`, a
/// `Date`) gives nil and the caller uses `JSONSerialization` for the whole document.
enum SortedJSON {
    /// The document's bytes, or nil when it holds a value this writer leaves to `JSONSerialization`.
    static func data(_ object: Any) -> Data? {
        var out: [UInt8] = []
        out.reserveCapacity(8192)
        guard write(object, into: &out) else { return nil }
        return Data(out)
    }

    private static func write(_ value: Any, into out: inout [UInt8]) -> Bool {
        // The types the API builds, recognised by identity: a failed `as?` on a value of another type can bridge it to
        // an `NSObject` to try (a dictionary to an `NSDictionary`), which costs more than writing it. A boxed number
        // never passes for a Bool nor the other way round.
        let type = type(of: value)
        if type == String.self {
            quote(value as! String, into: &out)
        } else if type == [String: Any].self {
            return writeObject(value as! [String: Any], into: &out)
        } else if type == [String: String].self {
            return writeObject(value as! [String: String], into: &out)
        } else if type == [Any].self {
            return writeArray(value as! [Any], into: &out)
        } else if type == [[String: Any]].self {
            return writeArray(value as! [[String: Any]], into: &out)
        } else if type == [[String: String]].self {
            return writeArray(value as! [[String: String]], into: &out)
        } else if type == [String].self {
            return writeArray(value as! [String], into: &out)
        } else if type == Bool.self {
            out.append(contentsOf: (value as! Bool) ? Array("true".utf8) : Array("false".utf8))
        } else if type == Int.self {
            out.append(contentsOf: String(value as! Int).utf8)
        } else if type == Int64.self {
            out.append(contentsOf: String(value as! Int64).utf8)
        } else if value is NSNull {
            out.append(contentsOf: "null".utf8)
        } else if let object = value as? [String: Any] {
            return writeObject(object, into: &out)  // another dictionary type: slower, the same bytes
        } else if let array = value as? [Any] {
            return writeArray(array, into: &out)
        } else {
            return false
        }
        return true
    }

    private static func writeObject<Member>(_ object: [String: Member], into out: inout [UInt8]) -> Bool {
        guard let keys = KeyOrder.shared.sorted(Array(object.keys)) else { return false }
        out.append(UInt8(ascii: "{"))
        for (index, key) in keys.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            quote(key, into: &out)
            out.append(UInt8(ascii: ":"))
            guard let member = object[key], write(member, into: &out) else { return false }
        }
        out.append(UInt8(ascii: "}"))
        return true
    }

    private static func writeArray<Item>(_ array: [Item], into out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "["))
        for (index, item) in array.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            guard write(item, into: &out) else { return false }
        }
        out.append(UInt8(ascii: "]"))
        return true
    }

    /// `text` as a JSON string, escaping by UTF-8 byte (a multi-byte scalar never holds a byte below 0x80).
    static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: checked and copied in one go from their UTF-8 storage.
        var text = text
        let copied = text.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied {
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `JSONSerialization`'s order of each set of keys seen, asked of it once (at most ``limit`` sets are kept).
    final class KeyOrder: @unchecked Sendable {
        // Safe: `orders` is only touched with `lock` held.
        private let lock = NSLock()
        private var orders: [[String]: [String]] = [:]
        static let limit = 1024
        static let shared = KeyOrder()

        /// `keys` in `JSONSerialization`'s sorted order; nil when it cannot be read back (a key it escapes otherwise).
        func sorted(_ keys: [String]) -> [String]? {
            let signature = keys.sorted()
            if let known = lock.withLock({ orders[signature] }) { return known }
            guard let order = Self.foundationOrder(signature) else { return nil }
            lock.withLock {
                if orders.count >= Self.limit { orders.removeAll() }
                orders[signature] = order
            }
            return order
        }

        /// Serializes `{key: 0, …}` with `JSONSerialization` and reads where each key landed.
        static func foundationOrder(_ keys: [String]) -> [String]? {
            guard !keys.isEmpty else { return [] }
            let probe = Dictionary(uniqueKeysWithValues: keys.map { ($0, 0) })
            guard let data = try? JSONSerialization.data(withJSONObject: probe, options: [.sortedKeys, .withoutEscapingSlashes]) else { return nil }
            let text = [UInt8](data)
            var placed: [(offset: Int, key: String)] = []
            for key in keys {
                var needle: [UInt8] = []
                quote(key, into: &needle)
                needle.append(UInt8(ascii: ":"))
                guard let offset = firstOffset(of: needle, in: text) else { return nil }
                placed.append((offset, key))
            }
            return placed.sorted { $0.offset < $1.offset }.map(\.key)
        }

        private static func firstOffset(of needle: [UInt8], in text: [UInt8]) -> Int? {
            guard needle.count <= text.count else { return nil }
            var start = 0
            while start + needle.count <= text.count {
                // A key's text is preceded by `{` or `,` (a quote inside a key is escaped, so this is a key's start).
                if text[start] == needle[0], start > 0, text[start - 1] == UInt8(ascii: "{") || text[start - 1] == UInt8(ascii: ","),
                   text[start..<(start + needle.count)].elementsEqual(needle) {
                    return start
                }
                start += 1
            }
            return nil
        }
    }
}
