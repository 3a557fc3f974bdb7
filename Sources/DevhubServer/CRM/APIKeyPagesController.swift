import DevhubCore
import DevhubSite
import DevhubStore
import Hummingbird

/// The API keys section of `/app/settings`: create a key (shown once on the page that answers) and revoke one.
/// Pages need a browser session: an `Authorization` header is not read under `/app/`.
struct APIKeyPagesController {
    let services: AppServices
    var actions: APIKeyActions { APIKeyActions(services: services) }
    var settings: CRMHomePagesController { CRMHomePagesController(services: services) }

    func addRoutes(to app: RouterGroup<AppRequestContext>) {
        app.post("settings/keys") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let form = try await FormBody.decode(request, context: context)
            do {
                let days = try Self.expiryDays(form["expires_in_days"])
                let created = try actions.create(
                    name: form["name"], scopes: form["scope"].map { [$0] } ?? [], expiresInDays: days, userID: userID)
                return try settings.settingsPage(userID: userID, notice: "API key \u{201C}\(created.stored.name)\u{201D} created.", newKey: created)
            } catch let error as APIError {
                return try settings.settingsPage(userID: userID, error: error)
            }
        }
        app.post("settings/keys/:id/revoke") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            do {
                try actions.revoke(id: try context.parameters.require("id"), userID: userID)
                return try settings.settingsPage(userID: userID, notice: "API key revoked.")
            } catch let error as APIError {
                return try settings.settingsPage(userID: userID, error: error)
            }
        }
    }

    /// The form's expiry: blank is none, else a whole number (its range is checked with the other fields).
    static func expiryDays(_ text: String?) throws -> Int? {
        guard let text = FieldText.blankToNil(text) else { return nil }
        guard text.utf8.count <= 9, let days = Int(text) else {
            throw APIError.invalid(CoreError(field: "expires_in_days", "must be a whole number of days from 1 to \(APIKeySpec.maxExpiryDays), or empty for no expiry"))
        }
        return days
    }

    /// A key as the settings page lists it.
    static func pageValues(_ key: StoredAPIKey) -> [String: Any] {
        [
            "id": key.id, "name": key.name, "prefix": key.prefix, "scopes": key.scopes.map(\.rawValue).joined(separator: ", "),
            "created": Timestamp.iso8601(key.createdAt), "last_used": key.lastUsedAt.map(Timestamp.iso8601) ?? "never",
            "expires": key.expiresAt.map(Timestamp.iso8601) ?? "never",
        ]
    }
}
