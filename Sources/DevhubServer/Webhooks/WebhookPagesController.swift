import DevhubCore
import DevhubSite
import DevhubStore
import Foundation
import HTTPTypes
import Hummingbird

/// The owner's webhook pages under `/app/settings/webhooks`: the list with the add form (a new or rotated secret is
/// shown once, on the page that answers the post), rotate, delete, "send test", and one endpoint's delivery log with
/// "send again".
struct WebhookPagesController {
    let services: AppServices
    var actions: WebhookActions { WebhookActions(services: services) }

    func addRoutes(to app: RouterGroup<AppRequestContext>) {
        app.get("settings/webhooks") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            return try listPage(userID: userID)
        }
        app.post("settings/webhooks") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let pairs = try await FormBody.pairs(request, context: context)
            let form = Dictionary(pairs.map { ($0.key, $0.value) }) { _, last in last }
            let events = pairs.filter { $0.key == "events" }.map(\.value)
            do {
                let created = try await actions.create(url: form["url"] ?? "", events: events, description: form["description"], userID: userID)
                return try listPage(userID: userID, secret: (created.endpoint, created.secret), notice: "Endpoint added.")
            } catch let error as APIError where error.status != .notFound {
                return try listPage(userID: userID, form: form, events: Set(events), error: error)
            }
        }
        app.post("settings/webhooks/:id/rotate") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let rotated = try actions.rotate(id: try context.parameters.require("id"), userID: userID)
            return try listPage(userID: userID, secret: (rotated.endpoint, rotated.secret),
                                notice: "New secret made; the old one also signs for 24 hours.")
        }
        app.post("settings/webhooks/:id/delete") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            try actions.delete(id: try context.parameters.require("id"), userID: userID)
            return try listPage(userID: userID, notice: "Endpoint deleted.")
        }
        app.post("settings/webhooks/:id/enable") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let id = try context.parameters.require("id")
            _ = try await actions.update(id: id, userID: userID, url: nil, events: nil, description: nil, enabled: true)
            return try listPage(userID: userID, notice: "Endpoint enabled.")
        }
        app.post("settings/webhooks/:id/test") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let id = try context.parameters.require("id")
            do {
                try actions.sendTest(id: id, userID: userID)
                return try logPage(endpointID: id, userID: userID, notice: "Test event queued.")
            } catch let error as APIError where error.status == .conflict {
                return try logPage(endpointID: id, userID: userID, error: error)
            }
        }
        app.get("settings/webhooks/:id") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            return try logPage(endpointID: try context.parameters.require("id"), userID: userID)
        }
        app.post("settings/webhooks/:id/deliveries/:delivery_id/resend") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let id = try context.parameters.require("id")
            do {
                try actions.resend(deliveryID: try context.parameters.require("delivery_id"), endpointID: id, userID: userID)
                return try logPage(endpointID: id, userID: userID, notice: "Queued to be sent again.")
            } catch let error as APIError where error.status == .conflict {
                return try logPage(endpointID: id, userID: userID, error: error)
            }
        }
    }

    private func listPage(
        userID: String, secret: (endpoint: StoredWebhookEndpoint, secret: String)? = nil, notice: String? = nil, form: [String: String] = [:],
        events: Set<String> = [], error: APIError? = nil
    ) throws -> Response {
        var values = try services.accountValues(userID, active: "settings")
        values["endpoints"] = try services.database.webhookEndpoints(userID: userID).map { endpoint -> [String: Any] in
            var item: [String: Any] = [
                "id": endpoint.id, "url": endpoint.url, "description": endpoint.description,
                "events": endpoint.events.map(\.rawValue).joined(separator: ", "),
            ]
            if endpoint.enabled { item["enabled"] = true }
            if let reason = endpoint.disabledReason { item["disabled_reason"] = reason }
            return item
        }
        values["event_choices"] = WebhookEventType.subscribable.map { type -> [String: Any] in
            var choice: [String: Any] = ["name": type.rawValue, "key": type.rawValue.replacingOccurrences(of: ".", with: "-")]
            if events.contains(type.rawValue) || (events.isEmpty && error == nil) { choice["checked"] = true }
            return choice
        }
        values["value_url"] = form["url"]
        values["value_description"] = form["description"]
        values["maximum"] = WebhookActions.maximumEndpoints
        if let secret {
            values["new_secret"] = secret.secret
            values["new_secret_url"] = secret.endpoint.url
        }
        values["notice"] = notice
        if let error { values.merge(AppPages.errorValues(error)) { _, new in new } }
        return try services.pages.render("webhooks", title: "Webhooks", status: error?.status ?? .ok, values)
    }

    private func logPage(endpointID: String, userID: String, notice: String? = nil, error: APIError? = nil) throws -> Response {
        let endpoint = try actions.endpoint(id: endpointID, userID: userID)
        var values = try services.accountValues(userID, active: "settings")
        values["endpoint_id"] = endpoint.id
        values["url"] = endpoint.url
        values["description"] = endpoint.description
        values["events"] = endpoint.events.map(\.rawValue).joined(separator: ", ")
        if endpoint.enabled { values["enabled"] = true }
        values["disabled_reason"] = endpoint.disabledReason
        values["deliveries"] = try actions.deliveries(endpointID: endpoint.id, userID: userID).map { delivery -> [String: Any] in
            [
                "delivery_id": delivery.id, "time": Timestamp.readableDateTime(delivery.createdAt), "event": delivery.eventType,
                "status": delivery.statusCode.map(String.init) ?? "—", "duration": "\(delivery.durationMilliseconds) ms",
                "attempt": delivery.attempt, "error": delivery.error ?? "", "outcome": delivery.succeeded ? "delivered" : "failed",
            ]
        }
        values["notice"] = notice
        if let error { values.merge(AppPages.errorValues(error)) { _, new in new } }
        return try services.pages.render("webhook", title: "Webhook deliveries", status: error?.status ?? .ok, values)
    }
}
