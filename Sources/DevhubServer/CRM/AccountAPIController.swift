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
        var githubSync: Bool?
        enum CodingKeys: String, CodingKey {
            case timeZone = "time_zone", digestHour = "digest_hour", digestEnabled = "digest_enabled", githubSync = "github_sync"
        }
    }

    struct Password: Decodable { var password: String }

    static func json(_ settings: OwnerSettings, githubSync: Bool) -> [String: Any] {
        [
            "email": settings.email, "verified": settings.verified, "time_zone": settings.timeZone,
            "digest_hour": settings.digestHour, "digest_enabled": settings.digestEnabled, "github_sync": githubSync,
        ]
    }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("settings") { _, context -> Response in
            let userID = try context.requireUser()
            guard let settings = try services.database.ownerSettings(userID: userID) else { throw APIError.unauthorized }
            return try JSONResponse.object(Self.json(settings, githubSync: try services.database.gitHubAccount(userID: userID).syncEnabled))
        }
        api.put("settings") { request, context -> Response in
            let userID = try context.requireUser()
            let body = try await RequestBody.json(Settings.self, request, context: context).value
            let saved = try actions.updateSettings(
                userID: userID, timeZone: body.timeZone, digestHour: body.digestHour, digestEnabled: body.digestEnabled, githubSync: body.githubSync)
            return try JSONResponse.object(Self.json(saved, githubSync: try services.database.gitHubAccount(userID: userID).syncEnabled))
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
