import DevhubCore
import DevhubStore
import Foundation
import Logging

/// Runs one `deliver-webhook` job: checks the endpoint's address, signs and POSTs the body, writes the attempt to
/// the delivery log, and tells the worker what to do next. Success is 2xx only; 410 turns the endpoint off; 429 and
/// 503 are retried no sooner than `Retry-After` (at most an hour); a refused address is not retried; anything else
/// (3xx, 4xx, 5xx, timeouts) is retried on the schedule with the same `webhook-id`.
struct WebhookDeliverer {
    let services: AppServices
    let logger: Logger
    var database: AppDatabase { services.database }

    /// The longest `Retry-After` honoured, in seconds.
    static let longestRetryAfter: Int64 = 3600
    /// The `user-agent` header.
    static let userAgent = "Devhub-Webhooks/1.0 (+https://www.standardwebhooks.com/)"

    /// Delivers `job`, this being try number `attempt` of the job (1 for the first).
    func deliver(_ job: WebhookJob, attempt: Int) async throws {
        // Deleted or turned off meanwhile: nothing to send, nothing to retry.
        guard let endpoint = try database.webhookEndpoint(id: job.endpointID), endpoint.enabled, !job.body.isEmpty else { return }
        var secrets = [try services.secretKey.openWebhookSecret(endpoint.secretSealed)]
        if let previous = endpoint.previousSecret(at: database.currentTime()) {
            secrets.append(try services.secretKey.openWebhookSecret(previous))
        }
        let started = ContinuousClock.now
        func record(status: Int?, error: String?) throws {
            let elapsed = ContinuousClock.now - started
            let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
            try database.recordWebhookDelivery(WebhookDeliveryRecord(
                endpointID: endpoint.id, eventType: job.type, messageID: job.messageID, payload: job.body, attempt: attempt,
                statusCode: status, durationMilliseconds: milliseconds, error: error))
        }
        let label = "webhook \(endpoint.id) \(job.type)"

        let target: WebhookTarget
        do {
            target = try await WebhookTarget.resolve(endpoint.url, allowPrivate: services.settings.webhooksAllowPrivate)
        } catch {
            try record(status: nil, error: "refused: \(error.description)")
            throw JobRetryAdvice(.giveUp, "\(label) refused: \(error.description)")
        }
        let timestamp = Int64(Date().timeIntervalSince1970)
        let headers = [
            ("webhook-id", job.messageID), ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", WebhookSecret.header(id: job.messageID, timestamp: timestamp, body: job.body, secrets: secrets)),
            ("content-type", "application/json"), ("user-agent", Self.userAgent),
        ]
        let answer: WebhookSender.Answer
        do {
            answer = try await services.webhookSender.post(target, body: job.body, headers: headers)
        } catch {
            let reason = Self.transportReason(error)
            try record(status: nil, error: reason)
            throw JobRetryAdvice(.schedule, "\(label) failed: \(reason)")
        }

        switch answer.status {
        case 200..<300:
            try record(status: answer.status, error: nil)
            logger.info("webhook delivered", metadata: ["endpoint": "\(endpoint.id)", "type": "\(job.type)", "attempt": "\(attempt)"])
        case 410:
            let reason = "the receiver answered 410 Gone"
            try record(status: 410, error: reason)
            try database.disableWebhookEndpoint(id: endpoint.id, reason: reason)
            throw JobRetryAdvice(.giveUp, "\(label): \(reason); endpoint disabled")
        case 429, 503:
            try record(status: answer.status, error: "the receiver answered \(answer.status)")
            let advice = answer.retryAfterSeconds.map { JobRetryAdvice.Advice.notBefore(milliseconds: min($0, Self.longestRetryAfter) * 1000) } ?? .schedule
            throw JobRetryAdvice(advice, "\(label): the receiver answered \(answer.status)")
        case 300..<400:
            try record(status: answer.status, error: "redirects are not followed")
            throw JobRetryAdvice(.schedule, "\(label): the receiver answered \(answer.status) (redirects are not followed)")
        default:
            try record(status: answer.status, error: "the receiver answered \(answer.status)")
            throw JobRetryAdvice(.schedule, "\(label): the receiver answered \(answer.status)")
        }
    }

    /// A transport error in words, without the URL or the address.
    static func transportReason(_ error: any Error) -> String {
        (error as? WebhookSendError)?.description ?? WebhookTransportFailure(error).reason
    }
}
