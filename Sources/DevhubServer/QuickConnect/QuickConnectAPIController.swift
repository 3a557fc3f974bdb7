import DevhubCore
import DevhubSite
import DevhubStore
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/quick-connect` (the owner's codes: create, list, show, change, revoke) and `/api/github/{username}` (the form's
/// prefill, open to visitors, rate limited per address).
struct QuickConnectAPIController {
    let services: AppServices
    var actions: QuickConnectActions { QuickConnectActions(services: services) }

    /// GitHub lookups per client address per minute (on top of the API's own limit).
    static let githubLookupsPerMinute = 30

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.post("quick-connect") { request, context -> Response in
            let userID = try context.requireUser()
            let body = try await RequestBody.json(QuickConnectFields.self, request, context: context)
            let created = try await actions.create(body.value, userID: userID)
            return try JSONResponse.object(actions.json(created.code, token: created.token), status: .created)
        }
        api.get("quick-connect") { _, context -> Response in
            let userID = try context.requireUser()
            let codes = try services.database.quickConnectCodes(userID: userID)
            return try JSONResponse.object(["data": codes.map { actions.json($0) }])
        }
        api.get("quick-connect/:id") { _, context -> Response in
            let userID = try context.requireUser()
            return try JSONResponse.object(actions.json(try actions.code(id: try context.parameters.require("id"), userID: userID)))
        }
        api.patch("quick-connect/:id") { request, context -> Response in
            let userID = try context.requireUser()
            let body = try await RequestBody.json(QuickConnectFields.self, request, context: context)
            let limit: Int?? = body.keys.contains("max_submissions") ? .some(body.value.maxSubmissions) : nil
            let code = try actions.change(
                id: try context.parameters.require("id"), userID: userID, expiresInHours: body.value.expiresInHours, maxSubmissions: limit)
            return try JSONResponse.object(actions.json(code))
        }
        api.delete("quick-connect/:id") { _, context -> Response in
            let userID = try context.requireUser()
            guard let code = try services.database.revokeQuickConnectCode(id: try context.parameters.require("id"), userID: userID) else {
                throw QuickConnectActions.notFound
            }
            return try JSONResponse.object(actions.json(code))
        }
        api.get("github/:username") { request, context -> Response in
            let address = services.clientAddress(request, context)
            if let wait = await services.limiter.hit("github:\(address)", limit: Self.githubLookupsPerMinute, window: 60) {
                throw APIError.tooManyRequests(retryAfter: wait)
            }
            let raw = try context.parameters.require("username")
            let login = try CRMActions(services: services).validate { () throws(CoreError) in
                try ContactFields.githubUsername(raw, field: "username")
            }
            var response: Response
            switch try await services.github.lookup(login) {
            case .found(let user):
                response = try JSONResponse.object(user.json)
            case .notFound:
                response = try APIError(.notFound, code: "not_found", "GitHub has no user named \(login).").response(from: request, context: context)
            case .unavailable(let wait):
                var headers = HTTPFields()
                headers[.retryAfter] = String(wait)
                response = try APIError(
                    .serviceUnavailable, code: "github_unavailable", "GitHub cannot be asked right now; fill in the form by hand.",
                    headers: headers
                ).response(from: request, context: context)
            }
            // The form is served by the CDN on the base URL; it may read this answer.
            response.headers[.accessControlAllowOrigin] = SiteFiles.origin(of: services.settings.baseURL)
            response.headers[.vary] = "Origin"
            return response
        }
    }
}
