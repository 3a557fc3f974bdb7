import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Requests to GitHub, shared by the Quick Connect prefill, the sync and the OAuth code exchange: one ephemeral
/// URLSession (no cache, no cookies, 10 s per request), GitHub's documented request headers, and its rate-limit answers
/// read in one place.
final class GitHubHTTP: Sendable {
    /// What one conditional GET answered.
    enum Answer: Sendable {
        /// 200: the body and its `ETag`.
        case ok(Data, etag: String?)
        /// 304: unchanged since the ETag sent (GitHub does not count it against the rate limit).
        case notModified
        /// 404: no such user (renamed or deleted), or nothing at that path.
        case notFound
        /// A primary (`x-ratelimit-remaining: 0`) or secondary (`retry-after`) rate limit: ask again after this many seconds.
        case rateLimited(seconds: Int)
        /// Anything else (another status, or GitHub unreachable: status 0).
        case failed(status: Int)
    }

    private let session: URLSession

    init(timeoutSeconds: Double = 10) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.timeoutIntervalForRequest = timeoutSeconds
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// `GET url` with GitHub's headers, the token as `Authorization: Bearer` when given, and `If-None-Match: etag` when
    /// given. `wait` is also reported for a 200 whose `x-ratelimit-remaining` is 0 (the next request would be refused).
    func get(_ url: URL, token: String?, etag: String?) async -> (answer: Answer, exhaustedFor: Int?) {
        var request = URLRequest(url: url)
        request.setValue("devhub", forHTTPHeaderField: "User-Agent")
        request.setValue("application/vnd.github+json", forHTTPHeaderField: "Accept")
        request.setValue("2022-11-28", forHTTPHeaderField: "X-GitHub-Api-Version")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
        let data: Data
        let response: HTTPURLResponse
        do {
            let (body, answer) = try await session.data(for: request)
            guard let http = answer as? HTTPURLResponse else { return (.failed(status: 0), nil) }
            (data, response) = (body, http)
        } catch {
            return (.failed(status: 0), nil)
        }
        let exhausted = response.value(forHTTPHeaderField: "x-ratelimit-remaining") == "0" ? Self.rateLimitWait(response) : nil
        switch response.statusCode {
        case 200: return (.ok(data, etag: response.value(forHTTPHeaderField: "ETag")), exhausted)
        case 304: return (.notModified, exhausted)
        case 404: return (.notFound, nil)
        case 429, 403 where Self.isRateLimited(response): return (.rateLimited(seconds: Self.rateLimitWait(response)), nil)
        default: return (.failed(status: response.statusCode), nil)
        }
    }

    /// `POST url` with a form body and `Accept: application/json` (GitHub's OAuth token exchange); the status and body,
    /// or nil when GitHub cannot be reached.
    func postForm(_ url: URL, _ fields: [(String, String)]) async -> (status: Int, body: Data)? {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("devhub", forHTTPHeaderField: "User-Agent")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        var components = URLComponents()
        components.queryItems = fields.map { URLQueryItem(name: $0.0, value: $0.1) }
        // URLComponents leaves `+` alone; in a form body it would read as a space.
        request.httpBody = Data((components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B").utf8)
        guard let result = try? await session.data(for: request), let http = result.1 as? HTTPURLResponse else { return nil }
        return (http.statusCode, result.0)
    }

    /// GitHub's documented rate-limit answers: 403 or 429 with `x-ratelimit-remaining: 0`, or with `retry-after` (every
    /// 429 is one; a 403 without either is a permission problem, not retried).
    static func isRateLimited(_ response: HTTPURLResponse) -> Bool {
        response.value(forHTTPHeaderField: "x-ratelimit-remaining") == "0" || response.value(forHTTPHeaderField: "retry-after") != nil
    }

    /// Seconds to wait: `retry-after`, else until `x-ratelimit-reset` (epoch seconds), else a minute; at most an hour.
    static func rateLimitWait(_ response: HTTPURLResponse) -> Int {
        if let retry = response.value(forHTTPHeaderField: "retry-after").flatMap(Int.init) { return min(3600, max(1, retry)) }
        if let reset = response.value(forHTTPHeaderField: "x-ratelimit-reset").flatMap(Double.init) {
            return min(3600, max(1, Int((reset - Date().timeIntervalSince1970).rounded(.up))))
        }
        return 60
    }
}
