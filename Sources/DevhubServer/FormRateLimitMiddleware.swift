import HTTPTypes
import Hummingbird

/// Form posts under `/app/` (log-in, sign-up, forgot, resend, reset, import and every other form): at most `limit`
/// per minute per client address and route, answered beyond with a 429 HTML page and `Retry-After`. Counted before
/// the session is looked up, on the same ``RateLimiter`` as the API's limit (in its own counters). The per-account
/// limits (failed log-ins, mails) live in ``AccountActions`` and apply to the pages and the API alike.
struct FormRateLimitMiddleware: RouterMiddleware {
    let limiter: RateLimiter
    let limit: Int
    let pages: AppPages
    let clientAddress: @Sendable (Request, AppRequestContext) -> String

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        // The route's pattern (`/app/contacts/{id}`), not the path: one counter per form, however many ids are tried.
        let route = context.endpointPath ?? request.uri.path
        guard let wait = await limiter.hit("form:\(route):\(clientAddress(request, context))", limit: limit, window: 60) else {
            return try await next(request, context)
        }
        var response = try pages.message(
            "Too many requests",
            "This form was sent too often from your address. Try again in \(wait) seconds.",
            status: .tooManyRequests)
        response.headers[.retryAfter] = String(wait)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
