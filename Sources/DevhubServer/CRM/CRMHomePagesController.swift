import DevhubCore
import DevhubStore
import Foundation
import HTTPTypes
import Hummingbird

/// The dashboard ("needs attention"), the import pages and the settings page under `/app/`.
struct CRMHomePagesController {
    let services: AppServices
    var database: AppDatabase { services.database }
    var pages: AppPages { services.pages }
    var transfer: ContactTransfer { ContactTransfer(services: services) }

    func addRoutes(to app: RouterGroup<AppRequestContext>) {
        app.get("") { _, _ in seeOther("/app/dashboard") }
        app.get("dashboard") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            return try dashboard(userID: userID)
        }
        app.get("import") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            return try pages.render("import", title: "Import contacts", try services.accountValues(userID, active: "import"))
        }
        app.post("import/vcard") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            do {
                let form = try await MultipartForm.decode(request, limit: RequestBody.uploadLimit)
                let summary = try transfer.importVCard(form["file"] ?? "", userID: userID)
                return try importResult(summary, userID: userID)
            } catch let error as APIError {
                return try importPage(userID: userID, error: error)
            }
        }
        app.post("import/csv") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            do {
                let form = try await MultipartForm.decode(request, limit: RequestBody.uploadLimit)
                return try csvPreview(form["file"] ?? "", mapping: nil, userID: userID)
            } catch let error as APIError {
                return try importPage(userID: userID, error: error)
            }
        }
        app.post("import/csv/confirm") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let form = try await FormBody.decode(request, context: context, limit: RequestBody.uploadLimit)
            let text = form["csv"] ?? ""
            do {
                let rows = try ContactTransfer.csvRows(text)
                let mapping = (0..<(rows.first?.count ?? 0)).map { form["map_\($0)"] ?? "" }
                let summary = try transfer.importCSV(rows, mapping: mapping, userID: userID)
                return try importResult(summary, userID: userID)
            } catch let error as APIError {
                let mapping = (0..<ImportLimits.standard.maxColumns).map { form["map_\($0)"] ?? "" }
                do {
                    return try csvPreview(text, mapping: mapping, userID: userID, error: error)
                } catch let unreadable as APIError {
                    return try importPage(userID: userID, error: unreadable)
                }
            }
        }
        app.get("settings") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            return try settingsPage(userID: userID)
        }
        app.post("settings") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let form = try await FormBody.decode(request, context: context)
            do {
                _ = try AccountActions(services: services).updateSettings(
                    userID: userID, timeZone: form["time_zone"], digestHour: Int(form["digest_hour"] ?? ""), digestEnabled: form["digest_enabled"] == "true",
                    githubSync: form["github_sync"] == "true")
                return try settingsPage(userID: userID, notice: "Saved.")
            } catch let error as APIError {
                return try settingsPage(userID: userID, error: error)
            }
        }
        app.post("account/delete") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let form = try await FormBody.decode(request, context: context)
            do {
                try await AccountActions(services: services).deleteAccount(userID: userID, password: form["password"] ?? "")
            } catch let error as APIError {
                return try settingsPage(userID: userID, error: error)
            }
            var response = try pages.message(
                "Account deleted", "Your public profile and your Quick Connect pages are gone (within seconds). Your account and contacts are "
                    + "kept for \(TimeSpan(milliseconds: services.settings.retention.deletionGraceMilliseconds)), then erased; "
                    + "log in before then to keep them.")
            response.setCookie(services.expiredSessionCookie())
            return response
        }
    }

    private func dashboard(userID: String) throws -> Response {
        let today = try database.today(userID: userID)
        var values = try services.accountValues(userID, active: "dashboard")
        let report = try database.refreshDigest(userID: userID, today: today)
        let sections: [(String, String, (DigestEntry) -> Bool)] = [
            ("Overdue", "overdue", { $0.reasons.contains { $0.kind == "overdue" } }),
            ("Due today", "due_today", { $0.reasons.contains { $0.kind == "due_today" } }),
            ("Due soon", "due_soon", { $0.reasons.contains { $0.kind == "due_soon" } }),
            ("Birthdays this week", "birthday", { $0.reasons.contains { $0.kind == "birthday" } }),
            ("VIPs you have not talked to in a while", "vip_quiet", { $0.reasons.contains { $0.kind == "vip_quiet" } }),
        ]
        values["sections"] = sections.compactMap { title, kind, matches -> [String: Any]? in
            let entries = report.priorities.filter(matches)
            guard !entries.isEmpty else { return nil }
            return ["title": title, "kind": kind, "entries": entries.map { entry -> [String: Any] in
                ["id": entry.contactID, "name": entry.name, "reasons": entry.reasons.map(\.text).joined(separator: "; "), "score": entry.score]
            }]
        }
        if report.priorities.isEmpty { values["all_clear"] = true }
        values["insights"] = report.insights
        let shipped = try database.gitHubInsights(userID: userID, page: PageRequest(page: 1, size: GitHubPageValues.listedInsights))
        let names = try database.contactNames(userID: userID, ids: shipped.items.map(\.contactID))
        values["shipped"] = shipped.items.map { GitHubPageValues.insight($0, names: names, back: "dashboard") }
        if shipped.total > shipped.items.count { values["shipped_more"] = shipped.total - shipped.items.count }
        values["today"] = today.iso
        if let settings = try database.ownerSettings(userID: userID) {
            values["digest_hour"] = String(format: "%02d:00", settings.digestHour)
            values["time_zone"] = settings.timeZone
            if settings.digestEnabled { values["digest_enabled"] = true }
        }
        return try pages.render("dashboard", title: "Dashboard", values)
    }

    private func importPage(userID: String, error: APIError) throws -> Response {
        var values = try services.accountValues(userID, active: "import")
        values.merge(AppPages.errorValues(error)) { _, new in new }
        return try pages.render("import", title: "Import contacts", status: error.status, values)
    }

    private func importResult(_ summary: ContactImportSummary, userID: String) throws -> Response {
        var values = try services.accountValues(userID, active: "import")
        values["result"] = true
        values["created"] = summary.created
        values["duplicates"] = summary.duplicates
        let problems = summary.rejected.map { ["card": $0.index, "field": $0.error.field, "message": $0.error.message, "kind": "skipped"] }
            + summary.dropped.map { ["card": $0.index, "field": $0.error.field, "message": $0.error.message, "kind": "field left out"] }
        if !problems.isEmpty { values["problems"] = problems }
        return try pages.render("import", title: "Import contacts", values)
    }

    /// The column-mapping preview: each column with a field picker (guessed from its header) and the first rows.
    private func csvPreview(_ text: String, mapping: [String]?, userID: String, error: APIError? = nil) throws -> Response {
        let rows = try ContactTransfer.csvRows(text)
        guard let header = rows.first else { throw APIError.invalid(CoreError(field: "file", "is empty")) }
        let chosen = mapping ?? ContactTransfer.guessMapping(header)
        var values = try services.accountValues(userID, active: "import")
        values["csv"] = text
        values["columns"] = header.enumerated().map { index, name -> [String: Any] in
            let current = index < chosen.count ? chosen[index] : ""
            return [
                "index": index, "header": name.isEmpty ? "(column \(index + 1))" : ContactTransfer.sample(name),
                "samples": rows.dropFirst().prefix(3).map { index < $0.count ? ContactTransfer.sample($0[index]) : "" }.joined(separator: " · "),
                "options": ([""] + ContactTransfer.csvFields).map { field -> [String: Any] in
                    var option: [String: Any] = ["value": field, "label": field.isEmpty ? "(ignore)" : field.replacingOccurrences(of: "_", with: " ")]
                    if field == current { option["selected"] = true }
                    return option
                },
            ]
        }
        values["row_count"] = rows.count - 1
        if let error { values.merge(AppPages.errorValues(error)) { _, new in new } }
        return try pages.render("import-csv", title: "Map the CSV columns", status: error?.status ?? .ok, values)
    }

    /// The settings page: time zone and digest, API keys (with `newKey` shown once after it was made), the data
    /// export and account deletion; `error` shown above the forms with its status.
    func settingsPage(userID: String, notice: String? = nil, error: APIError? = nil, newKey: CreatedAPIKey? = nil) throws -> Response {
        guard let settings = try database.ownerSettings(userID: userID) else { return seeOther("/app/login") }
        var values = try services.accountValues(userID, active: "settings")
        values["time_zone"] = settings.timeZone
        // Linux's list has no "UTC" (the default); the stored zone is always offered so saving keeps it.
        values["zones"] = Set(TimeZone.knownTimeZoneIdentifiers + ["UTC", settings.timeZone]).sorted().map { zone -> [String: Any] in
            zone == settings.timeZone ? ["name": zone, "selected": true] : ["name": zone]
        }
        values["hours"] = (0...23).map { hour -> [String: Any] in
            var option: [String: Any] = ["value": hour, "label": String(format: "%02d:00", hour)]
            if hour == settings.digestHour { option["selected"] = true }
            return option
        }
        if settings.digestEnabled { values["digest_enabled"] = true }
        values.merge(try GitHubActions(services: services).pageValues(userID: userID)) { _, new in new }
        values["api_keys"] = try database.apiKeys(userID: userID).map(APIKeyPagesController.pageValues)
        values["new_key"] = newKey?.key
        values["notice"] = notice
        if let error { values.merge(AppPages.errorValues(error)) { _, new in new } }
        var response = try pages.render("settings", title: "Settings", status: error?.status ?? .ok, values)
        // The new key is on this page once: no cache may keep it.
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
