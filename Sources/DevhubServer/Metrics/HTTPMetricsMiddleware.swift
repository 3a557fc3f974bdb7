import HTTPTypes
import Hummingbird

/// Counts every request in ``ServerMetrics`` by the route's pattern (`/app/contacts/{id}`, never the path, which may
/// hold tokens), method and status class, with its latency. Requests no route took — the generated site's files and
/// its 404 page — count under the route `static`; requests that reached the router and matched nothing under `unmatched`.
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let response = try await next(request, context)
            record(request, context: context, status: response.status.code, duration: clock.now - started)
            return response
        } catch let error as HTTPResponseError {
            record(request, context: context, status: error.status.code, duration: clock.now - started)
            throw error
        } catch {
            record(request, context: context, status: 500, duration: clock.now - started)
            throw error
        }
    }

    private func record(_ request: Request, context: Context, status: Int, duration: Duration) {
        metrics.request(route: Self.route(context.endpointPath), method: Self.method(request.method), status: status, duration: duration)
    }

    /// The route label: the matched pattern, `unmatched`, or `static`.
    static func route(_ endpointPath: String?) -> String {
        switch endpointPath {
        case nil, "FileMiddleware"?: "static"  // answered by StaticSiteMiddleware (Hummingbird's file server marks its own)
        case "NotFound"?: "unmatched"  // Hummingbird's marker for the router's not-found answer
        case let pattern?: pattern
        }
    }

    /// The method label: one of the standard methods, or `other` (a client may send any token).
    static func method(_ method: HTTPRequest.Method) -> String {
        [.get, .head, .post, .put, .patch, .delete, .options].contains(method) ? method.rawValue : "other"
    }
}
