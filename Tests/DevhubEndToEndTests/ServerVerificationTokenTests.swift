import Foundation
import Testing

/// Email-verification tokens on the live server: single use, unforgeable, and a resent link replaces the
/// older one. (Expiry after 24 hours is not tested here: the server has no clock a test can move.)
@Suite("Server: verification tokens", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerVerificationTokenTests {
    @Test("a verification link works once; opening it again is refused")
    func reusedTokenIsRefused() async throws {
        try await ServerProcess.run { server in
            let email = "once@example.test"
            try #require(await server.signUp(email).status == 202)
            let token = try await server.newVerificationToken(for: email)
            let first = await server.verifyEmail(token: token)
            #expect(first.status == 200, "first use: \(first)")
            let second = await server.verifyEmail(token: token)
            #expect((400..<500).contains(second.status), "a used token was accepted again: \(second)")
            #expect(second.header("referrer-policy") == "no-referrer", "the refusal page has no Referrer-Policy: \(second)")
        }
    }

    @Test("forged, truncated and missing tokens are refused")
    func forgedTokensAreRefused() async throws {
        try await ServerProcess.run { server in
            let email = "forged@example.test"
            try #require(await server.signUp(email).status == 202)
            let real = try await server.newVerificationToken(for: email)
            let forged = String(repeating: "A", count: real.count)
            for path in [
                "/verify-email?token=\(forged)", "/verify-email?token=\(real.dropLast())", "/verify-email?token=",
                "/verify-email", "/verify-email?token=\(real)x",
            ] {
                let response = await server.get(path)
                #expect((400..<500).contains(response.status), "\(path) was not refused: \(response)")
            }
            // None of those attempts used up or broke the real link.
            let verified = await server.verifyEmail(token: real)
            #expect(verified.status == 200, "the real token stopped working after forged attempts: \(verified)")
        }
    }

    @Test("resending the verification email invalidates the older link; the new one works")
    func resendReplacesOlderToken() async throws {
        try await ServerProcess.run { server in
            let email = "resend@example.test"
            try #require(await server.signUp(email).status == 202)
            let old = try await server.newVerificationToken(for: email)

            let resend = await server.post("/api/auth/resend-verification", json: ["email": email])
            #expect((200..<300).contains(resend.status), "resend: \(resend)")
            let new = try await server.newVerificationToken(for: email, excluding: [old])
            #expect(new != old)

            let oldAnswer = await server.verifyEmail(token: old)
            #expect((400..<500).contains(oldAnswer.status), "the older token still verifies after a resend: \(oldAnswer)")
            let newAnswer = await server.verifyEmail(token: new)
            #expect(newAnswer.status == 200, "the resent token does not verify: \(newAnswer)")
        }
    }

    @Test("no email other than verification goes to an unverified address")
    func unverifiedAddressGetsOnlyVerificationMail() async throws {
        try await ServerProcess.run { server in
            let email = "unverified@example.test"
            try #require(await server.signUp(email).status == 202)
            _ = try await server.newVerificationToken(for: email)
            let forgot = await server.post("/api/auth/forgot-password", json: ["email": email])
            #expect((200..<300).contains(forgot.status), "forgot-password: \(forgot)")
            try await server.waitUntilIdle()
            let others = server.mails(to: email).filter { !$0.isVerification }
            #expect(others.isEmpty, "an unverified address got other mail: \(others)")
        }
    }
}
