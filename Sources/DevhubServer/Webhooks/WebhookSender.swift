import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Sends webhook requests with AsyncHTTPClient: each attempt connects to one address the SSRF check approved
/// (`dnsOverride` maps the URL's host to it, so no second lookup can move the connection elsewhere) while `Host`, TLS
/// server name and certificate check still use the URL's host. 15 seconds for the whole request, no redirects
/// followed (a 3xx is the answer, which counts as a failure), no proxy, no cookies, at most 64 KiB of an answer read.
final class WebhookSender: Sendable {
    /// The limit on one delivery, first connection to last byte.
    static let timeoutSeconds: Int64 = 15
    /// The most of an answer's body read before the connection is closed (the status is all that counts).
    static let maximumBodyBytes = 64 * 1024

    /// One answer: the status and the `Retry-After` delay in seconds when there is one.
    struct Answer: Sendable {
        var status: Int
        var retryAfterSeconds: Int64?
    }

    private let tlsConfiguration: TLSConfiguration

    /// A sender trusting the system's certificate authorities, plus those in the PEM file `extraTrustRootsFile`
    /// (`--webhooks-ca-file`: a home lab's own authority, or a test's).
    init(extraTrustRootsFile: String? = nil) {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let extraTrustRootsFile { tls.additionalTrustRoots = [.file(extraTrustRootsFile)] }
        tlsConfiguration = tls
    }

    /// POSTs `body` to `target` with `headers`, trying its next checked address when a connection cannot be made;
    /// throws the last transport error (timeout, refused connection, failed handshake, …).
    func post(_ target: WebhookTarget, body: String, headers: [(String, String)]) async throws -> Answer {
        let deadline = NIODeadline.now() + .seconds(Self.timeoutSeconds)
        var lastError: any Error = WebhookSendError(description: "no address to send to")
        for address in target.addresses {
            do {
                return try await post(target, via: address, body: body, headers: headers, deadline: deadline)
            } catch let error where WebhookTransportFailure(error) == .connectionFailed {
                lastError = error
            }
        }
        throw lastError
    }

    private func post(_ target: WebhookTarget, via address: String, body: String, headers: [(String, String)],
                      deadline: NIODeadline) async throws -> Answer {
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tlsConfiguration, redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(Self.timeoutSeconds), read: .seconds(Self.timeoutSeconds)), proxy: nil,
            decompression: .disabled)
        configuration.dnsOverride = [target.host: address]
        // A refused address fails at once (the next one is tried) instead of being retried until the deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 1
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        var request = HTTPClientRequest(url: target.url.absoluteString)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let result: Result<Answer, any Error>
        do {
            let response = try await client.execute(request, deadline: deadline)
            var received = 0
            for try await chunk in response.body {
                received += chunk.readableBytes
                if received > Self.maximumBodyBytes { break }
            }
            result = .success(Answer(status: Int(response.status.code), retryAfterSeconds: Self.retryAfter(response.headers.first(name: "retry-after"))))
        } catch {
            result = .failure(error)
        }
        try? await client.shutdown()
        return try result.get()
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

/// What kind of transport failure an error from a delivery is, for the delivery log (never with an address or URL).
enum WebhookTransportFailure: Equatable {
    case timedOut, connectionFailed, connectionLost, tlsFailed, other

    init(_ error: any Error) {
        switch error {
        case let error as HTTPClientError:
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: self = .timedOut
            case .remoteConnectionClosed, .cancelled: self = .connectionLost
            default: self = .other
            }
        case is NIOConnectionError, is IOError, is SocketAddressError: self = .connectionFailed
        case is NIOSSLError, is BoringSSLError: self = .tlsFailed
        default:
            self = error is NIOSSLExtraError ? .tlsFailed : .other
        }
    }

    /// The words the delivery log shows.
    var reason: String {
        switch self {
        case .timedOut: "no answer within \(WebhookSender.timeoutSeconds) s"
        case .connectionFailed: "the connection could not be made"
        case .connectionLost: "the connection was lost"
        case .tlsFailed: "the TLS handshake failed (certificate not trusted or not for this host)"
        case .other: "the request failed"
        }
    }
}
