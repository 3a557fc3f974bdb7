import Foundation
import Testing

/// Bad input answers 422 in the documented error shape, naming the field, and changes nothing.
@Suite("Server: validation", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerValidationTests {
    @Test("sign-up with a short or common password, or a malformed address, answers 422 naming the field")
    func signUpValidation() async throws {
        try await ServerProcess.run { server in
            for (email, password, field) in [
                ("short@example.test", "short1", "password"),
                ("common@example.test", "password123", "password"),
                ("not-an-address", ServerProcess.goodPassword, "email"),
            ] {
                let response = await server.signUp(email, password: password)
                #expect(response.status == 422, "sign-up \(email) / \(password): \(response)")
                #expect(response.hasErrorShape, "error body: \(response)")
                #expect(response.errorFields.contains(field), "details do not name \(field): \(response)")
            }
            let long = String(repeating: "long-passphrase-", count: 8)  // 128 characters
            let accepted = await server.signUp("long@example.test", password: long)
            #expect(accepted.status == 202, "a 128-character password was refused: \(accepted)")

            try await server.waitUntilIdle()
            #expect(server.mails(to: "short@example.test").isEmpty && server.mails(to: "common@example.test").isEmpty,
                    "a refused sign-up sent mail")
        }
    }

    @Test("a profile with a javascript: link answers 422 naming links[0].url and is not saved")
    func profileValidation() async throws {
        try await ServerProcess.run { server in
            let session = try await server.verifiedSession("links@example.test")
            let good = await server.saveProfile(ProfileJSON.make(username: "link-owner", name: "Link Owner"), session: session)
            try #require(good.status == 200, "valid profile: \(good)")

            let bad = ProfileJSON.make(username: "link-owner", name: "Link Owner Changed",
                                       links: [["label": "Click", "url": "javascript:alert(1)"]])
            let refused = await server.saveProfile(bad, session: session)
            #expect(refused.status == 422, "javascript: link: \(refused)")
            #expect(refused.hasErrorShape, "error body: \(refused)")
            #expect(refused.errorFields.contains("links[0].url"), "details do not name links[0].url: \(refused)")

            var badName = ProfileJSON.make(username: "Not A Username!", name: "Link Owner Changed")
            let badUsername = await server.saveProfile(badName, session: session)
            #expect(badUsername.status == 422 && badUsername.errorFields.contains("username"), "bad username: \(badUsername)")
            badName["username"] = "link-owner"
            badName["name"] = ""
            let missingName = await server.saveProfile(badName, session: session)
            #expect(missingName.status == 422 && missingName.errorFields.contains("name"), "empty name: \(missingName)")

            let profile = try await server.currentProfile(session: session)
            #expect(profile["name"] as? String == "Link Owner", "a refused save changed the profile: \(profile)")
        }
    }

    @Test("a username taken by another profile answers 409 or 422 naming username")
    func takenUsername() async throws {
        try await ServerProcess.run { server in
            let session = try await server.verifiedSession("copycat@example.test")
            // `ada` is a demo profile imported into the site.
            let taken = await server.saveProfile(ProfileJSON.make(username: "ada", name: "Not Ada"), session: session)
            #expect(taken.status == 409 || taken.status == 422, "taking ada's username: \(taken)")
            #expect(taken.errorFields.contains("username"), "details do not name username: \(taken)")
            try await server.waitUntilIdle()
            #expect(try !server.site.text("@ada/index.html").contains("Not Ada"), "another account overwrote ada's page")
        }
    }
}
