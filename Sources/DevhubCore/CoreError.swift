/// A rule of the domain was broken by a value; names the field so a person can fix it.
public struct CoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field the value came from, as the user spells it (`username`, `links[2].url`).
    public var field: String
    /// What is wrong, in words for a person.
    public var message: String
    /// True when the value broke a size or count limit (too many cards, columns, a line too long): the server
    /// answers 413 instead of 422.
    public var isTooLarge: Bool

    /// Creates an error for `field`; `tooLarge` marks a broken size or count limit.
    public init(field: String, _ message: String, tooLarge: Bool = false) {
        self.field = field
        self.message = message
        self.isTooLarge = tooLarge
    }

    /// The same error reported under another field name (`url` → `links[2].url`).
    public func under(_ prefix: String) -> CoreError {
        CoreError(field: "\(prefix).\(field)", message, tooLarge: isTooLarge)
    }

    public var description: String { "\(field): \(message)" }
}
