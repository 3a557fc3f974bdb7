import Foundation
import Testing

/// The daily digest on a server frozen at 2026-11-21 07:30 UTC: the ranking (order, scores, reasons) of crafted
/// contacts, and the email a settings change sends when the digest hour has come — once a day at most.
@Suite("CRM: digest", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct CRMDigestTests {
    /// One crafted contact: its fields, the date of its last interaction, and what the digest must say about it.
    struct Crafted {
        var name: String
        var fields: [String: Any]
        var lastInteraction: String?
        /// nil: not listed.
        var score: Int?
        var kinds: [String]
    }

    /// Contacts whose scores follow from the documented formula (today is 2026-11-21):
    /// overdue d days: 100 + 10·d·importance; due today: 60·importance; due in k ≤ 3 days: (4 − k)·10·importance;
    /// birthday in b ≤ 7 days: 80 − 10·b; VIP quiet for 90+ days: 50; a VIP's total doubles.
    static var crafted: [Crafted] {
        [
            // Due 2026-11-19: overdue 2 days, importance 2 → 140, VIP → 280.
            Crafted(name: "Vera Vip", fields: ["cadence_days": 30, "vip": true], lastInteraction: "2026-10-20", score: 280, kinds: ["overdue"]),
            // Due 2026-11-16: overdue 5 days, importance 3 → 100 + 150.
            Crafted(name: "Olga Overdue", fields: ["cadence_days": 30, "importance": 3], lastInteraction: "2026-10-17", score: 250, kinds: ["overdue"]),
            // Due today, importance 2 → 120.
            Crafted(name: "Tom Today", fields: ["cadence_days": 7], lastInteraction: "2026-11-14", score: 120, kinds: ["due_today"]),
            // Due 2026-11-24 (k = 3): 10·2 = 20, plus a birthday today: 80 → 100; ties with Victor, and comes first by name.
            Crafted(name: "Bob Both", fields: ["cadence_days": 5, "birthday": "--11-21"], lastInteraction: "2026-11-19", score: 100,
                    kinds: ["due_soon", "birthday"]),
            // A VIP last contacted 112 days ago, no cadence: 50, doubled → 100.
            Crafted(name: "Victor Quiet", fields: ["vip": true], lastInteraction: "2026-08-01", score: 100, kinds: ["vip_quiet"]),
            // Birthday in 3 days: 80 − 30.
            Crafted(name: "Bea Birthday", fields: ["birthday": "1990-11-24"], lastInteraction: nil, score: 50, kinds: ["birthday"]),
            // Due 2026-11-23 (k = 2), importance 1: 2·10·1.
            Crafted(name: "Sam Soon", fields: ["cadence_days": 10, "importance": 1], lastInteraction: "2026-11-13", score: 20, kinds: ["due_soon"]),
            // Not listed: due 2026-12-20; birthday 8 days away; a VIP added today and never contacted; a VIP contacted 89 days ago.
            Crafted(name: "Carl Calm", fields: ["cadence_days": 30], lastInteraction: "2026-11-20", score: nil, kinds: []),
            Crafted(name: "Bert Later", fields: ["birthday": "--11-29"], lastInteraction: nil, score: nil, kinds: []),
            Crafted(name: "Nina New Vip", fields: ["vip": true], lastInteraction: nil, score: nil, kinds: []),
            Crafted(name: "Quinn Almost", fields: ["vip": true], lastInteraction: "2026-08-24", score: nil, kinds: []),
        ]
    }

    /// Creates ``crafted`` for `session`; returns the ids by name.
    static func createCrafted(_ server: ServerProcess, session: String) async throws -> [String: String] {
        var ids: [String: String] = [:]
        for contact in crafted {
            var body = contact.fields
            body["name"] = contact.name
            let id = try #require(try await server.createContact(body, session: session)["id"] as? String)
            if let date = contact.lastInteraction {
                try await server.logInteraction(id, ["type": "message", "date": date], session: session)
            }
            ids[contact.name] = id
        }
        return ids
    }

    /// The digest emails sent to `email` so far.
    static func digestMails(_ server: ServerProcess, to email: String) -> [MailMessage] {
        server.mails(to: email).filter { $0.subject?.contains(" digest for ") == true }
    }

    @Test("GET /api/digest ranks the crafted contacts in the documented order with the documented scores and reasons")
    func ranking() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("digest-rank@example.test")
            let ids = try await Self.createCrafted(server, session: session)

            let response = await server.get("/api/digest", session: session)
            #expect(response.status == 200, "GET /api/digest: \(response)")
            let digest = try #require(response.object, "the digest is not an object: \(response)")
            #expect(digest["date"] as? String == CRM.today, "digest date: \(digest["date"] ?? "missing")")
            #expect(digest["generated_at"] is String, "generated_at: \(digest["generated_at"] ?? "missing")")
            #expect(JSONValue.isNull(digest["mailed_at"]), "mailed_at before any mail: \(digest["mailed_at"] ?? "missing")")
            #expect(digest["insights"] is [String], "insights: \(digest["insights"] ?? "missing")")

            let priorities = JSONValue.objects(digest["priorities"])
            let expected = Self.crafted.filter { $0.score != nil }
            #expect(priorities.compactMap { $0["name"] as? String } == expected.map(\.name),
                    "digest order: \(priorities.map { "\($0["name"] ?? "?") \($0["score"] ?? "?")" })")
            #expect(priorities.compactMap { JSONValue.int($0["score"]) } == expected.compactMap(\.score), "digest scores")
            for entry in priorities {
                let name = entry["name"] as? String ?? "?"
                guard let crafted = expected.first(where: { $0.name == name }) else { continue }
                #expect(entry["contact_id"] as? String == ids[name], "\(name): contact_id")
                let reasons = JSONValue.objects(entry["reasons"])
                #expect(reasons.compactMap { $0["kind"] as? String } == crafted.kinds, "\(name): reasons \(reasons)")
                #expect(reasons.allSatisfy { ($0["text"] as? String)?.isEmpty == false }, "\(name): a reason without text")
                let link = entry["log_url"] as? String ?? ""
                #expect(link.hasPrefix(server.appURL) && link.contains("/app/contacts/\(ids[name] ?? "?")"), "\(name): log_url \(link)")
            }
            let texts = Dictionary(uniqueKeysWithValues: priorities.compactMap { entry -> (String, [String])? in
                guard let name = entry["name"] as? String else { return nil }
                return (name, JSONValue.objects(entry["reasons"]).compactMap { $0["text"] as? String })
            })
            #expect(texts["Olga Overdue"] == ["follow-up overdue by 5 days"], "Olga's reason: \(texts["Olga Overdue"] ?? [])")
            #expect(texts["Vera Vip"] == ["follow-up overdue by 2 days"], "Vera's reason: \(texts["Vera Vip"] ?? [])")
            #expect(texts["Tom Today"] == ["follow-up due today"], "Tom's reason: \(texts["Tom Today"] ?? [])")
            #expect(texts["Bob Both"] == ["follow-up due in 3 days", "birthday today"], "Bob's reasons: \(texts["Bob Both"] ?? [])")
            #expect(texts["Victor Quiet"] == ["VIP, no contact for 112 days"], "Victor's reason: \(texts["Victor Quiet"] ?? [])")
            #expect(texts["Bea Birthday"]?.first?.hasPrefix("birthday in 3 days") == true, "Bea's reason: \(texts["Bea Birthday"] ?? [])")

            // Logging an interaction with Olga today takes her off; a second GET recomputes the day's digest.
            try await server.logInteraction(try #require(ids["Olga Overdue"]), ["type": "call"], session: session)
            let after = await server.get("/api/digest", session: session)
            let names = JSONValue.objects(after.object?["priorities"]).compactMap { $0["name"] as? String }
            #expect(names == ["Vera Vip", "Tom Today", "Bob Both", "Victor Quiet", "Bea Birthday", "Sam Soon"], "after logging Olga: \(names)")
        }
    }

    @Test("PUT /api/settings with digest_hour 0 mails the digest once: names and log links in order; a second sweep sends nothing")
    func digestMail() async throws {
        try await CRM.run { server in
            let email = "digest-mail@example.test"
            let session = try await server.verifiedSession(email)
            let ids = try await Self.createCrafted(server, session: session)

            let settings = await server.get("/api/settings", session: session)
            #expect(settings.status == 200, "GET /api/settings: \(settings)")
            let defaults = settings.object ?? [:]
            #expect(defaults["email"] as? String == email && JSONValue.bool(defaults["verified"]) == true, "settings: \(settings)")
            #expect(defaults["time_zone"] as? String == "UTC" && JSONValue.int(defaults["digest_hour"]) == 8
                    && JSONValue.bool(defaults["digest_enabled"]) == true, "default settings: \(settings)")

            // 07:30 UTC is before the default hour (8): saving an unrelated setting sends nothing.
            let early = await server.put("/api/settings", json: ["digest_enabled": true], session: session)
            #expect(early.status == 200, "PUT /api/settings: \(early)")
            _ = await server.settle()
            #expect(Self.digestMails(server, to: email).isEmpty, "a digest was mailed before the digest hour")

            let saved = await server.put("/api/settings", json: ["digest_hour": 0, "time_zone": "UTC", "digest_enabled": true], session: session)
            #expect(saved.status == 200, "PUT /api/settings: \(saved)")
            #expect(JSONValue.int(saved.object?["digest_hour"]) == 0, "saved settings: \(saved)")
            let arrived = await server.eventually { !Self.digestMails(server, to: email).isEmpty }
            try #require(arrived, "no digest email in \(server.mailDir.path); mails: \(server.mails.map(\.description))\nlog:\n\(server.logTail())")

            let mail = try #require(Self.digestMails(server, to: email).first)
            let subject = mail.subject ?? ""
            #expect(subject.hasPrefix("Your ") && subject.contains(" digest for 2026-11-21"), "subject: \(subject)")
            #expect(subject.contains("7 people need attention"), "subject: \(subject)")
            // The text part lists the names in ranking order, each with a link to its contact.
            let listed = Self.crafted.filter { $0.score != nil }.map(\.name)
            let positions = listed.map { mail.raw.range(of: $0)?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil }, "the mail lacks names: \(listed.filter { !mail.raw.contains($0) })\n\(mail)")
            let found = positions.compactMap { $0 }
            #expect(found == found.sorted(), "the mail lists the names out of order:\n\(mail.raw)")
            for name in listed {
                let link = "\(server.appURL)/app/contacts/\(ids[name] ?? "?")"
                #expect(mail.raw.contains(link), "the mail has no link \(link) for \(name)")
            }
            for name in ["Carl Calm", "Bert Later", "Nina New Vip", "Quinn Almost"] {
                #expect(!mail.raw.contains(name), "the mail lists \(name), who needs no attention")
            }
            let digest = await server.get("/api/digest", session: session)
            #expect(digest.object?["mailed_at"] is String, "mailed_at after the mail: \(digest)")

            // More sweeps the same day (this owner's and another owner's) send nothing more to this owner.
            let again = await server.put("/api/settings", json: ["digest_hour": 1], session: session)
            #expect(again.status == 200, "second PUT /api/settings: \(again)")
            let otherEmail = "digest-other@example.test"
            let other = try await server.verifiedSession(otherEmail)
            try await server.createContact(["name": "Someone Due", "cadence_days": 1], session: other)
            #expect(await server.put("/api/settings", json: ["digest_hour": 0], session: other).status == 200)
            let otherArrived = await server.eventually { !Self.digestMails(server, to: otherEmail).isEmpty }
            #expect(otherArrived, "the other owner's digest never arrived")
            _ = await server.settle()
            #expect(Self.digestMails(server, to: email).count == 1, "the digest was mailed twice: \(Self.digestMails(server, to: email).map(\.description))")
            #expect(Self.digestMails(server, to: otherEmail).count == 1, "the other owner got \(Self.digestMails(server, to: otherEmail).count) digests")
            let otherMail = try #require(Self.digestMails(server, to: otherEmail).first)
            for name in listed {
                #expect(!otherMail.raw.contains(name), "the other owner's digest lists \(name)")
            }
        }
    }

    @Test("no digest mail for an owner who turned it off, nor for an unverified one, nor when nobody needs attention")
    func noDigestWhenOffOrUnverified() async throws {
        try await CRM.run { server in
            let offEmail = "digest-off@example.test"
            let off = try await server.verifiedSession(offEmail)
            try await server.createContact(["name": "Due Person", "cadence_days": 1], session: off)
            #expect(await server.put("/api/settings", json: ["digest_hour": 0, "digest_enabled": false], session: off).status == 200)

            let unverifiedEmail = "digest-unverified@example.test"
            #expect(await server.signUp(unverifiedEmail).status == 202)
            let unverified = try await server.session(unverifiedEmail)
            let contact = await server.post("/api/contacts", json: ["name": "Also Due", "cadence_days": 1], session: unverified)
            let unverifiedSaved = await server.put("/api/settings", json: ["digest_hour": 0], session: unverified)

            let emptyEmail = "digest-empty@example.test"
            let empty = try await server.verifiedSession(emptyEmail)
            try await server.createContact(["name": "Nothing Due"], session: empty)
            #expect(await server.put("/api/settings", json: ["digest_hour": 0], session: empty).status == 200)

            // A verified owner with the digest on, saved last, proves the sweeps ran.
            let onEmail = "digest-on@example.test"
            let on = try await server.verifiedSession(onEmail)
            try await server.createContact(["name": "Due Too", "cadence_days": 1], session: on)
            #expect(await server.put("/api/settings", json: ["digest_hour": 0], session: on).status == 200)
            #expect(await server.eventually { !Self.digestMails(server, to: onEmail).isEmpty }, "the control owner's digest never arrived")
            _ = await server.settle()
            #expect(Self.digestMails(server, to: offEmail).isEmpty, "a digest went to an owner who turned it off")
            #expect(Self.digestMails(server, to: emptyEmail).isEmpty, "an empty digest was mailed")
            if contact.status == 201 && unverifiedSaved.status == 200 {
                #expect(Self.digestMails(server, to: unverifiedEmail).isEmpty, "a digest went to an unverified address")
            }
        }
    }
}
