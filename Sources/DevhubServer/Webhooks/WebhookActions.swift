import DevhubCore
import DevhubSite
import DevhubStore
import Foundation

/// What the webhook API and pages share: checks that turn bad input into 422s naming the field, the per-owner cap,
/// sealing secrets, and "not found" for anything that is not the signed-in owner's.
struct WebhookActions {
    let services: AppServices
    var database: AppDatabase { services.database }

    /// Endpoints per owner.
    static let maximumEndpoints = 20
    /// How long the previous secret keeps signing after a rotation.
    static let rotationOverlapMilliseconds: Int64 = 24 * 3_600_000

    static let notFound = APIError(.notFound, code: "not_found", "No such webhook endpoint.")
    static let deliveryNotFound = APIError(.notFound, code: "not_found", "No such delivery.")

    /// The fields checked, and the URL's host resolved and checked against the address rules (422 naming `url`).
    func validated(url: String, events: [String], description: String?) async throws -> WebhookEndpointFields {
        let fields = try CRMActions(services: services).validate { () throws(CoreError) in
            try WebhookEndpointFields(url: url, events: events, description: description)
        }
        try await checkAddress(fields.url)
        return fields
    }

    /// 422 naming `url` when its host does not resolve or resolves to a refused address.
    func checkAddress(_ url: String) async throws {
        do {
            _ = try await WebhookTarget.resolve(url, allowPrivate: services.settings.webhooksAllowPrivate)
        } catch {
            throw APIError.invalid(CoreError(field: "url", "is refused: \(error.description)"))
        }
    }

    /// Adds an endpoint; returns it with its new secret (shown once). 409 past ``maximumEndpoints``.
    func create(url: String, events: [String], description: String?, userID: String) async throws -> (endpoint: StoredWebhookEndpoint, secret: String) {
        let fields = try await validated(url: url, events: events, description: description)
        let secret = WebhookSecret.generate()
        guard let endpoint = try database.createWebhookEndpoint(
            fields, secretSealed: try services.secretKey.sealWebhookSecret(secret), userID: userID, limit: Self.maximumEndpoints)
        else {
            throw APIError(.conflict, code: "too_many_endpoints", "An account has at most \(Self.maximumEndpoints) webhook endpoints; delete one first.")
        }
        return (endpoint, secret)
    }

    /// The owner's endpoint, or 404.
    func endpoint(id: String, userID: String) throws -> StoredWebhookEndpoint {
        guard let endpoint = try database.webhookEndpoint(id: id, userID: userID) else { throw Self.notFound }
        return endpoint
    }

    /// Changes the given fields of the owner's endpoint (nil: unchanged), or 404.
    func update(id: String, userID: String, url: String?, events: [String]?, description: String?, enabled: Bool?) async throws -> StoredWebhookEndpoint {
        var endpoint = try endpoint(id: id, userID: userID)
        let actions = CRMActions(services: services)
        if let url {
            endpoint.url = try actions.validate { () throws(CoreError) in try WebhookEndpointFields.validatedURL(url) }
            try await checkAddress(endpoint.url)
        }
        if let events { endpoint.events = try actions.validate { () throws(CoreError) in try WebhookEventType.validatedList(events) } }
        if let description {
            endpoint.description = try actions.validate { () throws(CoreError) in try WebhookEndpointFields.validatedDescription(description) }
        }
        if let enabled { endpoint.enabled = enabled }
        guard let saved = try database.updateWebhookEndpoint(endpoint, userID: userID) else { throw Self.notFound }
        return saved
    }

    /// A new secret for the owner's endpoint (returned once); the old one signs too for 24 hours. 404 when not theirs.
    func rotate(id: String, userID: String) throws -> (endpoint: StoredWebhookEndpoint, secret: String) {
        let secret = WebhookSecret.generate()
        guard let endpoint = try database.rotateWebhookSecret(
            id: id, userID: userID, secretSealed: try services.secretKey.sealWebhookSecret(secret), overlapMilliseconds: Self.rotationOverlapMilliseconds)
        else { throw Self.notFound }
        return (endpoint, secret)
    }

    /// Deletes the owner's endpoint with its log, or 404.
    func delete(id: String, userID: String) throws {
        guard try database.deleteWebhookEndpoint(id: id, userID: userID) else { throw Self.notFound }
    }

    /// Queues a `webhook.test` message for the owner's endpoint (even a disabled one is refused: 409).
    func sendTest(id: String, userID: String) throws {
        let endpoint = try endpoint(id: id, userID: userID)
        guard endpoint.enabled else { throw Self.disabled }
        let data = WebhookEvent.TestData(endpointID: endpoint.id, message: "A test event from Devhub: your endpoint receives and verifies webhooks.")
        services.webhooks.emit(.test(data), userID: userID, only: endpoint)
    }

    /// Queues the logged message `deliveryID` again, with its `webhook-id` and body, or 404; 409 for a disabled endpoint.
    func resend(deliveryID: String, endpointID: String, userID: String) throws {
        let endpoint = try endpoint(id: endpointID, userID: userID)
        guard let delivery = try database.webhookDelivery(id: deliveryID, endpointID: endpointID, userID: userID) else { throw Self.deliveryNotFound }
        guard endpoint.enabled else { throw Self.disabled }
        try database.enqueueWebhookDeliveries([WebhookJob(
            endpointID: endpoint.id, userID: userID, messageID: delivery.messageID, type: delivery.eventType, body: delivery.payload)])
    }

    static let disabled = APIError(.conflict, code: "endpoint_disabled", "This endpoint is disabled; enable it first.")

    /// The owner's endpoint's delivery log, or 404.
    func deliveries(endpointID: String, userID: String) throws -> [WebhookDeliveryRecord] {
        guard let deliveries = try database.webhookDeliveries(endpointID: endpointID, userID: userID) else { throw Self.notFound }
        return deliveries
    }
}
