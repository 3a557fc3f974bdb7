import Hummingbird
import Logging

/// Logs one line per request: method, path (never the query, which may carry tokens), status and a request id.
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

    private func log(_ request: Request, context: Context, status: Int, duration: Duration) {
        context.logger.info("request", metadata: [
            "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(status)", "duration": "\(duration)",
        ])
    }
}
