import Foundation
import Testing

/// Shared pieces of the CRM API tests: the frozen clock, raw (non-JSON) uploads, and small readers for the
/// API's contact, list and summary JSON.
enum CRM {
    /// The instant every CRM test freezes the server's clock at: "today" is 2026-11-21 for a UTC owner.
    static let fixedTime = "2026-11-21T07:30:00Z"
    /// `today` under ``fixedTime`` for an owner in UTC (the default time zone).
    static let today = "2026-11-21"

    /// The extra `devhub serve` arguments of the CRM tests: the frozen clock, and a rate limit high enough that the
    /// many requests of one test never meet it.
    static let serverArguments = ["--fixed-time", fixedTime, "--api-rate-limit", "100000"]

    /// Starts a server with ``serverArguments`` (plus `extra`) and runs `body` with it.
    static func run<T>(_ extra: [String] = [], _ body: (ServerProcess) async throws -> T) async throws -> T {
        try await ServerProcess.run(serverArguments + extra, body)
    }

    /// The built-in interaction types, in the documented order.
    static let builtInTypes = [
        "meeting", "call", "message", "email", "conference", "code review", "pairing", "mentorship session",
        "interview", "job opportunity", "resource shared", "collaboration", "other",
    ]

    /// Every key a contact object carries.
    static let contactKeys: Set<String> = [
        "id", "name", "relationship", "company", "industry", "location", "birthday", "email", "phone", "github", "website",
        "main_app", "notes", "links", "background", "vip", "source", "cadence_days", "importance", "reminder_date",
        "last_contacted", "next_follow_up", "status", "birthday_soon", "tags", "technologies", "created_at", "updated_at", "consent",
        "github_status",
    ]

    /// Every key an interaction object carries.
    static let interactionKeys: Set<String> = ["id", "contact_id", "contact_name", "type", "date", "notes", "follow_up_date", "created_at"]

    /// An id that belongs to nobody (ULID-shaped).
    static let unknownID = "01JZZZZZZZZZZZZZZZZZZZZZZZ"
}

// MARK: Requests

extension ServerProcess {
    /// `METHOD path` with `body` sent verbatim from a temporary file (`curl --data-binary @file`, so large or
    /// multi-line bodies pass unchanged) as `contentType`, with a browser's same-origin headers and the session cookie.
    func sendRaw(
        _ method: String, _ path: String, body: Data, contentType: String, session: String?, timeout: Int = 30
    ) async throws -> ServerResponse {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-crm-body-\(UUID().uuidString)")
        try body.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var headers = sameOriginHeaders
        headers["Content-Type"] = contentType
        if let session { headers["Cookie"] = "\(Self.sessionCookieName)=\(session)" }
        return await ServerHTTP.send(method, appURL + path, headers: headers, body: "@" + file.path, timeout: timeout)
    }

    /// `POST path` with a text body of `contentType`; see ``sendRaw(_:_:body:contentType:session:timeout:)``.
    func postText(_ path: String, _ text: String, contentType: String, session: String?) async throws -> ServerResponse {
        try await sendRaw("POST", path, body: Data(text.utf8), contentType: contentType, session: session)
    }

    /// `PATCH path` with a JSON body.
    func patch(_ path: String, json: Any, session: String?) async -> ServerResponse {
        await send("PATCH", path, json: json, session: session)
    }

    /// `DELETE path` (no body).
    func delete(_ path: String, session: String?) async -> ServerResponse {
        await send("DELETE", path, session: session)
    }

    // MARK: Contacts and interactions

    /// `POST /api/contacts`; fails unless it answers 201 with a contact; returns the contact.
    @discardableResult
    func createContact(_ fields: [String: Any], session: String) async throws -> [String: Any] {
        let response = await post("/api/contacts", json: fields, session: session)
        try #require(response.status == 201, "POST /api/contacts \(ServerHTTP.jsonText(fields)): \(response)")
        let contact = try #require(response.object, "POST /api/contacts answered no JSON object: \(response)")
        try #require(contact["id"] is String, "the created contact has no id: \(response)")
        return contact
    }

    /// `GET /api/contacts/{id}`; fails unless it answers 200 with an object.
    func contact(_ id: String, session: String) async throws -> [String: Any] {
        let response = await get("/api/contacts/\(id)", session: session)
        try #require(response.status == 200, "GET /api/contacts/\(id): \(response)")
        return try #require(response.object, "GET /api/contacts/\(id) answered no JSON object: \(response)")
    }

    /// `POST /api/contacts/{id}/interactions`; fails unless it answers 201; returns the interaction.
    @discardableResult
    func logInteraction(_ contactID: String, _ fields: [String: Any], session: String) async throws -> [String: Any] {
        let response = await post("/api/contacts/\(contactID)/interactions", json: fields, session: session)
        try #require(response.status == 201, "POST /api/contacts/\(contactID)/interactions \(ServerHTTP.jsonText(fields)): \(response)")
        return try #require(response.object, "no JSON object: \(response)")
    }

    /// A list route's `data` and `pagination`; fails unless it answers 200 in the list envelope.
    func list(_ path: String, session: String) async throws -> (data: [[String: Any]], pagination: [String: Any]) {
        let response = await get(path, session: session)
        try #require(response.status == 200, "GET \(path): \(response)")
        let data = try #require(response.object?["data"] as? [[String: Any]], "GET \(path) has no data list: \(response)")
        let pagination = try #require(response.object?["pagination"] as? [String: Any], "GET \(path) has no pagination: \(response)")
        return (data, pagination)
    }

    /// The `name` of every item of a list route's `data`, in order.
    func names(_ path: String, session: String, key: String = "name") async throws -> [String] {
        try await list(path, session: session).data.compactMap { $0[key] as? String }
    }

    /// The `id` of every item of a list route's `data`, in order.
    func ids(_ path: String, session: String, key: String = "id") async throws -> [String] {
        try await list(path, session: session).data.compactMap { $0[key] as? String }
    }

    /// Every contact of the signed-in owner (all pages of `/api/contacts?sort=name&size=100`).
    func allContacts(session: String) async throws -> [[String: Any]] {
        var contacts: [[String: Any]] = []
        var page = 1
        while true {
            let (data, pagination) = try await list("/api/contacts?sort=name&size=100&page=\(page)", session: session)
            contacts += data
            let pages = pagination["pages"] as? Int ?? 0
            if page >= pages || data.isEmpty || page >= 100 { return contacts }
            page += 1
        }
    }

    /// The owner's contact named `name` (exactly one), from the full list.
    func contactNamed(_ name: String, session: String) async throws -> [String: Any] {
        let matches = try await allContacts(session: session).filter { $0["name"] as? String == name }
        try #require(matches.count == 1, "expected one contact named \(name), found \(matches.count)")
        return matches[0]
    }

    /// Waits (bounded by ``ServerProcess/pollWindow``) until `/healthz` reports no pending job; returns whether it did.
    /// Unlike ``waitUntilIdle()`` it records no issue when the queue never drains (the recurring digest sweep may
    /// always be pending): the digest tests decide by a control owner's mail instead and use this only as extra settling.
    func settle() async -> Bool {
        await eventually {
            let health = await ServerHTTP.send("GET", appURL + "/healthz", timeout: 2)
            return (health.object?["pending_jobs"] as? Int) == 0
        }
    }
}

// MARK: Reading JSON

/// Small, typed reads of the API's JSON values (numbers and booleans arrive as `NSNumber`).
enum JSONValue {
    /// `value` as an Int when it is a number.
    static func int(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        return number.intValue
    }

    /// `value` as a Bool when it is a JSON boolean (or a number Foundation bridges to one).
    static func bool(_ value: Any?) -> Bool? { value as? Bool }

    /// Whether `value` is JSON `null`.
    static func isNull(_ value: Any?) -> Bool { value is NSNull }

    /// `value` as a list of objects.
    static func objects(_ value: Any?) -> [[String: Any]] { value as? [[String: Any]] ?? [] }

    /// `value` as a list of strings.
    static func strings(_ value: Any?) -> [String] { value as? [String] ?? [] }

    /// The canonical JSON text of `value` (sorted keys), for whole-object comparisons.
    static func canonical(_ value: Any) -> String { ServerHTTP.jsonText(value) }
}

/// The summary `POST /api/import/vcard` and `/api/import/csv` answer.
struct ContactImportResult: CustomStringConvertible {
    var created: Int
    var duplicates: Int
    var rejected: [[String: Any]]
    var dropped: [[String: Any]]
    var raw: String

    /// Reads the summary from `response`; fails unless it is 200 with the documented keys.
    init(_ response: ServerResponse, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try #require(response.status == 200, "import: \(response)", sourceLocation: sourceLocation)
        let object = try #require(response.object, "import answered no JSON object: \(response)", sourceLocation: sourceLocation)
        created = try #require(JSONValue.int(object["created"]), "no created count: \(response)", sourceLocation: sourceLocation)
        duplicates = try #require(JSONValue.int(object["duplicates"]), "no duplicates count: \(response)", sourceLocation: sourceLocation)
        rejected = try #require(object["rejected"] as? [[String: Any]], "no rejected list: \(response)", sourceLocation: sourceLocation)
        dropped = try #require(object["dropped"] as? [[String: Any]], "no dropped list: \(response)", sourceLocation: sourceLocation)
        raw = response.body
    }

    var description: String { raw }
}
