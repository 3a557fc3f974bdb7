/// A failure of the database layer, with what was being done.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// What was being done, e.g. "opening /srv/devhub.sqlite".
    public var context: String
    /// The underlying reason.
    public var reason: String

    /// Creates an error.
    public init(_ context: String, reason: String) {
        self.context = context
        self.reason = reason
    }

    public var description: String { "\(context): \(reason)" }
}
