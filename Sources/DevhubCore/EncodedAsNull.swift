/// An optional that a synthesized `Encodable` writes as `null` when it is nil, instead of leaving its key out (what
/// Swift does for a plain optional): response bodies whose documented shape has every key, whatever the values.
@propertyWrapper
public struct EncodedAsNull<Value: Encodable>: Encodable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension EncodedAsNull: Sendable where Value: Sendable {}
extension EncodedAsNull: Equatable where Value: Equatable {}
