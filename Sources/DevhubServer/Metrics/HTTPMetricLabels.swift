import HTTPTypes

/// The labels a request is counted under in ``ServerMetrics``: the route's pattern (`/app/contacts/{id}`, never the
/// path, which may hold tokens) and the method. Requests no route took — the generated site's files and its 404 page —
/// count under the route `static`; requests that reached the router and matched nothing under `unmatched`.
enum HTTPMetricLabels {
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
