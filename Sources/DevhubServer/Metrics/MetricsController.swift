import DevhubStore
import HTTPTypes
import Hummingbird

/// `GET /metrics`: ``ServerMetrics`` in the Prometheus text format, for loopback clients and holders of the metrics
/// token only (anyone else gets 403 in the API's error shape). Behind a trusted proxy the client is the address the
/// proxy forwarded — and a request through the proxy that forwards none is refused — so a reverse proxy on the same
/// machine does not open the metrics to the internet. Answers on every host, like `/healthz`.
struct MetricsController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("metrics") { request, context -> Response in
            guard Self.allows(request, peer: context.remoteAddress?.ipAddress, settings: services.settings) else {
                throw APIError(.forbidden, code: "forbidden", "Metrics are served to loopback clients, or with the metrics bearer token.")
            }
            let database = services.database
            let body = services.metrics.exposition(
                queueDepth: try? database.pendingJobCount(excluding: [.cleanup, .digestSweep]), deadJobs: try? database.deadJobCount())
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }

    /// Whether the request may read the metrics: it carries the token, or its client is on this machine.
    static func allows(_ request: Request, peer: String?, settings: ServerSettings) -> Bool {
        if let token = settings.metricsToken, BearerToken.matches(request, token) { return true }
        guard let peer else { return false }
        guard settings.trustedProxies.contains(peer) else { return isLoopback(peer) }
        // Through the proxy: the client is the address it forwarded; without one the client is unknown.
        return AppServices.forwardedAddress(request).map(isLoopback) ?? false
    }

    /// An address in 127.0.0.0/8 (also IPv4-mapped, `::ffff:127.0.0.1`) or `::1`.
    static func isLoopback(_ address: String) -> Bool {
        let lowered = address.lowercased()
        let unmapped = lowered.hasPrefix("::ffff:") ? String(lowered.dropFirst(7)) : lowered
        return unmapped != "localhost" && HostRouting.isLoopback(unmapped)
    }
}
