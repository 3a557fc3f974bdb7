import DevhubCore
import DevhubStore
import Hummingbird

/// `/api/admin/…`: the operator's moderation API (admins only: see ``AdminGate``). Users (listed with counts, never
/// CRM data), suspension and deletion, unpublishing, reserved names, the report queue, dead jobs and failed domain
/// checks, and the audit trail.
struct AdminAPIController {
    let services: AppServices
    var actions: AdminActions { AdminActions(services: services) }
    var database: AppDatabase { services.database }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("users") { request, _ -> Response in
            let page = try ListParameters.page(request).page
            let query = String(String.UnicodeScalarView((ListParameters.text(request, "q") ?? "").unicodeScalars.prefix(200)))
            let result = try database.adminUsers(query: Text.trimmed(query), page: page)
            return try JSONResponse.encode(AdminJSON.UserPage(users: result.users.map(AdminJSON.User.init), page: page, hasMore: result.hasMore))
        }
        group.get("users/:id") { _, context -> Response in
            try userResponse(context.parameters.get("id") ?? "")
        }
        group.post("users/:id/suspend") { request, context -> Response in
            let (id, reason, actor) = try await parts(request, context)
            try actions.suspend(userID: id, reason: reason, actor: actor)
            return try userResponse(id)
        }
        group.post("users/:id/unsuspend") { request, context -> Response in
            let (id, reason, actor) = try await parts(request, context)
            try actions.unsuspend(userID: id, reason: reason, actor: actor)
            return try userResponse(id)
        }
        group.post("users/:id/delete") { request, context -> Response in
            let (id, reason, actor) = try await parts(request, context)
            try actions.delete(userID: id, reason: reason, actor: actor)
            return try userResponse(id)
        }
        group.post("profiles/:username/unpublish") { request, context -> Response in
            let (username, reason, actor) = try await parts(request, context, parameter: "username")
            try actions.unpublish(username: username, reason: reason, actor: actor)
            return Response(status: .noContent)
        }
        group.post("profiles/:username/republish") { request, context -> Response in
            let (username, reason, actor) = try await parts(request, context, parameter: "username")
            try actions.republish(username: username, reason: reason, actor: actor)
            return Response(status: .noContent)
        }
        group.get("reserved") { _, _ -> Response in
            try JSONResponse.encode(AdminJSON.ReservedList(reserved: try database.reservedNames().map(AdminJSON.Reserved.init)))
        }
        group.post("reserved") { request, context -> Response in
            let actor = try services.adminActor(context)
            let body = try await RequestBody.json(AdminJSON.ReserveBody.self, request, context: context).value
            let (kind, name) = try actions.reserve(kind: body.kind, name: body.name, reason: body.reason, actor: actor)
            guard let stored = try database.reservedNames().first(where: { $0.kind == kind && $0.name == name }) else { throw APIError.notFoundRoute }
            return try JSONResponse.encode(AdminJSON.Reserved(stored), status: .created)
        }
        group.delete("reserved/:kind/:name") { _, context -> Response in
            let actor = try services.adminActor(context)
            try actions.unreserve(kind: context.parameters.get("kind"), name: context.parameters.get("name"), actor: actor)
            return Response(status: .noContent)
        }
        group.get("reports") { _, _ -> Response in
            try JSONResponse.encode(AdminJSON.Queue(
                profiles: try database.openReports().map(AdminJSON.ReportedProfileBody.init),
                appeals: try database.unpublishedProfiles().filter { $0.appealedAt != nil }.map(AdminJSON.User.init)))
        }
        group.post("reports/:username/dismiss") { request, context -> Response in
            let (username, reason, actor) = try await parts(request, context, parameter: "username")
            try actions.dismissReports(username: username, reason: reason, actor: actor)
            return Response(status: .noContent)
        }
        group.get("jobs") { _, _ -> Response in
            try JSONResponse.encode(AdminJSON.Operations(
                deadJobs: try database.unfinishedJobs(deadOnly: true).map(AdminJSON.DeadJob.init),
                failedDomains: try database.failedDomainChecks().map(AdminJSON.FailedDomain.init)))
        }
        group.post("jobs/:id/retry") { _, context -> Response in
            _ = try services.adminActor(context)
            guard let id = Int64(context.parameters.get("id") ?? ""), try database.retryDeadJob(id: id) else {
                throw APIError(.notFound, code: "not_found", "No dead job has that id.")
            }
            return Response(status: .noContent)
        }
        group.post("domains/:id/check") { _, context -> Response in
            _ = try services.adminActor(context)
            try await services.recheckDomain(userID: context.parameters.get("id") ?? "")
            return Response(status: .noContent)
        }
        group.get("audit") { request, _ -> Response in
            let page = try ListParameters.page(request).page
            let result = try database.auditEntries(page: page)
            return try JSONResponse.encode(AdminJSON.AuditPage(entries: result.entries.map(AdminJSON.Audit.init), page: page, hasMore: result.hasMore))
        }
    }

    /// The path's id (or `parameter`), the body's reason and the acting admin.
    private func parts(
        _ request: Request, _ context: AppRequestContext, parameter: String = "id"
    ) async throws -> (String, String?, AdminActor) {
        let actor = try services.adminActor(context)
        let body = try await RequestBody.json(AdminJSON.ReasonBody.self, request, context: context).value
        return (context.parameters.get(parameter) ?? "", body.reason, actor)
    }

    private func userResponse(_ id: String) throws -> Response {
        guard let user = try database.adminUser(id: id) else { throw APIError.refused(.notFound, what: "account") }
        return try JSONResponse.encode(AdminJSON.User(user))
    }
}

extension AppServices {
    /// Checks a custom domain against DNS now for an admin (the operations page's "retry"); 404 when the account has
    /// no domain set.
    func recheckDomain(userID: String) async throws {
        guard let claim = try database.domainClaim(userID: userID) else {
            throw APIError(.notFound, code: "not_found", "No account with that id has a custom domain.")
        }
        _ = try await domains.check(claim)
    }
}
