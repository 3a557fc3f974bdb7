import Foundation
import Testing

/// Rate limits answer 429 with `Retry-After`: failed log-ins per account, and API requests per client address.
@Suite("Server: rate limits", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerRateLimitTests {
    @Test("the sixth failed log-in for one account answers 429 with Retry-After, even with the right password")
    func failedLogInsPerAccount() async throws {
        try await ServerProcess.run { server in
            let email = "locked@example.test"
            _ = try await server.verifiedSession(email)
            for attempt in 1...5 {
                let wrong = await server.logIn(email, password: "wrong-passphrase-\(attempt)x")
                #expect(wrong.status == 401, "failed log-in \(attempt): \(wrong)")
            }
            let sixth = await server.logIn(email, password: "wrong-passphrase-6x")
            #expect(sixth.status == 429, "sixth failed log-in: \(sixth)")
            #expect((sixth.retryAfterSeconds ?? 0) > 0, "429 without a positive Retry-After: \(sixth)")
            #expect(sixth.hasErrorShape, "error body: \(sixth)")

            let right = await server.logIn(email)
            #expect(right.status == 429, "the right password got through a locked account (guessing could go on): \(right)")
            #expect(right.cookie(ServerProcess.sessionCookieName).map(\.isExpired) ?? true, "a locked account got a session")

            // Other accounts are not affected.
            _ = try await server.verifiedSession("bystander@example.test")
        }
    }

    @Test("an address without an account is limited the same way (no enumeration through the limit)")
    func failedLogInsForUnknownAddress() async throws {
        try await ServerProcess.run { server in
            for attempt in 1...5 {
                let wrong = await server.logIn("ghost@example.test", password: "wrong-passphrase-\(attempt)x")
                #expect(wrong.status == 401, "failed log-in \(attempt): \(wrong)")
            }
            let sixth = await server.logIn("ghost@example.test", password: "wrong-passphrase-6x")
            #expect(sixth.status == 429, "sixth failed log-in for an unknown address: \(sixth)")
            #expect((sixth.retryAfterSeconds ?? 0) > 0, "429 without a positive Retry-After: \(sixth)")
        }
    }

    @Test("past --api-rate-limit requests per minute, the API answers 429 with Retry-After")
    func apiRequestsPerAddress() async throws {
        try await ServerProcess.run(["--api-rate-limit", "20"]) { server in
            // One burst, so the minute cannot turn over between the requests on a slow machine.
            let first = await server.get("/api/profile")
            #expect(first.status == 401, "the first request was not answered normally: \(first)")
            let url = server.appURL + "/api/profile"
            let responses = await withTaskGroup(of: ServerResponse.self) { group in
                for _ in 1..<25 { group.addTask { await ServerHTTP.send("GET", url, headers: [:]) } }
                return await group.reduce(into: [ServerResponse]()) { $0.append($1) }
            }
            let statuses = [first.status] + responses.map(\.status)
            let limited = responses.first { $0.status == 429 }
            #expect(statuses.allSatisfy { $0 == 401 || $0 == 429 }, "unexpected statuses: \(statuses)")
            let tooMany = try #require(limited, "25 requests with a limit of 20 per minute got no 429: \(statuses)")
            #expect((tooMany.retryAfterSeconds ?? 0) > 0, "429 without a positive Retry-After: \(tooMany)")
            #expect(tooMany.hasErrorShape, "error body: \(tooMany)")
            let health = await server.get("/healthz")
            #expect(health.status == 200, "the API limit also blocks /healthz: \(health)")
        }
    }
}
