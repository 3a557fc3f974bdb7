import DevhubCore
import DevhubStore
import HTTPTypes
import Hummingbird

/// The tech-stack page `/app/network` (chart, table and the "who could help with…" form) and the acknowledge form of
/// GitHub insights. Plain forms, no JavaScript; only the signed-in owner's rows.
struct NetworkPagesController {
    let services: AppServices
    var database: AppDatabase { services.database }
    var pages: AppPages { services.pages }

    func addRoutes(to app: RouterGroup<AppRequestContext>) {
        app.get("network") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            var values = try services.accountValues(userID, active: "network")
            let network = try database.networkTechnologies(userID: userID)
            if !network.isEmpty { values["chart"] = GitHubPageValues.chart(network) }
            var status = HTTPResponse.Status.ok
            if let raw = ListParameters.text(request, "tech") {
                values["tech"] = raw
                do {
                    let wanted = try CRMActions.technologies(TechnologyName.tidied(raw))
                    let matches = try TechnologyActions(database: database).matches(userID: userID, technologies: wanted)
                    values["searched"] = wanted.joined(separator: " + ")
                    values["matches"] = matches.prefix(50).map(GitHubPageValues.match)
                    if matches.isEmpty { values["no_matches"] = true }
                } catch let error as APIError {
                    values.merge(AppPages.errorValues(error)) { _, new in new }
                    status = error.status
                }
            }
            return try pages.render("network", title: "Your network's tech stack", status: status, values)
        }
        app.post("insights/:id/acknowledge") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let id = try context.parameters.require("id")
            let form = try await FormBody.decode(request, context: context)
            guard try database.acknowledgeGitHubInsight(userID: userID, id: id), let insight = try database.gitHubInsight(userID: userID, id: id) else {
                return try pages.message("Not found", "There is no such insight.", link: ("/app/dashboard", "Back to the dashboard"), status: .notFound)
            }
            return form["back"] == "contact" ? seeOther("/app/contacts/\(insight.contactID)#github") : seeOther("/app/dashboard#shipped")
        }
    }
}
