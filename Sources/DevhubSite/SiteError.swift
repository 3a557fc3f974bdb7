/// A build failure, with the template, file or profile it concerns.
public struct SiteError: Error, CustomStringConvertible, Sendable {
    /// What the build was doing, e.g. "rendering template 'profile'" or "writing @ada/index.html".
    public var context: String
    /// Why it failed.
    public var reason: String

    /// Creates an error.
    public init(_ context: String, reason: String) {
        self.context = context
        self.reason = reason
    }

    public var description: String { "\(context): \(reason)" }
}
