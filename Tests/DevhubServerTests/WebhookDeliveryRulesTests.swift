import DevhubCore
@testable import DevhubServer
import DevhubStore
import Foundation
import GRDB
import Testing

/// Webhook pieces in process: the signature against the Standard Webhooks test vector, `Retry-After`, where a
/// target connects, the worker obeying a job's retry advice, and sealed secrets.
@Suite("Webhooks: signing, targets, retry advice")
struct WebhookDeliveryRulesTests {
    @Test("the signature matches the Standard Webhooks reference vector; a rotation lists both")
    func signatureVector() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
        let signature = WebhookSecret.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: #"{"test": 2432232314}"#, secret: secret)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        let fresh = WebhookSecret.generate()
        #expect(fresh.hasPrefix("whsec_") && Data(base64Encoded: String(fresh.dropFirst(6)))?.count == 24)
        let header = WebhookSecret.header(id: "msg_1", timestamp: 1, body: "{}", secrets: [fresh, secret])
        #expect(header.split(separator: " ").count == 2 && header.hasPrefix("v1,"))
        #expect(WebhookSecret.signature(id: "m", timestamp: 1, body: "{}", secret: "not-a-secret") == nil)
    }

    @Test("Retry-After in seconds or as an HTTP date; garbage is ignored")
    func retryAfter() {
        #expect(WebhookSender.retryAfter("2") == 2)
        #expect(WebhookSender.retryAfter(" 120 ") == 120)
        #expect(WebhookSender.retryAfter("-5") == 0)
        #expect(WebhookSender.retryAfter("soon") == nil)
        #expect(WebhookSender.retryAfter(nil) == nil)
        #expect(WebhookSender.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == 0, "a date in the past: retry now")
    }

    @Test("a target keeps the URL and its host and lists the checked addresses, IPv4 first; refusals name no address")
    func targets() async throws {
        let local = try await WebhookTarget.resolve("http://localhost:8081/hook?x=1", allowPrivate: true)
        #expect(local.host == "localhost" && local.url.absoluteString == "http://localhost:8081/hook?x=1")
        #expect(local.addresses.first == "127.0.0.1", "\(local.addresses)")
        #expect(local.addresses.allSatisfy { $0 == "127.0.0.1" || $0 == "::1" }, "\(local.addresses)")
        let literal = try await WebhookTarget.resolve("https://[::1]:8443/hook", allowPrivate: true)
        #expect(literal.host == "::1" && literal.addresses == ["::1"])
        do {
            _ = try await WebhookTarget.resolve("http://localhost:8081/", allowPrivate: false)
            Issue.record("localhost was not refused")
        } catch {
            #expect(error.description.contains("loopback") && !error.description.contains("127.0.0.1"), "\(error)")
        }
        await #expect(throws: WebhookTarget.Refusal.self) { try await WebhookTarget.resolve("http://169.254.169.254/", allowPrivate: true) }
        await #expect(throws: WebhookTarget.Refusal.self) { try await WebhookTarget.resolve("http://no-such-host.invalid/", allowPrivate: true) }
    }

    @Test("the worker obeys a job's retry advice: give up at once, or not before the delay asked for")
    func retryAdvice() async throws {
        let (database, folder) = try JobWorkerTests.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        try database.enqueueJob(.sampleWebhookDelivery)
        let gaveUp = try await JobWorkerTests.runWorker(
            database, schedule: RetrySchedule(waits: [0, 0, 0], jitter: 0),
            handler: { _ in throw JobRetryAdvice(.giveUp, "refused") },
            until: { try database.deadJobCount() == 1 })
        #expect(gaveUp)
        #expect(try JobWorkerTests.count(database, "SELECT attempts FROM jobs WHERE state = 'dead'") == 1, "retried despite giving up")

        try database.enqueueJob(.sampleWebhookDelivery)
        let delayed = try await JobWorkerTests.runWorker(
            database, schedule: RetrySchedule(waits: [0, 0, 0], jitter: 0),
            handler: { _ in throw JobRetryAdvice(.notBefore(milliseconds: 3_600_000), "throttled") },
            until: { try JobWorkerTests.count(database, "SELECT count(*) FROM jobs WHERE state = 'pending' AND last_error = 'throttled'") == 1 })
        #expect(delayed)
        let wait = try JobWorkerTests.count(database, "SELECT run_at - last_attempt_at FROM jobs WHERE state = 'pending' AND last_error = 'throttled'")
        #expect(wait >= 3_600_000, "the retry is \(wait) ms after the attempt, sooner than Retry-After asked")
    }

    @Test("a secret sealed under one key opens under it only")
    func sealing() throws {
        let key = ServerSecretKey.random()
        let sealed = try key.sealWebhookSecret("whsec_abc")
        #expect(!sealed.contains("whsec_abc"))
        #expect(try key.openWebhookSecret(sealed) == "whsec_abc")
        #expect(throws: (any Error).self) { try ServerSecretKey.random().openWebhookSecret(sealed) }
    }
}

extension JobPayload {
    /// A one-off delivery job; the test supplies the handler, so nothing is sent.
    static var sampleWebhookDelivery: JobPayload { .deliverWebhook(WebhookJob(endpointID: "e", userID: "u", messageID: "msg_1", type: "contact.created", body: "{}")) }
}
