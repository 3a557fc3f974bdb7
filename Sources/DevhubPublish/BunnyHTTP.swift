import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP answer: the status, the body and the `Retry-After` delay in seconds when there is one.
struct HTTPAnswer: Sendable {
    var status: Int
    var body: Data
    var retryAfter: Double?

    /// `401 Unauthorized` plus the body's `Message` (Bunny's error shape), printable on one line and short.
    var summary: String {
        var text = "\(status) \(HTTPURLResponse.localizedString(forStatusCode: status).capitalized)"
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let message = object["Message"] as? String {
            let clean = String(String.UnicodeScalarView(message.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(200)))
            text += " (\(clean))"
        }
        return text
    }

    var isRetryable: Bool { status == 429 || status >= 500 }
}

/// The HTTP side of publishing: FoundationNetworking's URLSession (already linked by every Foundation program on
/// Linux, so no new dependency), a per-request timeout, and retries with exponential backoff and full jitter on
/// timeouts, dropped connections, 5xx and 429 (honouring `Retry-After`).
final class BunnyHTTP: Sendable {
    private let session: URLSession
    private let timeout: Double
    private let attempts: Int

    init(timeout: Double, connections: Int, attempts: Int = 6) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.httpMaximumConnectionsPerHost = max(1, connections)
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
        self.timeout = timeout
        self.attempts = attempts
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Sends `method url` with `headers` and `body`, retrying what is worth retrying; returns the last answer, or
    /// throws the last transport error (`timed out`, `connection lost`, …) as a one-line string.
    func send(_ method: String, _ url: URL, headers: [String: String], body: Data? = nil) async throws(TransportError) -> HTTPAnswer {
        var lastError = TransportError(message: "not sent")
        for attempt in 0..<attempts {
            var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
            request.httpMethod = method
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            do {
                let (data, response): (Data, URLResponse)
                if let body {
                    request.setValue(String(body.count), forHTTPHeaderField: "Content-Length")
                    (data, response) = try await session.upload(for: request, from: body)
                } else {
                    (data, response) = try await session.data(for: request)
                }
                guard let http = response as? HTTPURLResponse else { throw TransportError(message: "not an HTTP answer") }
                let answer = HTTPAnswer(
                    status: http.statusCode, body: data,
                    retryAfter: (http.value(forHTTPHeaderField: "Retry-After")).flatMap { Double($0.trimmingCharacters(in: .whitespaces)) })
                guard answer.isRetryable, attempt + 1 < attempts else { return answer }
                try? await Task.sleep(for: .seconds(min(60, answer.retryAfter ?? Self.backoff(attempt))))
            } catch let error as TransportError {
                lastError = error
                if attempt + 1 < attempts { try? await Task.sleep(for: .seconds(Self.backoff(attempt))) }
            } catch {
                lastError = TransportError(error)
                if Task.isCancelled { throw lastError }
                if attempt + 1 < attempts { try? await Task.sleep(for: .seconds(Self.backoff(attempt))) }
            }
        }
        throw lastError
    }

    /// Full jitter over 0.25 s doubling per attempt, capped at 8 s.
    static func backoff(_ attempt: Int) -> Double {
        Double.random(in: 0.05...min(8, 0.25 * Double(1 << min(attempt, 10))))
    }
}

/// A request that got no HTTP answer, as one line.
struct TransportError: Error, Sendable, CustomStringConvertible {
    var message: String
    init(message: String) { self.message = message }
    init(_ error: any Error) {
        if let error = error as? URLError {
            switch error.code {
            case .timedOut: message = "timed out"
            case .networkConnectionLost: message = "connection lost"
            case .cannotConnectToHost: message = "cannot connect"
            default: message = "network error \(error.code.rawValue)"
            }
        } else {
            message = "\(type(of: error))"
        }
    }
    var description: String { message }
}
