import DevhubStore
import HTTPTypes
import Hummingbird

/// Resolves the session cookie to the signed-in account (``AppRequestContext/userID``); a request already
/// authenticated by an API key keeps its key's account.
struct SessionMiddleware: RouterMiddleware {
    let database: AppDatabase
    let cookieName: String
    let policy: SessionPolicy

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        if context.apiKey == nil, let token = request.cookies[cookieName]?.value, !token.isEmpty, token.utf8.count <= 128,
           let userID = try database.sessionUser(token: token, policy: policy)
        {
            context.userID = userID
            context.sessionToken = token
        }
        return try await next(request, context)
    }
}

/// Refuses cross-site unsafe requests that carry a session cookie: the browser's `Sec-Fetch-Site` must say
/// same-origin (or none: typed by the user), or, when a browser does not send it, `Origin` must be the app's.
struct CSRFMiddleware: RouterMiddleware {
    let appOrigin: String
    let cookieName: String

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        let safe: Set<HTTPRequest.Method> = [.get, .head, .options]
        guard !safe.contains(request.method), !request.uri.path.hasPrefix("/hooks/"),
              request.cookies[cookieName] != nil
        else { return try await next(request, context) }
        if let site = request.headers[.secFetchSite] {
            guard site == "same-origin" || site == "none" else { throw Self.refused }
        } else if let origin = request.headers[.origin] {
            guard origin == appOrigin else { throw Self.refused }
        }
        return try await next(request, context)
    }

    static let refused = APIError(.forbidden, code: "cross_site_request", "Cross-site requests are refused.")
}

extension HTTPField.Name {
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}

/// 100 API requests per minute per client address (by default), answered 429 with `Retry-After` beyond.
struct RateLimitMiddleware: RouterMiddleware {
    let limiter: RateLimiter
    let limit: Int
    let clientAddress: @Sendable (Request, AppRequestContext) -> String

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        if let wait = await limiter.hit("api:\(clientAddress(request, context))", limit: limit, window: 60) {
            throw APIError.tooManyRequests(retryAfter: wait)
        }
        return try await next(request, context)
    }
}
