import DevhubCore
import DevhubStore
import Hummingbird

/// GitHub insights and technologies in the JSON API: `/api/insights`, their acknowledgement, and the collaboration
/// matching (`/api/matches`, `/api/contacts/{id}/matches`). Only ever the signed-in owner's rows (someone else's id is 404).
struct InsightsAPIController {
    let services: AppServices
    var database: AppDatabase { services.database }
    var technologies: TechnologyActions { TechnologyActions(database: services.database) }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("insights") { request, context -> Response in
            let userID = try context.requireUser()
            let all = try Self.flag(ListParameters.text(request, "all"), name: "all")
            let paging = try ListParameters.page(request)
            let page = try database.gitHubInsights(
                userID: userID, includeAcknowledged: all, page: PageRequest(page: paging.page, size: paging.size))
            return try JSONResponse.object(CRMJSON.list(page, CRMJSON.insight))
        }
        api.post("insights/:id/acknowledge") { _, context -> Response in
            let userID = try context.requireUser()
            let id = try context.parameters.require("id")
            guard try database.acknowledgeGitHubInsight(userID: userID, id: id), let insight = try database.gitHubInsight(userID: userID, id: id) else {
                throw Self.noSuchInsight
            }
            return try JSONResponse.object(CRMJSON.insight(insight))
        }
        api.get("matches") { request, context -> Response in
            let userID = try context.requireUser()
            let wanted = try CRMActions.technologies(ListParameters.raw(request, "tech") ?? "")
            let paging = try ListParameters.page(request)
            let matches = try technologies.matches(userID: userID, technologies: wanted)
            return try JSONResponse.object(CRMJSON.matches(TechnologyActions.page(matches, page: paging.page, size: paging.size), technologies: wanted))
        }
        api.get("contacts/:id/matches") { request, context -> Response in
            let userID = try context.requireUser()
            let paging = try ListParameters.page(request)
            let stored = try CRMActions(services: services).contact(id: try context.parameters.require("id"), userID: userID)
            let found = try technologies.matches(for: stored, userID: userID)
            return try JSONResponse.object(CRMJSON.matches(
                TechnologyActions.page(found.matches, page: paging.page, size: paging.size), technologies: found.technologies))
        }
    }

    static let noSuchInsight = APIError(.notFound, code: "not_found", "No such insight.")

    /// A boolean query parameter (`true`/`1`, `false`/`0`; absent is false); 422 naming `name` otherwise.
    static func flag(_ raw: String?, name: String) throws -> Bool {
        guard let raw else { return false }
        guard let value = ["true": true, "1": true, "false": false, "0": false][raw] else {
            throw APIError.invalid(CoreError(field: name, "must be true or false"))
        }
        return value
    }
}
