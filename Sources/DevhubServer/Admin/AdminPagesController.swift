import DevhubCore
import DevhubSite
import DevhubStore
import Hummingbird

/// `/app/admin/…`: the admin's HTML pages (forms without JavaScript posting back, then redirecting): users,
/// the report queue, reserved names, dead jobs and failed domain checks, and the audit trail. Admins only (``AdminGate``).
struct AdminPagesController {
    let services: AppServices
    var actions: AdminActions { AdminActions(services: services) }
    var database: AppDatabase { services.database }
    var pages: AppPages { services.pages }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("") { request, context -> Response in
            let page = (try? ListParameters.page(request).page) ?? 1
            let query = String(String.UnicodeScalarView((ListParameters.text(request, "q") ?? "").unicodeScalars.prefix(200)))
            let result = try database.adminUsers(query: Text.trimmed(query), page: page)
            var values = try base(context, request: request)
            values["q"] = query
            values["users"] = result.users.map(userValues)
            if page > 1 { values["previous_url"] = "/app/admin?page=\(page - 1)" }
            if result.hasMore { values["next_url"] = "/app/admin?page=\(page + 1)" }
            return try pages.render("admin-users", title: "Admin: users", values)
        }
        post(group, "users/:id/suspend") { form, context, actor in
            try actions.suspend(userID: context.parameters.get("id") ?? "", reason: form["reason"], actor: actor)
        }
        post(group, "users/:id/unsuspend") { form, context, actor in
            try actions.unsuspend(userID: context.parameters.get("id") ?? "", reason: form["reason"], actor: actor)
        }
        post(group, "users/:id/delete") { form, context, actor in
            try actions.delete(userID: context.parameters.get("id") ?? "", reason: form["reason"], actor: actor)
        }
        post(group, "profiles/:username/unpublish") { form, context, actor in
            try actions.unpublish(username: context.parameters.get("username") ?? "", reason: form["reason"], actor: actor)
        }
        post(group, "profiles/:username/republish") { form, context, actor in
            try actions.republish(username: context.parameters.get("username") ?? "", reason: form["reason"], actor: actor)
        }
        post(group, "reports/:username/dismiss") { form, context, actor in
            try actions.dismissReports(username: context.parameters.get("username") ?? "", reason: form["reason"], actor: actor)
        }
        post(group, "reports/:username/suspend") { form, context, actor in
            let username = context.parameters.get("username") ?? ""
            guard let userID = try database.openReports().first(where: { $0.username == username.lowercased() })?.userID else {
                throw APIError.refused(.notFound, what: "account")
            }
            try actions.suspend(userID: userID, reason: form["reason"], actor: actor)
        }
        post(group, "reserved") { form, _, actor in
            _ = try actions.reserve(kind: form["kind"], name: form["name"], reason: form["reason"], actor: actor)
        }
        post(group, "reserved/remove") { form, _, actor in
            try actions.unreserve(kind: form["kind"], name: form["name"], actor: actor)
        }
        post(group, "jobs/:id/retry") { _, context, _ in
            guard let id = Int64(context.parameters.get("id") ?? ""), try database.retryDeadJob(id: id) else {
                throw APIError(.notFound, code: "not_found", "No dead job has that id.")
            }
        }
        group.post("domains/:id/check") { _, context -> Response in
            _ = try services.adminActor(context)
            do { try await services.recheckDomain(userID: context.parameters.get("id") ?? "") } catch let error as APIError {
                return try pages.message("Not done", error.message, link: ("/app/admin/jobs", "Back"), status: error.status)
            }
            return seeOther("/app/admin/jobs?done=1")
        }
        group.get("reports") { request, context -> Response in
            var values = try base(context, request: request)
            values["profiles"] = try database.openReports().map { profile -> [String: Any] in
                [
                    "username": profile.username, "is_public": profile.isPublic, "has_account": profile.userID != nil,
                    "count": profile.reports.count,
                    "reports": profile.reports.map { report -> [String: Any] in
                        var item: [String: Any] = [
                            "reason": report.reason.label, "details": report.details, "created": Timestamp.iso8601(report.createdAt),
                        ]
                        item["email"] = report.email
                        return item
                    },
                ]
            }
            values["appeals"] = try database.unpublishedProfiles().map(userValues)
            return try pages.render("admin-reports", title: "Admin: reports", values)
        }
        group.get("reserved") { request, context -> Response in
            var values = try base(context, request: request)
            values["names"] = try database.reservedNames().map { ["kind": $0.kind.rawValue, "name": $0.name] }
            return try pages.render("admin-reserved", title: "Admin: reserved names", values)
        }
        group.get("jobs") { request, context -> Response in
            var values = try base(context, request: request)
            values["jobs"] = try database.unfinishedJobs(deadOnly: true).map { job -> [String: Any] in
                var item: [String: Any] = ["id": String(job.id), "kind": job.kind, "attempts": job.attempts]
                item["last_error"] = job.lastError
                return item
            }
            values["domains"] = try database.failedDomainChecks().map { check -> [String: Any] in
                var item: [String: Any] = ["user_id": check.userID, "domain": check.domain, "status": check.status.rawValue]
                item["last_error"] = check.lastError
                return item
            }
            return try pages.render("admin-jobs", title: "Admin: dead jobs and domain checks", values)
        }
        group.get("audit") { request, context -> Response in
            let page = (try? ListParameters.page(request).page) ?? 1
            let result = try database.auditEntries(page: page)
            var values = try base(context, request: request)
            values["entries"] = result.entries.map { entry -> [String: Any] in
                var item: [String: Any] = [
                    "created": Timestamp.iso8601(entry.createdAt), "actor": entry.actor, "action": entry.action,
                    "target": "\(entry.targetKind) \(entry.target)",
                ]
                item["reason"] = entry.reason
                return item
            }
            if page > 1 { values["previous_url"] = "/app/admin/audit?page=\(page - 1)" }
            if result.hasMore { values["next_url"] = "/app/admin/audit?page=\(page + 1)" }
            return try pages.render("admin-audit", title: "Admin: audit trail", values)
        }
    }

    /// A form post that runs `body`, then goes back to the page it came from (`back`, an `/app/admin` path) with a
    /// notice, or shows what was wrong.
    private func post(_ group: RouterGroup<AppRequestContext>, _ path: RouterPath, _ body: @escaping @Sendable ([String: String], AppRequestContext, AdminActor) throws -> Void) {
        group.post(path) { request, context -> Response in
            let actor = try services.adminActor(context)
            let form = try await FormBody.decode(request, context: context)
            let back = Self.backPath(form["back"])
            do {
                try body(form, context, actor)
            } catch let error as APIError {
                var values = AppPages.errorValues(error)
                values["heading"] = "Not done"
                values["message"] = error.message
                values["link_url"] = back
                values["link_label"] = "Back"
                return try pages.render("message", title: "Not done", status: error.status, values)
            }
            return seeOther(back + (back.contains("?") ? "&" : "?") + "done=1")
        }
    }

    /// Where a form goes back to: an admin page, never anywhere else.
    static func backPath(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/app/admin"), !raw.contains("//"), raw.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 })
        else { return "/app/admin" }
        return raw
    }

    /// The values every admin page shows (the account's, the admin navigation, a notice after an action).
    private func base(_ context: AppRequestContext, request: Request) throws -> [String: Any] {
        var values = try services.accountValues(context.userID ?? "", active: "admin")
        if ListParameters.text(request, "done") != nil { values["notice"] = "Done. It is in the audit trail." }
        return values
    }

    private func userValues(_ user: AdminUserSummary) -> [String: Any] {
        var values: [String: Any] = [
            "id": user.id, "email": user.email, "role": user.role.rawValue, "verified": user.verified,
            "created": Timestamp.iso8601(user.createdAt), "state": user.state.rawValue, "is_public": user.isPublic,
            "contacts": user.contactCount, "suspended": user.state == .suspended, "active": user.state == .active,
        ]
        values["last_login"] = user.lastLoginAt.map(Timestamp.iso8601)
        values["username"] = user.username
        values["unpublish_reason"] = user.unpublishReason
        values["unpublished"] = user.unpublishReason != nil
        values["appealed"] = user.appealedAt.map(Timestamp.iso8601)
        values["custom_domain"] = user.customDomain
        values["domain_status"] = user.domainStatus?.rawValue
        values["suspension_reason"] = user.suspensionReason
        return values
    }
}
