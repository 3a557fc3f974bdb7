import Hummingbird
import Logging

/// Logs one line per request: method, path (never the query, which may carry tokens), status and duration.
/// Quick Connect tokens and the GitHub usernames visitors look up are cut from the path.
struct RequestLoggerMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let response = try await next(request, context)
            log(request, context: context, status: response.status.code, duration: clock.now - started)
            return response
        } catch let error as HTTPResponseError {
            log(request, context: context, status: error.status.code, duration: clock.now - started)
            throw error
        }
    }

    /// Paths under `/connect/` (a token follows) and `/api/github/` (a visitor's username) end in `…`.
    static func redacted(_ path: String) -> String {
        for prefix in ["/connect/", "/api/github/"] where path.hasPrefix(prefix) { return prefix + "…" }
        return path
    }

    private func log(_ request: Request, context: Context, status: Int, duration: Duration) {
        context.logger.info("request", metadata: [
            "method": "\(request.method)", "path": "\(Self.redacted(request.uri.path))", "status": "\(status)", "duration": "\(duration)",
        ])
    }
}
