import Foundation
import Testing

/// An anonymous Quick Connect form never changes what the owner wrote: a visitor who types the email of an existing
/// contact only adds the interaction and the event tag, and fills fields that are empty.
@Suite("Quick Connect: the owner's data", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct QuickConnectOwnerDataTests {
    @Test("a visitor with an existing contact's email (another case) keeps its name, company and notes, adds tag and interaction, fills GitHub")
    func visitorNeverOverwritesTheOwnersContact() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("careful-owner@example.test")
            let written: [String: Any] = [
                "name": "Ada Lovelace", "email": "Ada.Lovelace@Engines.test", "company": "Analytical Engines",
                "notes": "Met at the Royal Society; prefers letters.", "location": "London",
            ]
            let created = try await server.createContact(written, session: session)
            let id = try #require(created["id"] as? String)
            let code = try await server.createQuickConnect(session: session)

            // The visitor also posts fields the form does not have: they are ignored.
            var fields = QC.form(name: "Mallory Renamed", email: "ADA.LOVELACE@engines.TEST", github: "ada-gh", note: "Visitor's own note")
            fields += [("company", "Evil Corp"), ("notes", "Replaced by a visitor"), ("location", "Nowhere")]
            let first = try await server.submitConnect(code.token, fields)
            try #require(first.status == 200, "submission: \(first)")
            // A second visit with another GitHub name does not replace the one now filled.
            let second = try await server.submitConnect(code.token, QC.form(name: "Eve Again", email: "ada.lovelace@engines.test", github: "eve-gh"))
            try #require(second.status == 200, "second submission: \(second)")
            try await server.waitUntilIdle()

            let all = try await server.allContacts(session: session)
            #expect(all.count == 1, "the visitor made another contact: \(all.map { $0["name"] ?? "" })")
            let contact = try await server.contact(id, session: session)
            #expect(contact["name"] as? String == "Ada Lovelace", "the visitor renamed the contact: \(contact)")
            #expect(contact["company"] as? String == "Analytical Engines", "the visitor changed the company: \(contact)")
            #expect(contact["notes"] as? String == "Met at the Royal Society; prefers letters.", "the visitor changed the notes: \(contact)")
            #expect(contact["location"] as? String == "London", "the visitor changed the location: \(contact)")
            #expect(contact["email"] as? String == created["email"] as? String, "the visitor changed the email's spelling: \(contact)")
            #expect(contact["github"] as? String == "ada-gh", "the empty GitHub field was not filled, or was replaced later: \(contact)")
            #expect(JSONValue.strings(contact["tags"]).contains("event:\(QC.event)"), "no event tag: \(contact["tags"] ?? "none")")

            let interactions = try await server.interactions(of: id, session: session)
            #expect(interactions.count == 2, "one interaction per submission expected: \(interactions)")
            #expect(interactions.contains { ($0["notes"] as? String ?? "").contains("Visitor's own note") },
                    "the visitor's note is not in an interaction: \(interactions)")
        }
    }
}
