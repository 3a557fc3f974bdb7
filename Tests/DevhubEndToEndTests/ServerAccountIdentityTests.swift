import Foundation
import Testing

/// One address is one account whatever its case: sign-up of a case variant is the "already exists" answer, log-in
/// works with any variant, and the per-address limits (failed log-ins, mails) count the variants together, through
/// the API and the `/app/` forms alike.
@Suite("Server: account identity and per-address limits", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerAccountIdentityTests {
    /// Spellings of one address: case variants, with surrounding spaces.
    static func variants(_ local: String, _ domain: String) -> [String] {
        [
            "\(local)@\(domain)", "\(local.uppercased())@\(domain.uppercased())", "  \(local.capitalized)@\(domain)  ",
            "\(local)@\(domain.uppercased())", "\t\(local.uppercased())@\(domain)", "\(local.capitalized)@\(domain.capitalized)",
        ]
    }

    @Test("the sixth failed API log-in in any case variant answers 429, and the right password is locked out too")
    func caseVariantsShareOneAPIThrottle() async throws {
        try await ServerProcess.run { server in
            _ = try await server.verifiedSession("Ada.Throttle@Example.test")
            let spellings = Self.variants("ada.throttle", "example.test")
            for (attempt, email) in spellings.prefix(5).enumerated() {
                let wrong = await server.logIn(email, password: "wrong-passphrase-\(attempt)x")
                #expect(wrong.status == 401, "failed log-in \(attempt + 1) as '\(email)': \(wrong)")
            }
            let sixth = await server.logIn(spellings[5], password: "wrong-passphrase-6x")
            #expect(sixth.status == 429, "the sixth failed log-in, as '\(spellings[5])', was not throttled: \(sixth)")
            #expect((sixth.retryAfterSeconds ?? 0) > 0, "429 without a positive Retry-After: \(sixth)")
            #expect(sixth.hasErrorShape, "error body: \(sixth)")
            let right = await server.logIn("ADA.THROTTLE@EXAMPLE.TEST")
            #expect(right.status == 429, "the right password in another case got through the lock: \(right)")
        }
    }

    @Test("the sixth failed /app/login in any case variant answers 429 with Retry-After and an HTML page")
    func caseVariantsShareOneFormThrottle() async throws {
        try await ServerProcess.run { server in
            _ = try await server.verifiedSession("grace.form@example.test")
            let spellings = Self.variants("grace.form", "example.test")
            for (attempt, email) in spellings.prefix(5).enumerated() {
                let wrong = try await server.postForm("/app/login", [("email", email), ("password", "wrong-passphrase-\(attempt)x")], session: nil)
                #expect(wrong.status == 401, "failed form log-in \(attempt + 1) as '\(email)': \(wrong)")
            }
            let sixth = try await server.postForm("/app/login", [("email", spellings[5]), ("password", "wrong-passphrase-6x")], session: nil)
            #expect(sixth.status == 429, "the sixth failed form log-in was not throttled: \(sixth)")
            #expect((sixth.retryAfterSeconds ?? 0) > 0, "429 without a positive Retry-After: \(sixth)")
            #expect(sixth.header("content-type")?.hasPrefix("text/html") == true, "the form's 429 is not a page: \(sixth)")
            #expect(sixth.cookie(ServerProcess.sessionCookieName) == nil, "a throttled log-in set a session cookie: \(sixth)")
            // The API shares the count: it is the address that is throttled, not the route.
            let api = await server.logIn("Grace.Form@Example.test")
            #expect(api.status == 429, "the API log-in got past the form's lock: \(api)")
        }
    }

    @Test("sign-up of a case variant of an existing address makes no second account; log-in works in any case")
    func signUpOfACaseVariantIsTheExistingAccount() async throws {
        try await ServerProcess.run { server in
            let original = "Hopper.Case@Example.test"
            let first = await server.signUp(original)
            try #require(first.status == 202, "sign-up: \(first)")
            let firstToken = try await server.newVerificationToken(for: original)

            let otherPassword = "another-horse-battery-staple-99"
            let variant = await server.signUp("  HOPPER.CASE@example.TEST ", password: otherPassword)
            #expect(variant.status == first.status && variant.body == first.body,
                    "sign-up of a case variant answered differently (enumeration): \(variant) vs \(first)")
            let unknownAnswer = await server.signUp("someone.new@example.test")
            #expect(variant.body == unknownAnswer.body, "the case variant's answer differs from a new address's: \(variant) vs \(unknownAnswer)")

            // The variant's sign-up resent the link of the one account (to the address as first typed), nothing else.
            let resent = try await server.newVerificationToken(for: original, excluding: [firstToken])
            #expect(server.mails.allSatisfy { !($0.header("to") ?? "").contains("HOPPER.CASE") }, "a mail went to the variant's spelling")
            #expect(await server.verifyEmail(token: resent).status == 200, "the resent link does not verify")

            for email in ["hopper.case@example.test", "HOPPER.CASE@EXAMPLE.TEST", " Hopper.Case@example.test "] {
                let response = await server.logIn(email)
                #expect(response.status == 200, "log-in as '\(email)' with the first password: \(response)")
            }
            let second = await server.logIn(original, password: otherPassword)
            #expect(second.status == 401, "the variant's sign-up replaced the password: \(second)")
        }
    }

    @Test("addresses with non-ASCII letters are one account in any case and in either Unicode normal form")
    func nonASCIICaseVariants() async throws {
        try await ServerProcess.run { server in
            _ = try await server.verifiedSession("Zoë.Ünal@example.test")
            for spelling in ["zoë.ünal@example.test", "ZOË.ÜNAL@EXAMPLE.TEST", "zoe\u{308}.u\u{308}nal@example.test"] {
                let response = await server.logIn(spelling)
                #expect(response.status == 200, "log-in as '\(spelling)': \(response)")
            }
            let twin = await server.signUp("ZOË.ÜNAL@example.test", password: "another-horse-battery-staple-99")
            #expect(twin.status == 202, "sign-up of a variant: \(twin)")
            #expect(await server.logIn("ZOË.ÜNAL@example.test", password: "another-horse-battery-staple-99").status == 401,
                    "the variant's sign-up made a second account")
        }
    }

    @Test("resend through /app/resend in any case variant mails the one account at most 3 more times an hour")
    func formResendMailsPerAccount() async throws {
        try await ServerProcess.run { server in
            let email = "lovelace.mail@example.test"
            #expect(await server.signUp(email).status == 202)
            let first = try await server.newVerificationToken(for: email)
            for spelling in Self.variants("lovelace.mail", "example.test") {
                let response = try await server.postForm("/app/resend", [("email", spelling)], session: nil)
                #expect(response.status == 200, "POST /app/resend as '\(spelling)': \(response)")
            }
            try await server.waitUntilIdle()
            let tokens = server.verificationTokens(for: email)
            #expect(tokens.contains(first) && tokens.count == 4,
                    "six resends in six spellings sent \(tokens.count - 1) more links (3 per hour expected)")
        }
    }
}
