import DevhubCore
import DevhubSite
import DevhubStore
import Foundation
import HTTPTypes
import Hummingbird

/// The owner's Quick Connect pages under `/app/connect`: the list and the create form, one code's page (QR code, form
/// URL, extend, revoke) and its printable sheet. Opening the list clears the dashboard badge.
struct QuickConnectPagesController {
    let services: AppServices
    var database: AppDatabase { services.database }
    var actions: QuickConnectActions { QuickConnectActions(services: services) }

    func addRoutes(to app: RouterGroup<AppRequestContext>) {
        app.get("connect") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            try database.markQuickConnectSubmissionsSeen(userID: userID)
            return try listPage(userID: userID)
        }
        app.post("connect") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let form = try await FormBody.decode(request, context: context)
            do {
                let fields = QuickConnectFields(
                    event: form["event"], location: form["location"], session: form["session"],
                    expiresInHours: try Self.number(form["expires_in_hours"], field: "expires_in_hours"),
                    maxSubmissions: try Self.number(form["max_submissions"], field: "max_submissions"))
                let created = try await actions.create(fields, userID: userID)
                return seeOther("/app/connect/\(created.code.id)")
            } catch let error as APIError {
                return try listPage(userID: userID, form: form, error: error)
            }
        }
        app.get("connect/:id") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            return try codePage(actions.code(id: try context.parameters.require("id"), userID: userID), userID: userID)
        }
        app.get("connect/:id/print") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let code = try actions.code(id: try context.parameters.require("id"), userID: userID)
            var values = try values(code)
            guard values["form_url"] != nil else { return seeOther("/app/connect/\(code.id)") }
            let owner = try database.profile(userID: userID)?.profile.name ?? "me"
            values["owner_name"] = owner
            return try services.pages.render("connect-print", title: "Quick Connect: \(code.event)", values)
        }
        app.post("connect/:id/extend") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let id = try context.parameters.require("id")
            let form = try await FormBody.decode(request, context: context)
            do {
                let hours = try Self.number(form["hours"], field: "hours") ?? QuickConnectLimits.defaultHours
                let code = try actions.change(id: id, userID: userID, expiresInHours: hours, maxSubmissions: nil)
                return try codePage(code, userID: userID, notice: "Open until \(Timestamp.readableDateTime(code.expiresAt)).")
            } catch let error as APIError where error.status != .notFound {
                return try codePage(try actions.code(id: id, userID: userID), userID: userID, error: error)
            }
        }
        app.post("connect/:id/revoke") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            guard let code = try database.revokeQuickConnectCode(id: try context.parameters.require("id"), userID: userID) else {
                throw QuickConnectActions.notFound
            }
            return try codePage(code, userID: userID, notice: "Revoked: the form now says the code is no longer active.")
        }
    }

    private func listPage(userID: String, form: [String: String] = [:], error: APIError? = nil) throws -> Response {
        var values = try services.accountValues(userID, active: "connect")
        values["codes"] = try database.quickConnectCodes(userID: userID).map { code -> [String: Any] in
            var row = try self.values(code)
            row["uses"] = Self.uses(code)
            return row
        }
        for key in ["event", "location", "session"] { if let value = form[key], !value.isEmpty { values["value_\(key)"] = value } }
        values["value_hours"] = form["expires_in_hours"].flatMap { $0.isEmpty ? nil : $0 } ?? String(QuickConnectLimits.defaultHours)
        if let max = form["max_submissions"], !max.isEmpty { values["value_max"] = max }
        if let error { values.merge(AppPages.errorValues(error)) { _, new in new } }
        return try services.pages.render("connect", title: "Quick Connect", status: error?.status ?? .ok, values)
    }

    private func codePage(_ code: StoredQuickConnectCode, userID: String, notice: String? = nil, error: APIError? = nil) throws -> Response {
        var values = try services.accountValues(userID, active: "connect").merging(try self.values(code)) { _, new in new }
        values["uses"] = Self.uses(code)
        if code.state != .revoked { values["revocable"] = true }
        values["tag"] = code.eventTag
        values["tag_query"] = code.eventTag.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        if let notice { values["notice"] = notice }
        if let error { values.merge(AppPages.errorValues(error)) { _, new in new } }
        return try services.pages.render("connect-code", title: "Quick Connect: \(code.event)", status: error?.status ?? .ok, values)
    }

    /// A code's values for the templates: the API's JSON without nulls, plus readable place and expiry.
    private func values(_ code: StoredQuickConnectCode) throws -> [String: Any] {
        var values = actions.json(code).filter { !($0.value is NSNull) }
        values["expires"] = Timestamp.readableDateTime(code.expiresAt)
        if let place = [code.location, code.session].compactMap({ $0 }).joined(separator: " · ").nilIfEmpty { values["place"] = place }
        values["status"] = code.state.rawValue.replacingOccurrences(of: "_", with: " ")
        return values
    }

    private static func uses(_ code: StoredQuickConnectCode) -> String {
        code.maxSubmissions.map { "\(code.useCount) of \($0)" } ?? "\(code.useCount)"
    }

    /// A whole number from a form field (blank is nil), or 422 naming it.
    private static func number(_ text: String?, field: String) throws -> Int? {
        guard let text = FieldText.blankToNil(text) else { return nil }
        guard let number = Int(text) else { throw APIError.invalid(CoreError(field: field, "must be a whole number")) }
        return number
    }
}

extension String {
    /// nil for the empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
