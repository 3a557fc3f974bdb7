import DevhubCore
import DevhubStore
import HTTPTypes
import Hummingbird

/// Authenticates `/api/` requests that carry `Authorization: Bearer dh_…` (see ``APIKeyFormat``): the key's owner
/// becomes ``AppRequestContext/userID`` (the session cookie is then not read), a `read` key may only `GET` and `HEAD`,
/// and each key has its own rate limit. A malformed key is refused before the database is asked; an unknown, revoked
/// or expired key, or one whose account is being deleted, answers 401. Requests without the header pass untouched
/// (to the session middleware); `/app/` pages do not use this middleware, so a key never opens them.
struct APIKeyMiddleware: RouterMiddleware {
    let database: AppDatabase
    let limiter: RateLimiter
    /// Requests per key per minute (`--api-key-rate-limit`).
    let limit: Int

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        guard let authorization = request.headers[.authorization] else { return try await next(request, context) }
        guard let key = Self.bearerKey(authorization), APIKeyFormat.isWellFormed(key) else { throw Self.malformed }
        let identity: APIKeyIdentity
        var context = context
        switch try database.authenticateAPIKey(key) {
        case .valid(let id, let userID, let scopes):
            identity = APIKeyIdentity(id: id, scopes: scopes)
            context.userID = userID
        case .unknown: throw Self.refused("invalid_api_key", "The API key is not valid.")
        case .revoked: throw Self.refused("api_key_revoked", "The API key was revoked.")
        case .expired: throw Self.refused("api_key_expired", "The API key has expired.")
        }
        context.apiKey = identity
        context.sessionToken = nil
        // Every request of the key counts, refused ones too.
        if let wait = await limiter.hit("api-key:\(identity.id)", limit: limit, window: 60) {
            throw APIError.tooManyRequests(retryAfter: wait)
        }
        if !identity.canWrite, request.method != .get, request.method != .head { throw Self.insufficientScope }
        return try await next(request, context)
    }

    /// The credentials of `Bearer <credentials>` (the scheme in any case, RFC 9110), read on bytes; nil for another
    /// scheme. Only the first ``APIKeyFormat/length`` + 8 bytes are looked at: anything longer is no key anyway.
    static func bearerKey(_ value: String) -> String? {
        let bytes = Array(value.utf8.prefix(APIKeyFormat.length + 8))
        let scheme = Array("bearer ".utf8)
        // ASCII letters compare without case (`| 0x20` lower-cases them); the space must be a space.
        guard bytes.count > scheme.count, bytes[6] == UInt8(ascii: " "),
              zip(bytes.prefix(6), scheme.prefix(6)).allSatisfy({ $0 | 0x20 == $1 })
        else { return nil }
        var credentials = bytes[scheme.count...]
        while credentials.first == UInt8(ascii: " ") { credentials = credentials.dropFirst() }
        if value.utf8.count > bytes.count { return "" }
        return String(decoding: credentials, as: UTF8.self)
    }

    /// 401 for a header that holds no well-formed key (wrong scheme, length, alphabet or checksum).
    static let malformed = refused(
        "invalid_api_key", "The Authorization header must be \"Bearer\" and an API key (dh_ followed by 49 letters and digits).")

    /// 403 for a `read` key asking to change something.
    static let insufficientScope: APIError = {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer realm=\"devhub\", error=\"insufficient_scope\", scope=\"write\""
        return APIError(.forbidden, code: "insufficient_scope", "This API key may only read; changes need a key with the write scope.", headers: headers)
    }()

    /// 401 with `WWW-Authenticate: Bearer` (RFC 6750).
    static func refused(_ code: String, _ message: String) -> APIError {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer realm=\"devhub\", error=\"invalid_token\""
        return APIError(.unauthorized, code: code, message, headers: headers)
    }
}
