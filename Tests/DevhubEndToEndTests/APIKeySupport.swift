import Foundation
import Testing

/// The API-key steps the key and sync tests share: make a key with a session, and call the API as a script
/// would (the bearer header only: no cookie, no browser headers).
extension ServerProcess {
    /// `POST /api/keys` with a session; fails unless it answers 201 with a key; returns the key and its JSON.
    func createKey(
        session: String, name: String = "test key", scopes: [String] = ["read", "write"], expiresInDays: Int? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (key: String, json: [String: Any]) {
        var body: [String: Any] = ["name": name, "scopes": scopes]
        if let expiresInDays { body["expires_in_days"] = expiresInDays }
        let response = await post("/api/keys", json: body, session: session)
        try #require(response.status == 201, "POST /api/keys \(ServerHTTP.jsonText(body)): \(response)", sourceLocation: sourceLocation)
        let json = try #require(response.object, "no JSON object: \(response)", sourceLocation: sourceLocation)
        let key = try #require(json["key"] as? String, "no key in \(response)", sourceLocation: sourceLocation)
        return (key, json)
    }

    /// `METHOD path` with `Authorization: Bearer KEY` (plus `headers`) and an optional JSON body.
    func bearer(_ method: String, _ path: String, key: String, json: Any? = nil, headers: [String: String] = [:]) async -> ServerResponse {
        await send(method, path, json: json, headers: headers.merging(["Authorization": "Bearer \(key)"]) { $1 })
    }

    /// `GET path` with the bearer key.
    func bearerGet(_ path: String, key: String) async -> ServerResponse {
        await bearer("GET", path, key: key)
    }
}
