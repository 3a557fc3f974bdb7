import DevhubCore
import DevhubStore
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/webhooks…`: the owner's outgoing webhook endpoints, their secrets (shown at creation and rotation only),
/// their delivery logs, "send again" and a test event. Someone else's endpoint is 404.
struct WebhookAPIController {
    let services: AppServices
    var actions: WebhookActions { WebhookActions(services: services) }

    struct CreateBody: Decodable {
        var url: String
        var events: [String]
        var description: String?
    }

    struct UpdateBody: Decodable {
        var url: String?
        var events: [String]?
        var description: String?
        var enabled: Bool?
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("webhooks") { _, context -> Response in
            let userID = try context.requireUser()
            let now = services.database.currentTime()
            return try JSONResponse.encode(WebhookJSON.List(items: try services.database.webhookEndpoints(userID: userID).map {
                WebhookJSON.Endpoint($0, now: now)
            }))
        }
        api.post("webhooks") { request, context -> Response in
            let userID = try context.requireUser()
            let body = try await RequestBody.json(CreateBody.self, request, context: context).value
            let created = try await actions.create(url: body.url, events: body.events, description: body.description, userID: userID)
            return try JSONResponse.encode(
                WebhookJSON.Endpoint(created.endpoint, secret: created.secret, now: services.database.currentTime()), status: .created)
        }
        api.get("webhooks/:id") { _, context -> Response in
            let userID = try context.requireUser()
            let endpoint = try actions.endpoint(id: try context.parameters.require("id"), userID: userID)
            return try JSONResponse.encode(WebhookJSON.Endpoint(endpoint, now: services.database.currentTime()))
        }
        api.patch("webhooks/:id") { request, context -> Response in
            let userID = try context.requireUser()
            let id = try context.parameters.require("id")
            _ = try actions.endpoint(id: id, userID: userID)
            let body = try await RequestBody.json(UpdateBody.self, request, context: context).value
            let saved = try await actions.update(
                id: id, userID: userID, url: body.url, events: body.events, description: body.description, enabled: body.enabled)
            return try JSONResponse.encode(WebhookJSON.Endpoint(saved, now: services.database.currentTime()))
        }
        api.delete("webhooks/:id") { _, context -> Response in
            let userID = try context.requireUser()
            try actions.delete(id: try context.parameters.require("id"), userID: userID)
            return Response(status: .noContent)
        }
        api.post("webhooks/:id/rotate-secret") { _, context -> Response in
            let userID = try context.requireUser()
            let rotated = try actions.rotate(id: try context.parameters.require("id"), userID: userID)
            return try JSONResponse.encode(WebhookJSON.Endpoint(rotated.endpoint, secret: rotated.secret, now: services.database.currentTime()))
        }
        api.post("webhooks/:id/test") { _, context -> Response in
            let userID = try context.requireUser()
            try actions.sendTest(id: try context.parameters.require("id"), userID: userID)
            return try JSONResponse.object(["queued": true], status: .accepted)
        }
        api.get("webhooks/:id/deliveries") { _, context -> Response in
            let userID = try context.requireUser()
            let deliveries = try actions.deliveries(endpointID: try context.parameters.require("id"), userID: userID)
            return try JSONResponse.encode(WebhookJSON.List(items: deliveries.map(WebhookJSON.Delivery.init)))
        }
        api.post("webhooks/:id/deliveries/:delivery_id/resend") { _, context -> Response in
            let userID = try context.requireUser()
            try actions.resend(
                deliveryID: try context.parameters.require("delivery_id"), endpointID: try context.parameters.require("id"), userID: userID)
            return try JSONResponse.object(["queued": true], status: .accepted)
        }
    }
}
