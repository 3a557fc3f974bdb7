import Foundation
import Testing

/// Form posts under `/app/` are limited per client address and route (`--form-rate-limit`): past the limit each
/// form answers 429 with `Retry-After` and an HTML page saying so; reading pages and the API keep their own counts.
@Suite("Server: form rate limits", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerFormRateLimitTests {
    static let limit = 3

    /// A signed-out post of every account and import form, with a body each route reads.
    static let forms: [(path: String, fields: [(String, String)])] = [
        ("/app/login", [("email", "flood@example.test"), ("password", "wrong-passphrase-1x")]),
        ("/app/signup", [("email", "not-an-address"), ("password", "short")]),
        ("/app/forgot", [("email", "flood@example.test")]),
        ("/app/resend", [("email", "flood@example.test")]),
        ("/app/reset", [("token", "not-a-token"), ("password", ServerProcess.goodPassword)]),
        ("/app/import/vcard", [("file", "BEGIN:VCARD")]),
        ("/app/import/csv", [("file", "name\nAda")]),
        ("/app/import/csv/confirm", [("csv", "name\nAda")]),
        ("/app/logout", []),
    ]

    @Test("past --form-rate-limit posts per minute, each /app/ form answers 429 with Retry-After and an HTML page")
    func everyFormRouteIsLimited() async throws {
        try await ServerProcess.run(["--form-rate-limit", String(Self.limit)]) { server in
            for form in Self.forms {
                for attempt in 1...Self.limit {
                    let response = try await server.postForm(form.path, form.fields, session: nil)
                    #expect(response.status != 429 && response.status != 0, "POST \(form.path) #\(attempt) within the limit: \(response)")
                }
                let over = try await server.postForm(form.path, form.fields, session: nil)
                #expect(over.status == 429, "POST \(form.path) past the limit of \(Self.limit): \(over)")
                #expect((over.retryAfterSeconds ?? 0) > 0, "\(form.path): 429 without a positive Retry-After: \(over)")
                #expect(over.header("content-type")?.hasPrefix("text/html") == true, "\(form.path): the 429 is not an HTML page: \(over)")
                #expect(over.body.contains("Too many requests") && over.body.contains("Try again in"),
                        "\(form.path): the 429 page does not say so: \(over.body.prefix(600))")
            }
            // Reading the pages and the API are counted apart.
            let page = await server.get("/app/login")
            #expect(page.status == 200, "GET /app/login after the forms were limited: \(page)")
            let api = await server.logIn("flood@example.test", password: "wrong-passphrase-2x")
            #expect(api.status == 401, "the API log-in shares the forms' count: \(api)")
        }
    }

    @Test("a signed-in owner's forms are limited too, per route (ids do not make new counters)")
    func signedInFormsAreLimited() async throws {
        try await ServerProcess.run(["--form-rate-limit", String(Self.limit)]) { server in
            let session = try await server.verifiedSession("busy-owner@example.test")
            for attempt in 1...Self.limit {
                let response = try await server.postForm("/app/contacts/01JZZZZZZZZZZZZZZZZZZZZZ\(attempt)0/delete", [], session: session)
                #expect(response.status != 429, "contact delete #\(attempt) within the limit: \(response)")
            }
            let over = try await server.postForm("/app/contacts/01JZZZZZZZZZZZZZZZZZZZZZZ9/delete", [], session: session)
            #expect(over.status == 429, "a new id got past the route's limit: \(over)")
            #expect((over.retryAfterSeconds ?? 0) > 0, "429 without a positive Retry-After: \(over)")
            let other = try await server.postForm("/app/settings", [("time_zone", "Europe/Berlin"), ("digest_hour", "8")], session: session)
            #expect(other.status == 200, "another form is limited by the first one's count: \(other)")
        }
    }
}
