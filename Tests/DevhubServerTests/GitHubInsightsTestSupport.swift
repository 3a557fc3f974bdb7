import DevhubCore
import DevhubStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// An owner signed in to an ``InProcessApp``, with helpers to add contacts through the API and GitHub data through
/// the store's functions (the contract the sync writes through), as the insight and technology tests need.
struct GitHubOwner {
    let app: InProcessApp
    let session: String
    let userID: String

    /// Signs `email` up (verified) and signs in.
    static func signUp(_ app: InProcessApp, _ email: String) async throws -> GitHubOwner {
        let session = try await app.verifiedSession(email)
        let account = try #require(try app.database.account(email: EmailAddress(email)))
        return GitHubOwner(app: app, session: session, userID: account.id)
    }

    /// `POST /api/contacts` with `json`; returns the new contact's id.
    func contact(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let answer = try await app.send(.post, "/api/contacts", json: json, session: session)
        try #require(answer.status == .created, "create contact: \(answer)", sourceLocation: sourceLocation)
        return try #require(try answer.decode([String: JSONAny].self)["id"]?.string, sourceLocation: sourceLocation)
    }

    /// Stores `repositories` for contact `id` as the sync would: (full name, language, topics, days since the push).
    func repositories(_ id: String, _ repositories: [(String, String?, [String], Int64)], stars: Int = 0) throws {
        let now = app.database.currentTime()
        try app.database.replaceGitHubRepositories(userID: userID, contactID: id, with: repositories.map {
            GitHubRepository(fullName: $0.0, url: "https://github.com/\($0.0)", language: $0.1, topics: $0.2, stars: stars, fork: false,
                             pushedAt: now - $0.3 * Technologies.dayMilliseconds)
        })
    }

    /// Records an insight about contact `id` (as the sync does); returns it.
    @discardableResult
    func insight(_ id: String, _ title: String, key: String, type: GitHubInsightType = .release, url: String? = nil) async throws -> GitHubInsight {
        // Insights list newest first by milliseconds: keep each one in its own millisecond.
        try await Task.sleep(for: .milliseconds(3))
        return try #require(try app.database.recordGitHubInsight(
            userID: userID, draft: GitHubInsightDraft(contactID: id, type: type, title: title, description: "about \(title)", url: url, changeKey: key)))
    }

    /// `GET path` as this owner, JSON-decoded into an object.
    func get(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: JSONAny] {
        let answer = try await app.send(.get, path, session: session)
        try #require(answer.status == .ok, "GET \(path): \(answer)", sourceLocation: sourceLocation)
        return try answer.decode([String: JSONAny].self, sourceLocation: sourceLocation)
    }

    /// `GET path` as this owner: the page's HTML (status checked by the caller).
    func page(_ path: String) async throws -> InProcessApp.Answer {
        try await app.send(.get, path, session: session)
    }

    /// A form post as a same-origin browser sends it.
    func form(_ path: String, _ body: String) async throws -> InProcessApp.Answer {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers[.cookie] = "devhub_session=\(session)"
        headers[HTTPField.Name("Sec-Fetch-Site")!] = "same-origin"
        let response = try await app.client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
        return InProcessApp.Answer(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }
}

/// Any JSON value, decoded for reading in tests.
enum JSONAny: Decodable, Equatable {
    case string(String), number(Double), bool(Bool), array([JSONAny]), object([String: JSONAny]), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONAny].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONAny].self)) }
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    var array: [JSONAny] { if case .array(let value) = self { value } else { [] } }
    var object: [String: JSONAny] { if case .object(let value) = self { value } else { [:] } }
    var strings: [String] { array.compactMap(\.string) }
    subscript(key: String) -> JSONAny? { object[key] }
}
