import Foundation
import Testing

/// Every `/api/` route answers errors in the one documented shape: a body that is not JSON is 400 `invalid_json`, a
/// field of the wrong type is 422 naming it, a path that does not exist is 404 and a method a path does not have is
/// 405 with `Allow` — never Hummingbird's own error body, and never as if the method were declared.
@Suite("API: one error shape", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct APIErrorShapeTests {
    /// Routes that decode a JSON body, public and signed-in, with a field and a value of the wrong type for it.
    static var jsonRoutes: [(method: String, path: String, field: String, wrong: Any)] { [
        ("POST", "/api/auth/signup", "email", 5),
        ("POST", "/api/auth/login", "password", ["a list"]),
        ("POST", "/api/auth/resend-verification", "email", true),
        ("POST", "/api/auth/forgot-password", "email", ["nested": "object"]),
        ("POST", "/api/auth/reset-password", "token", 12),
        ("PUT", "/api/profile", "username", 7),
        ("POST", "/api/profile/preview", "bio", false),
        ("POST", "/api/contacts", "name", 3),
        ("POST", "/api/tags", "name", ["x"]),
        ("PUT", "/api/settings", "digest_hour", "seven"),
        ("POST", "/api/keys", "scopes", "write"),
        ("POST", "/api/quick-connect", "event", 1),
    ] }

    /// A body for `route` holding `wrong` at its field and the other required fields well-formed.
    static func body(_ route: (method: String, path: String, field: String, wrong: Any)) -> [String: Any] {
        var body: [String: Any] = switch route.path {
        case "/api/auth/signup", "/api/auth/login": ["email": "someone@example.test", "password": ServerProcess.goodPassword]
        case "/api/auth/reset-password": ["token": "abc", "password": ServerProcess.goodPassword]
        case "/api/profile": ["username": "shape", "name": "Shape"]
        default: [:]
        }
        body[route.field] = route.wrong
        return body
    }

    @Test("malformed JSON is 400 invalid_json and a wrong type is 422 naming the field, on every JSON route")
    func malformedAndWrongTypes() async throws {
        try await ServerProcess.run { server in
            let session = try await server.verifiedSession("shape@example.test")
            for route in Self.jsonRoutes {
                let signedIn = !route.path.hasPrefix("/api/auth/")
                var headers = server.sameOriginHeaders
                if signedIn { headers["Cookie"] = "\(ServerProcess.sessionCookieName)=\(session)" }
                headers["Content-Type"] = "application/json"
                for malformed in ["{\"email\": ", "not json at all", "[1, 2]", "\"a string\""] {
                    let response = await ServerHTTP.send(route.method, server.appURL + route.path, headers: headers, body: malformed)
                    #expect(response.status == 400, "\(route.method) \(route.path) with \(malformed): \(response)")
                    #expect(response.hasErrorShape && response.errorCode == "invalid_json", "\(route.method) \(route.path): \(response)")
                }
                let wrong = await ServerHTTP.send(route.method, server.appURL + route.path, headers: headers, body: ServerHTTP.jsonText(Self.body(route)))
                #expect(wrong.status == 422, "\(route.method) \(route.path) with \(route.field) of the wrong type: \(wrong)")
                #expect(wrong.hasErrorShape && wrong.errorCode == "validation_failed", "\(route.method) \(route.path): \(wrong)")
                #expect(wrong.errorFields == [route.field], "\(route.method) \(route.path) names \(wrong.errorFields), not \(route.field)")
            }
        }
    }

    @Test("a method a path does not have is 405 with Allow, an unknown path 404, both in the error shape")
    func undeclaredMethodsAndPaths() async throws {
        try await ServerProcess.run { server in
            let session = try await server.verifiedSession("methods@example.test")
            let cases: [(method: String, path: String, allow: Set<String>)] = [
                ("TRACE", "/api/contacts", ["GET", "HEAD", "POST"]),
                ("PUT", "/api/sync", ["GET", "HEAD"]),
                ("DELETE", "/api/auth/login", ["POST"]),
                ("PATCH", "/api/keys/01ANYKEYID", ["DELETE"]),
                ("POST", "/api/contacts/01ANYCONTACT", ["DELETE", "GET", "HEAD", "PATCH"]),
                ("GET", "/api/openapi.yaml", ["GET", "HEAD"]),
            ]
            for call in cases {
                // Signed in or not, the answer is the same: the method is not there to authorize.
                for cookie in [nil, session] {
                    let response = await server.send(call.method, call.path, session: cookie)
                    if call.method == "GET" {
                        #expect(response.status == 200, "\(call.method) \(call.path): \(response)")
                        continue
                    }
                    #expect(response.status == 405, "\(call.method) \(call.path): \(response)")
                    #expect(response.hasErrorShape && response.errorCode == "method_not_allowed", "\(call.method) \(call.path): \(response)")
                    let allow = Set((response.header("allow") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                    #expect(allow == call.allow, "\(call.method) \(call.path): Allow \(response.header("allow") ?? "missing")")
                }
            }
            for path in ["/api/nothing-here", "/api/contacts/a/b/c", "/api/auth"] {
                let response = await server.send("POST", path, session: session)
                #expect(response.status == 404, "POST \(path): \(response)")
                #expect(response.hasErrorShape && response.errorCode == "not_found", "POST \(path): \(response)")
            }
            // The site's profile JSON under /api/profiles/ is still the site's (its 404 page for a missing file).
            let missing = await server.get("/api/profiles/@nobody-here.json")
            #expect(missing.status == 404 && !missing.hasErrorShape, "GET /api/profiles/@nobody-here.json: \(missing)")
        }
    }
}
