import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends webhook requests: FoundationNetworking's URLSession with a 15-second limit, no cookies, no cache, and no
/// redirects followed (a 3xx comes back as the answer, which counts as a failure).
final class WebhookSender: Sendable {
    /// The limit on one request, connection to last byte.
    static let timeoutSeconds: Double = 15

    /// One answer: the status and the `Retry-After` delay in seconds when there is one.
    struct Answer: Sendable {
        var status: Int
        var retryAfterSeconds: Int64?
    }

    private let session: URLSession

    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Self.timeoutSeconds
        configuration.timeoutIntervalForResource = Self.timeoutSeconds
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.connectionProxyDictionary = [:]
        session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// POSTs `body` to `target` with `headers`, trying its next checked address when a connection is refused; throws
    /// the last transport error (timeout, refused connection, …).
    func post(_ target: WebhookTarget, body: String, headers: [(String, String)]) async throws -> Answer {
        var lastError: any Error = WebhookSendError(description: "no address to send to")
        for url in target.urls {
            do {
                return try await post(url, hostHeader: target.hostHeader, body: body, headers: headers)
            } catch let error as URLError where error.code == .cannotConnectToHost {
                lastError = error
            }
        }
        throw lastError
    }

    private func post(_ url: URL, hostHeader: String?, body: String, headers: [(String, String)]) async throws -> Answer {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: Self.timeoutSeconds)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let hostHeader { request.setValue(hostHeader, forHTTPHeaderField: "Host") }
        request.httpBody = Data(body.utf8)
        let (_, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw WebhookSendError(description: "the answer was not HTTP") }
        return Answer(status: http.statusCode, retryAfterSeconds: Self.retryAfter(http.value(forHTTPHeaderField: "Retry-After")))
    }

    /// `Retry-After` in seconds (a whole number of seconds, or an HTTP date), nil when absent or unreadable.
    static func retryAfter(_ value: String?) -> Int64? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty, value.utf8.count <= 64 else { return nil }
        if let seconds = Int64(value) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, Int64(date.timeIntervalSinceNow.rounded(.up)))
    }
}

/// A transport failure, in words without addresses.
struct WebhookSendError: Error, CustomStringConvertible {
    var description: String
}

/// Refuses every redirect: the 3xx answer itself is returned.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
