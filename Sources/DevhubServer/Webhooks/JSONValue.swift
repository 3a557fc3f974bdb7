import Foundation

/// Any JSON value, `Codable`: carries an object the API already answers (a contact, an interaction) inside a typed
/// webhook payload, so the payload is the same JSON the API returns.
enum JSONValue: Codable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int64)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The value of an object built for `JSONSerialization` (dictionaries, arrays, `NSNull`), or `.null` when it
    /// cannot be serialised.
    init(serializable object: Any) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed]),
              let value = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { self = .null; return }
        self = value
    }

    /// The value of an object the API writes straight to bytes: the same value as ``init(serializable:)`` of its
    /// dictionary, without writing and parsing it again.
    init(_ object: OrderedJSONObject) {
        self = .object(Dictionary(uniqueKeysWithValues: object.members.map { ($0.key, JSONValue($0.value)) }))
    }

    /// The value of one member of such an object.
    init(_ value: OrderedJSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .integer(Int64(value))
        case .string(let value): self = .string(value)
        case .array(let values): self = .array(values.map(JSONValue.init))
        case .object(let object): self = JSONValue(object)
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
