import DevhubCore
import DevhubSite
import DevhubStore
import Foundation

/// What the API-key routes do, shared by `/api/keys` and the settings page (they differ only in how they answer).
struct APIKeyActions: Sendable {
    let services: AppServices

    /// Creates a key after checking the request (422 naming the field); 409 when the account holds the most keys it may.
    func create(name: String?, scopes: [String]?, expiresInDays: Int?, userID: String) throws -> CreatedAPIKey {
        let spec: APIKeySpec
        do throws(CoreError) { spec = try APIKeySpec(name: name, scopes: scopes, expiresInDays: expiresInDays) } catch { throw APIError.invalid(error) }
        guard let created = try services.database.createAPIKey(spec, userID: userID) else {
            throw APIError(.conflict, code: "too_many_keys",
                           "An account may hold \(AppDatabase.maxAPIKeysPerAccount) API keys; revoke one first.")
        }
        return created
    }

    /// Revokes the owner's key `id`; 404 for an unknown id, a revoked key or someone else's.
    func revoke(id: String, userID: String) throws {
        guard try services.database.revokeAPIKey(id: id, userID: userID) else { throw Self.notFound }
    }

    static let notFound = APIError(.notFound, code: "not_found", "No such API key.")

    /// 403 when a key asks to create a key: keys are made with a browser session (a leaked key must not mint others).
    static let sessionRequired = APIError(
        .forbidden, code: "session_required", "API keys are created from a signed-in browser session, not with an API key.")

    /// A key as lists show it: never the key, never its hash.
    static func json(_ key: StoredAPIKey) -> [String: Any] {
        [
            "id": key.id, "name": key.name, "prefix": key.prefix, "scopes": key.scopes.map(\.rawValue),
            "created_at": Timestamp.iso8601(key.createdAt),
            "last_used_at": CRMJSON.nullable(key.lastUsedAt.map(Timestamp.iso8601)),
            "expires_at": CRMJSON.nullable(key.expiresAt.map(Timestamp.iso8601)),
        ]
    }

    /// A key in the data export: the list fields and when it was revoked.
    static func exportJSON(_ key: StoredAPIKey) -> [String: Any] {
        var json = json(key)
        json["revoked_at"] = CRMJSON.nullable(key.revokedAt.map(Timestamp.iso8601))
        return json
    }
}
