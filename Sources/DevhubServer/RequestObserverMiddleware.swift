import Hummingbird
import Logging

/// Times every request once and reports it twice: one log line (method, path — never the query, which may carry
/// tokens — status and duration) and one count in ``ServerMetrics`` (by the route's pattern, see
/// ``HTTPMetricLabels``). Quick Connect tokens and the GitHub usernames visitors look up are cut from the logged path.
/// An error that is not an HTTP answer counts as a 500 in the metrics and is left to the error log.
struct RequestObserverMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let response = try await next(request, context)
            observe(request, context: context, status: response.status.code, duration: clock.now - started, logged: true)
            return response
        } catch let error as HTTPResponseError {
            observe(request, context: context, status: error.status.code, duration: clock.now - started, logged: true)
            throw error
        } catch {
            observe(request, context: context, status: 500, duration: clock.now - started, logged: false)
            throw error
        }
    }

    /// Paths under `/connect/` (a token follows) and `/api/github/` (a visitor's username) end in `…`.
    static func redacted(_ path: String) -> String {
        for prefix in ["/connect/", "/api/github/"] where path.hasPrefix(prefix) { return prefix + "…" }
        return path
    }

    private func observe(_ request: Request, context: Context, status: Int, duration: Duration, logged: Bool) {
        metrics.request(
            route: HTTPMetricLabels.route(context.endpointPath), method: HTTPMetricLabels.method(request.method), status: status,
            duration: duration)
        guard logged else { return }
        context.logger.info("request", metadata: [
            "method": "\(request.method)", "path": "\(Self.redacted(request.uri.path))", "status": "\(status)", "duration": "\(duration)",
        ])
    }
}
