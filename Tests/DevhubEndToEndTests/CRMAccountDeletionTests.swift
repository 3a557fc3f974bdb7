import Foundation
import Testing

/// `DELETE /api/account`: the password is checked again; then the owner's sessions end at once and, after the grace
/// period (compressed here to 1 s), the account, contacts, interactions, tags, types and digests are gone, and
/// nobody else's data is touched.
@Suite("CRM: account deletion", .enabled(if: Devhub.hasTool("curl") && Devhub.hasTool("sqlite3"), "needs curl and sqlite3"))
struct CRMAccountDeletionTests {
    @Test("a wrong password answers 403 and deletes nothing; the right one answers 204 and removes everything of the owner")
    func deleteAccount() async throws {
        // The frozen clock of the CRM tests would never end the grace period: this server runs on the real one.
        try await ServerProcess.run(["--api-rate-limit", "100000", "--deletion-grace", "1s", "--cleanup-every", "1s"]) { server in
            let email = "leaving@example.test"
            let session = try await server.verifiedSession(email)
            let userID = try await server.userID(email)
            let second = try await server.session(email)  // another signed-in device
            let contact = try #require(try await server.createContact(["name": "Left Behind", "email": "left@behind.example", "tags": ["gone"],
                                                                       "cadence_days": 7], session: session)["id"] as? String)
            try await server.logInteraction(contact, ["type": "call", "notes": "farewell"], session: session)
            #expect(await server.post("/api/interaction-types", json: ["name": "goodbye"], session: session).status == 201)
            #expect(await server.get("/api/digest", session: session).status == 200)

            let stayer = try await server.verifiedSession("staying@example.test")
            let kept = try await server.createContact(["name": "Kept Friend", "email": "left@behind.example", "tags": ["gone"]], session: stayer)

            // Wrong, empty or missing password: refused, nothing deleted.
            let wrong = await server.send("DELETE", "/api/account", json: ["password": "not-the-password-at-all-42"], session: session)
            #expect(wrong.status == 403 && wrong.hasErrorShape, "DELETE /api/account with a wrong password: \(wrong)")
            let empty = await server.send("DELETE", "/api/account", json: ["password": ""], session: session)
            #expect(empty.status == 403 || empty.status == 422, "DELETE /api/account with an empty password: \(empty)")
            let missing = await server.send("DELETE", "/api/account", json: [String: String](), session: session)
            #expect(missing.status == 422 && missing.errorFields.contains("password"), "DELETE /api/account without a password: \(missing)")
            #expect(try await server.names("/api/contacts", session: session) == ["Left Behind"], "a refused deletion removed contacts")
            #expect(await server.get("/api/settings", session: second).status == 200, "a refused deletion ended a session")

            let deleted = await server.send("DELETE", "/api/account", json: ["password": ServerProcess.goodPassword], session: session)
            #expect(deleted.status == 204, "DELETE /api/account: \(deleted)")
            if let cookie = deleted.cookie(ServerProcess.sessionCookieName) {
                #expect(cookie.isExpired, "the deletion set a live session cookie: \(deleted)")
            }

            // Both sessions are gone, and the account cannot log in.
            for (label, token) in [("the deleting session", session), ("another session", second)] {
                for path in ["/api/contacts", "/api/contacts/\(contact)", "/api/settings", "/api/export/json"] {
                    let response = await server.get(path, session: token)
                    #expect(response.status == 401, "\(label): GET \(path) after the deletion: \(response)")
                }
            }
            // Logging in within the grace period would restore the account: wait for the erasure first.
            #expect(await server.eventually { (try? await server.rowsOfUser(userID))?.isEmpty == true }, "the account was not erased")
            let login = await server.logIn(email)
            #expect(login.status == 401 && login.cookie(ServerProcess.sessionCookieName).map(\.isExpired) != false,
                    "logging in to a deleted account: \(login)")

            // The other owner's contact with the same email and tag name is untouched.
            #expect(JSONValue.canonical(try await server.contact(try #require(kept["id"] as? String), session: stayer)) == JSONValue.canonical(kept),
                    "the deletion changed another owner's contact")
            let stayerTags = try await server.list("/api/tags", session: stayer).data
            #expect(stayerTags.count == 1 && JSONValue.int(stayerTags.first?["contacts"]) == 1, "the other owner's tags: \(stayerTags)")

            // Signing up again with the address starts from nothing.
            let oldTokens = server.verificationTokens(for: email)
            let signUp = await server.signUp(email)
            try #require(signUp.status == 202, "signing up again after the deletion: \(signUp)")
            let token = try await server.newVerificationToken(for: email, excluding: oldTokens)
            #expect(await server.verifyEmail(token: token).status == 200, "verifying the new account")
            let again = try await server.session(email)
            #expect(try await server.list("/api/contacts", session: again).data.isEmpty, "a new account with the address sees old contacts")
            #expect(try await server.list("/api/interactions", session: again).data.isEmpty, "a new account sees old interactions")
            #expect(try await server.list("/api/tags", session: again).data.isEmpty, "a new account sees old tags")
            let types = await server.get("/api/interaction-types", session: again)
            #expect(JSONValue.strings(types.object?["custom"]) == [], "a new account sees old interaction types: \(types)")
            let export = await server.get("/api/export/json", session: again)
            #expect(JSONValue.objects(export.object?["digests"]).isEmpty && !export.body.contains("Left Behind"), "a new account's export: \(export)")
            #expect(await server.get("/api/contacts/\(contact)", session: again).status == 404, "the old contact id answers the new account")
        }
    }
}
