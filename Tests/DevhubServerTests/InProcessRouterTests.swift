import Foundation
import Hummingbird
import Testing

/// The JSON API through the real router over an in-memory database (``InProcessApp``): accounts and sessions, the
/// CRM's contacts, owners kept apart, API keys and scopes, `/api/sync`, bad input in the error shape, `/healthz`.
/// What only a process shows (signals, sockets, the CLI) stays in the end-to-end tests.
@Suite("In-process router")
struct InProcessRouterTests {
    /// The fields of a contact these tests read.
    struct Contact: Decodable { var id: String; var name: String; var company: String?; var email: String? }
    /// `GET /api/contacts`.
    struct ContactList: Decodable {
        struct Pagination: Decodable { var total: Int; var page: Int }
        var data: [Contact]
        var pagination: Pagination
    }
    /// `POST /api/keys`.
    struct CreatedKey: Decodable { var key: String; var scopes: [String] }
    /// `GET /api/sync`.
    struct SyncPage: Decodable {
        var contacts: [Contact]
        var cursor: String
        var has_more: Bool
    }
    /// `GET /healthz`.
    struct Health: Decodable { var status: String; var dead_jobs: Int }

    @Test("sign-up answers 202, log-in 200 with the session cookie; a wrong password is 401 in the error shape")
    func signUpAndLogIn() async throws {
        try await InProcessApp.run { app in
            let session = try await app.verifiedSession("login@example.test")
            #expect(session.utf8.count >= 20, "session token: \(session)")
            let wrong = try await app.send(.post, "/api/auth/login", json: #"{"email": "login@example.test", "password": "not-the-password-at-all"}"#)
            #expect(wrong.status == .unauthorized && wrong.error?.code == "invalid_credentials", "\(wrong)")
            #expect(!wrong.headers[values: .setCookie].contains { $0.hasPrefix("devhub_session=") && !$0.hasPrefix("devhub_session=;") },
                    "a failed log-in set a session: \(wrong.headers)")
        }
    }

    @Test("GET /api/contacts without a session or with an unknown one answers 401 unauthorized in the error shape")
    func unauthenticated() async throws {
        try await InProcessApp.run { app in
            for session in [nil, "not-a-session-token"] {
                let answer = try await app.send(.get, "/api/contacts", session: session)
                #expect(answer.status == .unauthorized, "\(session ?? "no cookie"): \(answer)")
                #expect(answer.error?.code == "unauthorized" && answer.error?.details.isEmpty == true, "\(answer)")
            }
        }
    }

    @Test("a contact is created (201), listed, patched (only the sent key changes) and deleted (204, then 404)")
    func contactLifecycle() async throws {
        try await InProcessApp.run { app in
            let session = try await app.verifiedSession("crud@example.test")
            let created = try await app.send(
                .post, "/api/contacts", json: #"{"name": "  Ada Lovelace ", "email": "ada@engines.example"}"#, session: session)
            #expect(created.status == .created, "\(created)")
            let contact: Contact = try created.decode()
            #expect(contact.name == "Ada Lovelace" && contact.email == "ada@engines.example" && contact.company == nil, "\(created)")
            _ = try await app.send(.post, "/api/contacts", json: #"{"name": "Grace Hopper"}"#, session: session)

            let list: ContactList = try await app.send(.get, "/api/contacts?sort=name", session: session).decode()
            #expect(list.data.map(\.name) == ["Ada Lovelace", "Grace Hopper"] && list.pagination.total == 2, "\(list)")

            let patched = try await app.send(.patch, "/api/contacts/\(contact.id)", json: #"{"company": "Analytical Engines"}"#, session: session)
            #expect(patched.status == .ok, "\(patched)")
            let after: Contact = try patched.decode()
            #expect(after.company == "Analytical Engines" && after.name == "Ada Lovelace" && after.email == "ada@engines.example", "\(patched)")

            let deleted = try await app.send(.delete, "/api/contacts/\(contact.id)", session: session)
            #expect(deleted.status == .noContent && deleted.body.isEmpty, "\(deleted)")
            let gone = try await app.send(.get, "/api/contacts/\(contact.id)", session: session)
            #expect(gone.status == .notFound && gone.error?.code == "not_found", "\(gone)")
            let remaining: ContactList = try await app.send(.get, "/api/contacts", session: session).decode()
            #expect(remaining.data.map(\.name) == ["Grace Hopper"], "\(remaining)")
        }
    }

    @Test("a bad field answers 422 validation_failed naming the JSON key, and nothing is stored",
          arguments: [
              (#"{"name": "X", "email": "not-an-address"}"#, "email"),
              (#"{"name": "X", "importance": 5}"#, "importance"),
              (#"{"name": "X", "links": [{"label": "Click", "url": "javascript:alert(1)"}]}"#, "links[0].url"),
              (#"{"company": "No Name Inc"}"#, "name"),
          ])
    func validation(body: String, field: String) async throws {
        try await InProcessApp.run { app in
            let session = try await app.verifiedSession("valid@example.test")
            let refused = try await app.send(.post, "/api/contacts", json: body, session: session)
            #expect(refused.status == .unprocessableContent, "\(body): \(refused)")
            #expect(refused.error?.code == "validation_failed" && refused.error?.details.map(\.field) == [field], "\(body): \(refused)")
            let list: ContactList = try await app.send(.get, "/api/contacts", session: session).decode()
            #expect(list.data.isEmpty, "a refused contact was stored: \(list)")
        }
    }

    @Test("another owner's contact answers 404 not_found to GET, PATCH and DELETE, and stays unchanged")
    func ownersAreKeptApart() async throws {
        try await InProcessApp.run { app in
            let alice = try await app.verifiedSession("alice@example.test")
            let bob = try await app.verifiedSession("bob@example.test")
            let contact: Contact = try await app.send(.post, "/api/contacts", json: #"{"name": "Alice's Friend"}"#, session: alice).decode()
            for (method, body) in [(HTTPRequest.Method.get, nil), (.patch, #"{"name": "Stolen"}"#), (.delete, nil)] as [(HTTPRequest.Method, String?)] {
                let answer = try await app.send(method, "/api/contacts/\(contact.id)", json: body, session: bob)
                #expect(answer.status == .notFound && answer.error?.code == "not_found", "Bob \(method): \(answer)")
            }
            let bobs: ContactList = try await app.send(.get, "/api/contacts", session: bob).decode()
            #expect(bobs.data.isEmpty, "Bob sees \(bobs)")
            let still: Contact = try await app.send(.get, "/api/contacts/\(contact.id)", session: alice).decode()
            #expect(still.name == "Alice's Friend", "\(still)")
        }
    }

    @Test("POST /api/keys makes a key that opens the API as its owner; a read key gets 403 insufficient_scope on POST")
    func apiKeys() async throws {
        try await InProcessApp.run { app in
            let session = try await app.verifiedSession("keys@example.test")
            _ = try await app.send(.post, "/api/contacts", json: #"{"name": "Key Contact"}"#, session: session)
            let writer = try await app.send(.post, "/api/keys", json: #"{"name": "writer", "scopes": ["read", "write"]}"#, session: session)
            #expect(writer.status == .created, "\(writer)")
            let writeKey: CreatedKey = try writer.decode()
            #expect(writeKey.key.hasPrefix("dh_") && writeKey.scopes == ["read", "write"], "\(writer)")

            let listed: ContactList = try await app.send(.get, "/api/contacts", key: writeKey.key).decode()
            #expect(listed.data.map(\.name) == ["Key Contact"], "\(listed)")
            let posted = try await app.send(.post, "/api/contacts", json: #"{"name": "By Key"}"#, key: writeKey.key)
            #expect(posted.status == .created, "a write key could not POST: \(posted)")

            let readKey: CreatedKey = try await app.send(
                .post, "/api/keys", json: #"{"name": "reader", "scopes": ["read"]}"#, session: session).decode()
            #expect(try await app.send(.get, "/api/contacts", key: readKey.key).status == .ok)
            let refused = try await app.send(.post, "/api/contacts", json: #"{"name": "Nope"}"#, key: readKey.key)
            #expect(refused.status == .forbidden && refused.error?.code == "insufficient_scope", "\(refused)")
            let unknown = try await app.send(.get, "/api/contacts", key: "dh_" + String(repeating: "A", count: 49))
            #expect(unknown.status == .unauthorized && unknown.error != nil, "\(unknown)")
        }
    }

    @Test("the first /api/sync page holds every contact, a cursor and has_more false; a bad limit is 422 naming limit")
    func syncFirstPage() async throws {
        try await InProcessApp.run { app in
            let session = try await app.verifiedSession("sync@example.test")
            for name in ["One", "Two", "Three"] {
                _ = try await app.send(.post, "/api/contacts", json: #"{"name": "\#(name)"}"#, session: session)
            }
            let answer = try await app.send(.get, "/api/sync", session: session)
            #expect(answer.status == .ok, "\(answer)")
            let page: SyncPage = try answer.decode()
            #expect(Set(page.contacts.map(\.name)) == ["One", "Two", "Three"] && !page.has_more && !page.cursor.isEmpty, "\(answer)")
            let bad = try await app.send(.get, "/api/sync?limit=0", session: session)
            #expect(bad.status == .unprocessableContent && bad.error?.details.map(\.field) == ["limit"], "\(bad)")
        }
    }

    @Test("malformed JSON answers 400 invalid_json in the error shape, on a contact and on a key")
    func malformedJSON() async throws {
        try await InProcessApp.run { app in
            let session = try await app.verifiedSession("malformed@example.test")
            for path in ["/api/contacts", "/api/keys"] {
                let answer = try await app.send(.post, path, json: #"{"name": "#, session: session)
                #expect(answer.status == .badRequest && answer.error?.code == "invalid_json", "\(path): \(answer)")
            }
            let list: ContactList = try await app.send(.get, "/api/contacts", session: session).decode()
            #expect(list.data.isEmpty, "\(list)")
        }
    }

    @Test("/healthz answers 200 with status ok and no dead jobs")
    func health() async throws {
        try await InProcessApp.run { app in
            let answer = try await app.send(.get, "/healthz")
            #expect(answer.status == .ok, "\(answer)")
            let health: Health = try answer.decode()
            #expect(health.status == "ok" && health.dead_jobs == 0, "\(answer)")
        }
    }
}
