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

    /// Bodies this server decodes are small forms and JSON: 64 KiB at most (413 beyond).
    public var maxUploadSize: Int { 64 * 1024 }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
