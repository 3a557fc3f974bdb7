import DevhubStore
import Hummingbird

/// `/api/settings` (time zone, digest hour) and `DELETE /api/account`.
struct AccountAPIController {
    let services: AppServices
    var actions: AccountActions { AccountActions(services: services) }

    struct Settings: Decodable {
        var timeZone: String?
        var digestHour: Int?
        var digestEnabled: Bool?
        enum CodingKeys: String, CodingKey { case timeZone = "time_zone", digestHour = "digest_hour", digestEnabled = "digest_enabled" }
    }

    struct Password: Decodable { var password: String }

    static func json(_ settings: OwnerSettings) -> [String: Any] {
        [
            "email": settings.email, "verified": settings.verified, "time_zone": settings.timeZone,
            "digest_hour": settings.digestHour, "digest_enabled": settings.digestEnabled,
        ]
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("settings") { _, context -> Response in
            let userID = try context.requireUser()
            guard let settings = try services.database.ownerSettings(userID: userID) else { throw APIError.unauthorized }
            return try JSONResponse.object(Self.json(settings))
        }
        api.put("settings") { request, context -> Response in
            let userID = try context.requireUser()
            let body = try await RequestBody.json(Settings.self, request, context: context).value
            let saved = try actions.updateSettings(userID: userID, timeZone: body.timeZone, digestHour: body.digestHour, digestEnabled: body.digestEnabled)
            return try JSONResponse.object(Self.json(saved))
        }
        api.delete("account") { request, context -> Response in
            let userID = try context.requireUser()
            let body = try await RequestBody.json(Password.self, request, context: context).value
            try await actions.deleteAccount(userID: userID, password: body.password)
            var response = Response(status: .noContent)
            response.setCookie(services.expiredSessionCookie())
            return response
        }
    }
}
