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
    private let collector: AnswerCollector

    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Self.timeoutSeconds
        configuration.timeoutIntervalForResource = Self.timeoutSeconds
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.connectionProxyDictionary = [:]
        collector = AnswerCollector()
        session = URLSession(configuration: configuration, delegate: collector, delegateQueue: nil)
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
        let http = try await collector.run(session.dataTask(with: request))
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

/// The session's delegate: refuses every redirect (the 3xx answer itself is returned), reads no more of an answer's
/// body than ``maximumBodyBytes`` (the status is all that counts; a larger body ends the request, which is then
/// answered with the status already received), and hands each task's answer to the caller waiting for it.
private final class AnswerCollector: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// The most of an answer's body read before the connection is closed.
    static let maximumBodyBytes = 64 * 1024

    private struct Pending {
        var continuation: CheckedContinuation<HTTPURLResponse, any Error>
        var response: HTTPURLResponse?
        var bytes = 0
    }

    /// Waiting callers by task (guarded by `lock`).
    private var pending: [Int: Pending] = [:]
    private let lock = NSLock()

    /// Starts `task` and returns its answer's head once the task ends.
    func run(_ task: URLSessionDataTask) async throws -> HTTPURLResponse {
        try await withCheckedThrowingContinuation { continuation in
            lock.withLock { pending[task.taskIdentifier] = Pending(continuation: continuation) }
            task.resume()
        }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        lock.withLock { pending[dataTask.taskIdentifier]?.response = response as? HTTPURLResponse }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let tooMuch: Bool = lock.withLock {
            pending[dataTask.taskIdentifier]?.bytes += data.count
            return (pending[dataTask.taskIdentifier]?.bytes ?? 0) > Self.maximumBodyBytes
        }
        if tooMuch { finish(dataTask.taskIdentifier, error: nil); dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        finish(task.taskIdentifier, error: error)
    }

    /// Resumes the caller of task `id` once: with the answer's head, or the error (no head: not an HTTP answer).
    private func finish(_ id: Int, error: (any Error)?) {
        guard let entry = lock.withLock({ pending.removeValue(forKey: id) }) else { return }
        if let response = entry.response, error == nil || (error as? URLError)?.code == .cancelled {
            entry.continuation.resume(returning: response)
        } else {
            entry.continuation.resume(throwing: error ?? WebhookSendError(description: "the answer was not HTTP"))
        }
    }
}
