import Foundation

/// A JSON object built with its members already in the order ``SortedJSON`` (and `JSONSerialization` with
/// `.sortedKeys`) writes them, so an answer of a fixed shape goes straight to bytes: no dictionary, no boxing of each
/// value in `Any`, no sorting of keys per object. The same object converts to the `[String: Any]` form for the
/// documents that embed it (exports, webhooks), so its members are listed once.
///
/// Whoever builds one lists its keys sorted (plain snake_case keys: byte order is `JSONSerialization`'s order); a test
/// per shape checks the bytes against ``SortedJSON``.
struct OrderedJSONObject: Sendable {
    /// The members, keys in sorted order.
    var members: [(key: String, value: OrderedJSONValue)]

    init(_ members: [(key: String, value: OrderedJSONValue)]) {
        assert(zip(members, members.dropFirst()).allSatisfy { $0.key < $1.key }, "members must be listed in sorted key order")
        self.members = members
    }

    /// The object as ``SortedJSON`` and `JSONSerialization` take it (`NSNull` for null).
    var dictionary: [String: Any] {
        Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value.serializable) })
    }

    /// The object's JSON text, as ``SortedJSON/data(_:)`` writes ``dictionary``.
    var data: Data {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(into: &out)
        return Data(out)
    }

    /// Appends the object's JSON text to `out`.
    func write(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, member) in members.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            SortedJSON.quote(member.key, into: &out)
            out.append(UInt8(ascii: ":"))
            member.value.write(into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}

/// A value inside an ``OrderedJSONObject``.
indirect enum OrderedJSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([OrderedJSONValue])
    case object(OrderedJSONObject)

    /// A string, or null when absent.
    static func optional(_ text: String?) -> OrderedJSONValue { text.map(OrderedJSONValue.string) ?? .null }

    /// A number, or null when absent.
    static func optional(_ number: Int?) -> OrderedJSONValue { number.map(OrderedJSONValue.int) ?? .null }

    /// An array of strings.
    static func strings(_ texts: some Sequence<String>) -> OrderedJSONValue { .array(texts.map(OrderedJSONValue.string)) }

    /// The value as `JSONSerialization` takes it.
    var serializable: Any {
        switch self {
        case .null: NSNull()
        case .bool(let value): value
        case .int(let value): value
        case .string(let value): value
        case .array(let values): values.map(\.serializable) as [Any]
        case .object(let object): object.dictionary
        }
    }

    /// Appends the value's JSON text to `out`.
    func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: value ? "true".utf8 : "false".utf8)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .string(let value): SortedJSON.quote(value, into: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object): object.write(into: &out)
        }
    }
}
