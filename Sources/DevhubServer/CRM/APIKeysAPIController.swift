import DevhubCore
import DevhubStore
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/keys`: the owner's API keys. Listing and revoking work with a session or a key (a `write` key may revoke,
/// itself included); creating one needs a browser session (403 `session_required` with a key).
struct APIKeysAPIController {
    let services: AppServices
    var actions: APIKeyActions { APIKeyActions(services: services) }

    struct NewKey: Decodable {
        var name: String?
        var scopes: [String]?
        var expiresInDays: Int?
        enum CodingKeys: String, CodingKey { case name, scopes, expiresInDays = "expires_in_days" }

        /// `expires_in_days` is read as a number first: Foundation on Linux reports `1.5` for an `Int` as malformed
        /// JSON without naming the field, and the answer must name it.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            scopes = try container.decodeIfPresent([String].self, forKey: .scopes)
            guard let days = try container.decodeIfPresent(Double.self, forKey: .expiresInDays) else { return }
            guard days == days.rounded(), abs(days) <= 1_000_000 else {
                throw APIError.invalid(CoreError(field: "expires_in_days", "must be a whole number of days from 1 to \(APIKeySpec.maxExpiryDays), or null for no expiry"))
            }
            expiresInDays = Int(days)
        }
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("keys") { request, context -> Response in
            let userID = try context.requireUser()
            let paging = try ListParameters.page(request, defaultSize: 100)
            let keys = try services.database.apiKeys(userID: userID)
            let slice = Array(keys.dropFirst((paging.page - 1) * paging.size).prefix(paging.size))
            return try JSONResponse.object(CRMJSON.list(PageOf(items: slice, page: paging.page, size: paging.size, total: keys.count), APIKeyActions.json))
        }
        api.post("keys") { request, context -> Response in
            let userID = try context.requireUser()
            guard context.apiKey == nil else { throw APIKeyActions.sessionRequired }
            let body = try await RequestBody.json(NewKey.self, request, context: context).value
            let created = try actions.create(name: body.name, scopes: body.scopes, expiresInDays: body.expiresInDays, userID: userID)
            var json = APIKeyActions.json(created.stored)
            json["key"] = created.key
            var response = try JSONResponse.object(json, status: .created)
            response.headers[.cacheControl] = "no-store"
            return response
        }
        api.delete("keys/:id") { _, context -> Response in
            let userID = try context.requireUser()
            try actions.revoke(id: try context.parameters.require("id"), userID: userID)
            return Response(status: .noContent)
        }
    }
}
