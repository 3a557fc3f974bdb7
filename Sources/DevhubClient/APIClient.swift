import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The companion server's REST API as the web UI uses it (`/api/…`), authenticated with `Authorization: Bearer`.
/// Every failure is a ``ClientError`` whose kind follows the status: 401/403 auth, 404 not found, 5xx and
/// transport errors server, other 4xx usage.
public final class APIClient: Sendable {
    /// How many pages ``allPages(_:_:query:)`` reads at most (100 items each).
    public static let maxPages = 100

    private let config: ClientConfig
    private let session: URLSession
    private let timeout: Double

    /// A client of `config.url` with `config.token`, each request bounded by `timeout` seconds.
    public init(config: ClientConfig, timeout: Double = 30) {
        self.config = config
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// `text` percent-encoded as one path segment (a `/` in an id cannot reach another route).
    public static func segment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// `METHOD /api/PATH?QUERY` with an optional JSON body; the body of a 2xx answer.
    public func data(_ method: String, _ path: String, query: [URLQueryItem] = [], json body: Data? = nil) async throws(ClientError) -> Data {
        guard var components = URLComponents(string: config.url + "/api/" + path) else {
            throw ClientError(.usage, "cannot build a URL from \(config.url)")
        }
        if !query.isEmpty { components.queryItems = query }
        guard let url = components.url else { throw ClientError(.usage, "cannot build a URL from \(config.url)") }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue("Bearer \(config.token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("devhub-cli", forHTTPHeaderField: "User-Agent")
        let answer: (Data, URLResponse)
        do {
            if let body {
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                answer = try await session.upload(for: request, from: body)
            } else {
                answer = try await session.data(for: request)
            }
        } catch {
            throw ClientError(.server, "cannot reach \(config.url): \(Self.transportMessage(error))")
        }
        guard let http = answer.1 as? HTTPURLResponse else { throw ClientError(.server, "\(config.url) did not answer HTTP") }
        if let kind = ClientError.kind(forStatus: http.statusCode) {
            throw ClientError(kind, Self.failureMessage(status: http.statusCode, body: answer.0))
        }
        return answer.0
    }

    /// `GET /api/PATH` decoded as `Value`, with the raw body.
    public func get<Value: Decodable>(_ type: Value.Type, _ path: String, query: [URLQueryItem] = []) async throws(ClientError) -> (value: Value, raw: Data) {
        let raw = try await data("GET", path, query: query)
        return (try Self.decode(type, raw, path: path), raw)
    }

    /// `METHOD /api/PATH` with `body` as JSON, the answer decoded as `Value`, with the raw body.
    public func send<Body: Encodable, Value: Decodable>(
        _ method: String, _ path: String, _ body: Body, as type: Value.Type
    ) async throws(ClientError) -> (value: Value, raw: Data) {
        let encoded: Data
        do { encoded = try JSONEncoder().encode(body) } catch { throw ClientError(.usage, "cannot encode the request body") }
        let raw = try await data(method, path, json: encoded)
        return (try Self.decode(type, raw, path: path), raw)
    }

    /// Every item of the paged list `GET /api/PATH` (100 per page, at most ``maxPages`` pages), typed and as the
    /// server sent them.
    public func allPages<Item: Decodable & Sendable>(
        _ type: Item.Type, _ path: String, query: [URLQueryItem] = []
    ) async throws(ClientError) -> (items: [Item], raw: [JSONValue]) {
        var items: [Item] = []
        var raw: [JSONValue] = []
        for page in 1...Self.maxPages {
            let body = try await data("GET", path, query: query + [URLQueryItem(name: "page", value: String(page)), URLQueryItem(name: "size", value: "100")])
            let typed = try Self.decode(Page<Item>.self, body, path: path)
            items += typed.data
            raw += try Self.decode(Page<JSONValue>.self, body, path: path).data
            guard let pagination = typed.pagination, pagination.page < pagination.pages, !typed.data.isEmpty else { return (items, raw) }
        }
        throw ClientError(.usage, "more than \(Self.maxPages * 100) entries: narrow the list")
    }

    /// `data` decoded as `Value`, or a server failure naming the route.
    public static func decode<Value: Decodable>(_ type: Value.Type, _ data: Data, path: String) throws(ClientError) -> Value {
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw ClientError(.server, "the answer of /api/\(path) is not the documented JSON")
        }
    }

    /// `not found (404)`, `name: is required (422)`, `the server refused the API key (401): …`.
    static func failureMessage(status: Int, body: Data) -> String {
        let detail = (try? JSONDecoder().decode(APIErrorBody.self, from: body)).map { TerminalText.truncated(TerminalText.clean($0.summary), to: 300) }
        switch status {
        case 404: return "not found (404)"
        case 401: return "the server refused the API key (401)" + (detail.map { ": \($0)" } ?? "; run `devhub login` again")
        case 403: return "forbidden (403)" + (detail.map { ": \($0)" } ?? "")
        case 500...: return "server error (\(status))" + (detail.map { ": \($0)" } ?? "")
        default: return "\(detail ?? HTTPURLResponse.localizedString(forStatusCode: status)) (\(status))"
        }
    }

    private static func transportMessage(_ error: any Error) -> String {
        guard let error = error as? URLError else { return "\(type(of: error))" }
        switch error.code {
        case .timedOut: return "timed out"
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost, .dnsLookupFailed: return "unknown host"
        case .networkConnectionLost: return "connection lost"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid:
            return "TLS failed"
        default: return "network error \(error.code.rawValue)"
        }
    }
}
