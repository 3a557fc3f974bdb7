import Foundation
import Testing

/// No account enumeration: sign-up, log-in, resend and forgot-password answer alike whether or not the
/// address has an account.
@Suite("Server: no account enumeration", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerEnumerationTests {
    @Test("sign-up answers the same for a new and an existing address")
    func signUpAnswersAlike() async throws {
        try await ServerProcess.run { server in
            let fresh = await server.signUp("first@example.test")
            #expect(fresh.status == 202, "sign-up: \(fresh)")
            let again = await server.signUp("first@example.test", password: "some-other-passphrase-5")
            #expect(again.status == fresh.status, "existing address: \(again)\nnew address: \(fresh)")
            #expect(again.body == fresh.body, "existing address: \(again)\nnew address: \(fresh)")
            #expect(again.cookie(ServerProcess.sessionCookieName) == nil, "sign-up of an existing address set a session")

            // Also for an account that is already verified.
            _ = try await server.verifiedSession("verified@example.test")
            let verified = await server.signUp("verified@example.test")
            #expect(verified.status == fresh.status && verified.body == fresh.body, "verified address: \(verified)\nnew address: \(fresh)")
        }
    }

    @Test("resend-verification and forgot-password answer the same for known and unknown addresses")
    func resendAndForgotAnswerAlike() async throws {
        try await ServerProcess.run { server in
            try #require(await server.signUp("known@example.test").status == 202)
            _ = try await server.verifiedSession("known-verified@example.test")

            let resendKnown = await server.post("/api/auth/resend-verification", json: ["email": "known@example.test"])
            let resendUnknown = await server.post("/api/auth/resend-verification", json: ["email": "nobody@example.test"])
            #expect((200..<300).contains(resendKnown.status), "resend: \(resendKnown)")
            #expect(resendUnknown.status == resendKnown.status && resendUnknown.body == resendKnown.body,
                    "resend, unknown: \(resendUnknown)\nknown: \(resendKnown)")

            let forgotKnown = await server.post("/api/auth/forgot-password", json: ["email": "known-verified@example.test"])
            let forgotUnknown = await server.post("/api/auth/forgot-password", json: ["email": "nobody@example.test"])
            #expect((200..<300).contains(forgotKnown.status), "forgot-password: \(forgotKnown)")
            #expect(forgotUnknown.status == forgotKnown.status && forgotUnknown.body == forgotKnown.body,
                    "forgot-password, unknown: \(forgotUnknown)\nknown: \(forgotKnown)")

            try await server.waitUntilIdle()
            #expect(server.mails(to: "nobody@example.test").isEmpty, "mail was sent to an address without an account")
        }
    }

    @Test("log-in with an unknown address and with a wrong password both answer 401 with the same body")
    func logInAnswersAlike() async throws {
        try await ServerProcess.run { server in
            _ = try await server.verifiedSession("member@example.test")
            let unknown = await server.logIn("stranger@example.test")
            let wrong = await server.logIn("member@example.test", password: "not-the-right-passphrase-3")
            #expect(unknown.status == 401, "unknown address: \(unknown)")
            #expect(wrong.status == 401, "wrong password: \(wrong)")
            #expect(unknown.body == wrong.body, "unknown address: \(unknown)\nwrong password: \(wrong)")
            #expect(wrong.hasErrorShape, "error body: \(wrong)")
            #expect(unknown.cookie(ServerProcess.sessionCookieName).map(\.isExpired) ?? true, "a failed log-in set a session")
            #expect(wrong.cookie(ServerProcess.sessionCookieName).map(\.isExpired) ?? true, "a failed log-in set a session")
        }
    }
}
