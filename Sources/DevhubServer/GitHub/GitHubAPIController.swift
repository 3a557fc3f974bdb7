import DevhubStore
import Hummingbird

/// `PUT`/`DELETE /api/github/token` (a pasted token; disconnecting either kind) and `POST /api/github/sync`.
struct GitHubAPIController {
    let services: AppServices
    var actions: GitHubActions { GitHubActions(services: services) }

    struct TokenBody: Decodable { var token: String }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.put("github/token") { request, context -> Response in
            let userID = try context.requireUser()
            let body = try await RequestBody.json(TokenBody.self, request, context: context).value
            try actions.connect(userID: userID, token: try GitHubActions.validToken(body.token), kind: .personalAccessToken)
            return try JSONResponse.object(try actions.status(userID: userID))
        }
        api.delete("github/token") { _, context -> Response in
            let userID = try context.requireUser()
            try services.database.deleteGitHubToken(userID: userID)
            return Response(status: .noContent)
        }
        api.post("github/sync") { _, context -> Response in
            let userID = try context.requireUser()
            try actions.syncNow(userID: userID)
            return try JSONResponse.object(["status": "queued"], status: .accepted)
        }
    }
}
