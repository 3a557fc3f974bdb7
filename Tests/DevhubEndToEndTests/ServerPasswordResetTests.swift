import Foundation
import Testing

/// Password reset on the live server: the emailed token sets a new password once, revokes sessions, and a
/// forged token changes nothing.
@Suite("Server: password reset", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerPasswordResetTests {
    @Test("forgot-password mails a token; reset-password sets the new password once and revokes sessions")
    func resetFlow() async throws {
        try await ServerProcess.run { server in
            let email = "reset@example.test"
            let session = try await server.verifiedSession(email)
            let before = Set(server.mails(to: email).map(\.file))

            let forgot = await server.post("/api/auth/forgot-password", json: ["email": email])
            #expect((200..<300).contains(forgot.status), "forgot-password: \(forgot)")
            var resetMail: MailMessage?
            _ = await server.eventually {
                resetMail = server.mails(to: email).first { !before.contains($0.file) }
                return resetMail != nil
            }
            let mail = try #require(resetMail, "no reset email arrived; log:\n\(server.logTail())")
            let token = try #require(mail.tokens(after: "token=").first, "no token=… link in the reset email: \(mail)")
            #expect(mail.raw.contains(server.appURL), "the reset link does not point at the app URL: \(mail)")

            let newPassword = "a-brand-new-passphrase-77"
            let reset = await server.post("/api/auth/reset-password", json: ["token": token, "password": newPassword])
            #expect((200..<300).contains(reset.status), "reset-password: \(reset)")

            let oldSession = await server.get("/api/profile", session: session)
            #expect(oldSession.status == 401, "a password reset did not revoke the existing session: \(oldSession)")
            let oldPassword = await server.logIn(email)
            #expect(oldPassword.status == 401, "the old password still logs in: \(oldPassword)")
            _ = try await server.session(email, password: newPassword)

            let again = await server.post("/api/auth/reset-password", json: ["token": token, "password": "yet-another-passphrase-88"])
            #expect((400..<500).contains(again.status), "a used reset token was accepted again: \(again)")
            #expect(again.hasErrorShape, "error body: \(again)")
        }
    }

    @Test("a forged reset token is refused and the password stays")
    func forgedResetToken() async throws {
        try await ServerProcess.run { server in
            let email = "keep@example.test"
            _ = try await server.verifiedSession(email)
            let forged = String(repeating: "B", count: 43)
            let reset = await server.post("/api/auth/reset-password", json: ["token": forged, "password": "attacker-chosen-passphrase-1"])
            #expect((400..<500).contains(reset.status), "a forged reset token was accepted: \(reset)")
            #expect(reset.hasErrorShape, "error body: \(reset)")
            _ = try await server.session(email)
            let attacker = await server.logIn(email, password: "attacker-chosen-passphrase-1")
            #expect(attacker.status == 401, "the forged reset changed the password: \(attacker)")
        }
    }
}
