import DevhubCore
import Hummingbird
import NIOCore

/// The per-request context of the companion server: who is signed in, from where.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's address (the client, or the proxy in front of us).
    public let remoteAddress: SocketAddress?
    /// The signed-in account, set by ``SessionMiddleware``.
    public var userID: String?
    /// The session token from the cookie, when it named a live session.
    public var sessionToken: String?
    /// The API key the request authenticated with (`Authorization: Bearer dh_…`), set by ``APIKeyMiddleware``; nil for
    /// a browser session.
    public var apiKey: APIKeyIdentity?

    /// Bodies this server decodes are small forms and JSON: 64 KiB at most (413 beyond).
    public var maxUploadSize: Int { 64 * 1024 }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// The API key a request authenticated with: its id (its rate limit counts by it) and what it may do.
public struct APIKeyIdentity: Sendable {
    public var id: String
    public var scopes: [APIKeyScope]

    /// Whether the key may change data (a `write` key).
    public var canWrite: Bool { scopes.contains(.write) }
}
