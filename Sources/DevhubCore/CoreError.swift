/// A rule of the domain was broken by a value; names the field so a person can fix it.
public struct CoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field the value came from, as the user spells it (`username`, `links[2].url`).
    public var field: String
    /// What is wrong, in words for a person.
    public var message: String

    /// Creates an error for `field`.
    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    /// The same error reported under another field name (`url` → `links[2].url`).
    public func under(_ prefix: String) -> CoreError {
        CoreError(field: "\(prefix).\(field)", message)
    }

    public var description: String { "\(field): \(message)" }
}
