import DevhubCore

/// The body of `POST /api/contacts` and `PATCH /api/contacts/{id}`: only the fields set are sent, and a cleared
/// field is sent as `null` (which the API takes as "remove this value").
public struct ContactPatch: Encodable, Sendable {
    /// A field's new value.
    public enum Value: Encodable, Sendable, Equatable {
        case text(String)
        case number(Int)
        case flag(Bool)
        case list([String])
        case links([ProfileLink])
        case background(ContactBackground)
        case clear

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let value): try container.encode(value)
            case .number(let value): try container.encode(value)
            case .flag(let value): try container.encode(value)
            case .list(let value): try container.encode(value)
            case .links(let value): try container.encode(value)
            case .background(let value): try container.encode(value)
            case .clear: try container.encodeNil()
            }
        }
    }

    /// The fields to send, by their JSON key, in the order they were set.
    public private(set) var fields: [(key: String, value: Value)] = []

    /// An empty patch.
    public init() {}

    /// Whether nothing is set.
    public var isEmpty: Bool { fields.isEmpty }

    /// Sets `key` to `value` (a later value for the same key replaces the earlier one).
    public mutating func set(_ key: String, _ value: Value) {
        fields.removeAll { $0.key == key }
        fields.append((key, value))
    }

    /// Sets the text field `key` when `text` is given: an empty text clears it.
    public mutating func setText(_ key: String, _ text: String?) {
        guard let text else { return }
        set(key, text.isEmpty ? .clear : .text(text))
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (key, value) in fields { try container.encode(value, forKey: Key(stringValue: key)) }
    }
}
