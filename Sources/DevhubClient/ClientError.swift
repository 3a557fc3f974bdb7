/// A failure of the command-line client, with the exit code scripts rely on and a one-line message naming what
/// failed: `contacts show 42: not found (404)`.
public struct ClientError: Error, Sendable, CustomStringConvertible {
    /// The classes of failure, each with its documented exit code.
    public enum Kind: Int32, Sendable {
        /// Bad arguments, or a request the server refused as invalid (400, 409, 413, 422, other 4xx): exit 1.
        case usage = 1
        /// No token configured, or the server refused it (401, 403): exit 2.
        case auth = 2
        /// The contact, code or route does not exist (404): exit 3.
        case notFound = 3
        /// The server failed (5xx, 429), could not be reached, or timed out: exit 4.
        case server = 4
    }

    /// What kind of failure this is.
    public var kind: Kind
    /// What failed and why, without the `devhub: ` prefix; may hold extra lines (the candidates of an ambiguous name).
    public var message: String

    /// A failure of `kind` described by `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The process exit code: 1 usage, 2 auth, 3 not found, 4 server.
    public var exitCode: Int32 { kind.rawValue }

    /// The same failure with `context` (the command and its subject, e.g. `contacts show 42`) in front.
    public func context(_ context: String) -> ClientError {
        ClientError(kind, context.isEmpty ? message : "\(context): \(message)")
    }

    public var description: String { message }

    /// The kind an HTTP status stands for, or nil for a success.
    public static func kind(forStatus status: Int) -> Kind? {
        switch status {
        case 200..<400: nil
        case 401, 403: .auth
        case 404: .notFound
        case 429, 500...: .server
        default: .usage
        }
    }
}
