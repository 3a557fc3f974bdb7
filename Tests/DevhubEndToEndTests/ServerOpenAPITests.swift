import Foundation
import Testing

/// The OpenAPI file is served, is the one kept with the server's sources, documents every route these tests
/// use, and documents nothing the live server does not route.
@Suite("Server: OpenAPI document", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerOpenAPITests {
    /// Every `METHOD path` the server tests call (query strings left out).
    static let routesUsedByTests: [ServerRoute] = [
        .init("GET", "/healthz"),
        .init("GET", "/metrics"),
        .init("POST", "/api/auth/signup"),
        .init("POST", "/api/auth/login"),
        .init("POST", "/api/auth/logout"),
        .init("POST", "/api/auth/resend-verification"),
        .init("POST", "/api/auth/forgot-password"),
        .init("POST", "/api/auth/reset-password"),
        .init("GET", "/api/profile"),
        .init("PUT", "/api/profile"),
        .init("GET", "/api/openapi.yaml"),
        .init("GET", "/verify-email"),
        .init("POST", "/hooks/rebuild"),
        .init("GET", "/app/signup"),
        .init("GET", "/app/login"),
        .init("GET", "/app/profile"),
        // The CRM API (Tests/DevhubEndToEndTests/CRM*Tests.swift).
        .init("GET", "/api/contacts"),
        .init("POST", "/api/contacts"),
        .init("POST", "/api/contacts/bulk"),
        .init("GET", "/api/contacts/{id}"),
        .init("PATCH", "/api/contacts/{id}"),
        .init("DELETE", "/api/contacts/{id}"),
        .init("GET", "/api/contacts/{id}/interactions"),
        .init("POST", "/api/contacts/{id}/interactions"),
        .init("GET", "/api/interactions"),
        .init("POST", "/api/interactions"),
        .init("DELETE", "/api/interactions/{id}"),
        .init("GET", "/api/interaction-types"),
        .init("POST", "/api/interaction-types"),
        .init("GET", "/api/follow-ups"),
        .init("GET", "/api/tags"),
        .init("POST", "/api/tags"),
        .init("DELETE", "/api/tags/{id}"),
        .init("POST", "/api/import/vcard"),
        .init("POST", "/api/import/csv"),
        .init("GET", "/api/export/vcard"),
        .init("GET", "/api/export/csv"),
        .init("GET", "/api/export/json"),
        .init("GET", "/api/digest"),
        .init("GET", "/api/settings"),
        .init("PUT", "/api/settings"),
        .init("DELETE", "/api/account"),
        // API keys and sync (Tests/DevhubEndToEndTests/APIKeyTests.swift, SyncTests.swift).
        .init("GET", "/api/keys"),
        .init("POST", "/api/keys"),
        .init("DELETE", "/api/keys/{id}"),
        .init("GET", "/api/sync"),
        // Quick Connect (Tests/DevhubEndToEndTests/QuickConnect*Tests.swift, Tests/Browser/).
        .init("POST", "/api/quick-connect"),
        .init("GET", "/api/quick-connect"),
        .init("GET", "/api/quick-connect/{id}"),
        .init("PATCH", "/api/quick-connect/{id}"),
        .init("DELETE", "/api/quick-connect/{id}"),
        .init("GET", "/api/github/{username}"),
        .init("POST", "/connect/{token}"),
        .init("GET", "/app/connect"),
        .init("POST", "/app/connect"),
        .init("GET", "/app/connect/{id}"),
        // Webhooks (Tests/DevhubEndToEndTests/WebhookTests.swift).
        .init("GET", "/api/webhooks"),
        .init("POST", "/api/webhooks"),
        .init("GET", "/api/webhooks/{id}"),
        .init("PATCH", "/api/webhooks/{id}"),
        .init("DELETE", "/api/webhooks/{id}"),
        .init("POST", "/api/webhooks/{id}/rotate-secret"),
        .init("POST", "/api/webhooks/{id}/test"),
        .init("GET", "/api/webhooks/{id}/deliveries"),
        .init("POST", "/api/webhooks/{id}/deliveries/{delivery_id}/resend"),
    ]

    @Test("GET /api/openapi.yaml serves the repository's OpenAPI 3.1 file, documenting every route the tests use")
    func documentsEveryRoute() async throws {
        try await ServerProcess.run { server in
            let served = await server.get("/api/openapi.yaml")
            try #require(served.status == 200, "GET /api/openapi.yaml: \(served)")
            #expect(served.header("content-type")?.contains("yaml") == true, "content type: \(served)")
            let document = OpenAPIDocument(served.body)
            #expect(document.version?.hasPrefix("3.1") == true, "not OpenAPI 3.1: openapi: \(document.version ?? "missing")")

            let file = Devhub.packageRoot.appendingPathComponent("Sources/DevhubServer/openapi.yaml")
            let onDisk = try? String(contentsOf: file, encoding: .utf8)
            #expect(onDisk == served.body, "the served document is not Sources/DevhubServer/openapi.yaml")

            let documented = Set(document.routes)
            for route in Self.routesUsedByTests {
                #expect(documented.contains(route), "\(route) is used by the tests but not documented; documented: \(document.routes)")
            }

            // Every documented route without path parameters is really routed (not 405, not the site's 404 page).
            let notFoundPage = try server.site.text("404.html")
            let probed: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]
            for route in document.routes where !route.path.contains("{") && probed.contains(route.method) {
                let response: ServerResponse
                if route.method == "GET" {
                    response = await server.get(route.path)
                } else {
                    response = await server.send(route.method, route.path, json: [String: String]())
                }
                let unrouted = response.status == 405 || (response.status == 404 && response.body == notFoundPage)
                #expect(!unrouted, "\(route) is documented but the server does not route it: \(response)")
            }
        }
    }

    @Test("every documented /api/ path answers an undocumented method 405 with Allow listing exactly its documented methods")
    func allowMatchesTheDocument() async throws {
        try await ServerProcess.run { server in
            let document = OpenAPIDocument(try String(
                contentsOf: Devhub.packageRoot.appendingPathComponent("Sources/DevhubServer/openapi.yaml"), encoding: .utf8))
            let byPath = Dictionary(grouping: document.routes.filter { $0.path.hasPrefix("/api/") }, by: \.path)
            #expect(byPath.count > 20, "too few /api/ paths documented: \(byPath.keys.sorted())")
            for (path, routes) in byPath.sorted(by: { $0.key < $1.key }) {
                let concrete = path.replacingOccurrences(of: "{id}", with: "01NOSUCHID").replacingOccurrences(of: "{username}", with: "octocat")
                let response = await server.send("TRACE", concrete)
                #expect(response.status == 405, "TRACE \(path): \(response)")
                #expect(response.hasErrorShape && response.errorCode == "method_not_allowed", "TRACE \(path): \(response)")
                let allow = Set((response.header("allow") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                let documented = Set(routes.map(\.method))
                #expect(allow.subtracting(["HEAD"]) == documented, "\(path): Allow \(allow.sorted()) but the document lists \(documented.sorted())")
            }
        }
    }

    @Test("the route scanner reads paths and their methods")
    func scannerReadsRoutes() {
        let yaml = """
            openapi: 3.1.0
            info:
              title: t
            paths:
              /a:
                get:
                  responses: {}
                post:
                  requestBody:
                    content:
                      application/json:
                        schema:
                          properties:
                            get: {type: string}
              "/b/{id}":
                parameters: []
                delete:
                  responses: {}
            components:
              schemas:
                X:
                  type: object
            """
        let document = OpenAPIDocument(yaml)
        #expect(document.version == "3.1.0")
        #expect(document.routes == [.init("GET", "/a"), .init("POST", "/a"), .init("DELETE", "/b/{id}")])
    }
}

/// One `METHOD path` pair.
struct ServerRoute: Hashable, CustomStringConvertible {
    /// The upper-case method.
    var method: String
    /// The path without query.
    var path: String

    /// A route.
    init(_ method: String, _ path: String) {
        self.method = method
        self.path = path
    }

    /// `METHOD path`.
    var description: String { "\(method) \(path)" }
}

/// The few facts of an OpenAPI YAML document the tests need, read by scanning lines and indentation.
struct OpenAPIDocument {
    /// The top-level `openapi:` value.
    var version: String?
    /// Every operation under `paths:`, in document order.
    var routes: [ServerRoute] = []

    private static let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    /// Scans `text`.
    init(_ text: String) {
        var inPaths = false
        var pathIndent: Int?
        var operationIndent: Int?
        var currentPath: String?
        for line in text.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let indent = line.prefix { $0 == " " }.count
            if indent == 0 {
                inPaths = trimmed.hasPrefix("paths:")
                if trimmed.hasPrefix("openapi:") {
                    version = Self.unquote(String(trimmed.dropFirst("openapi:".count)))
                }
                continue
            }
            guard inPaths, trimmed.hasSuffix(":") || trimmed.contains(": ") else { continue }
            let key = Self.unquote(String(trimmed[..<(trimmed.firstIndex(of: ":") ?? trimmed.endIndex)]))
            if pathIndent == nil { pathIndent = indent }
            if indent == pathIndent {
                currentPath = key.hasPrefix("/") ? key : nil
                operationIndent = nil
            } else if let path = currentPath, let base = pathIndent, indent > base {
                if operationIndent == nil { operationIndent = indent }
                if indent == operationIndent, Self.methods.contains(key.lowercased()) {
                    routes.append(ServerRoute(key.uppercased(), path))
                }
            }
        }
    }

    /// A scalar without surrounding spaces and quotes.
    private static func unquote(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    }
}
