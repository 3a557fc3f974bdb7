import Foundation
import Testing

/// The follow-up engine through the API, on a server whose clock is frozen at 2026-11-21 07:30 UTC: cadence and
/// last interaction give the next date and the status, a one-off reminder wins when it is earlier, logging resets.
@Suite("CRM: follow-ups", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct CRMFollowUpTests {
    @Test("cadence from the last interaction gives overdue, due_soon and ok; an earlier reminder wins; the list is soonest first")
    func statusesAndOrder() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("followups@example.test")
            func make(_ name: String, _ fields: [String: Any], lastInteraction: String?) async throws -> String {
                var body = fields
                body["name"] = name
                let id = try #require(try await server.createContact(body, session: session)["id"] as? String)
                if let lastInteraction { try await server.logInteraction(id, ["type": "call", "date": lastInteraction], session: session) }
                return id
            }
            // Today is 2026-11-21.
            let olga = try await make("Olga Overdue", ["cadence_days": 30], lastInteraction: "2026-10-01")  // due 2026-10-31
            let sam = try await make("Sam Soon", ["cadence_days": 30], lastInteraction: "2026-10-23")  // due 2026-11-22
            let fiona = try await make("Fiona Fine", ["cadence_days": 30], lastInteraction: "2026-11-10")  // due 2026-12-10
            let nora = try await make("Nora New", ["cadence_days": 10], lastInteraction: nil)  // added today: due 2026-12-01
            let ned = try await make("Ned No Cadence", [:], lastInteraction: "2026-06-01")  // never due
            let rita = try await make("Rita Reminder", ["cadence_days": 60, "reminder_date": "2026-11-23"], lastInteraction: nil)
            let tess = try await make("Tess Today", ["cadence_days": 7], lastInteraction: "2026-11-14")  // due today
            let rhea = try await make("Rhea Reminder Only", ["reminder_date": "2026-11-19"], lastInteraction: nil)  // no cadence

            let expected: [(String, String?, String?, String)] = [  // id, last contacted, next follow-up, status
                (olga, "2026-10-01", "2026-10-31", "overdue"),
                (sam, "2026-10-23", "2026-11-22", "due_soon"),
                (fiona, "2026-11-10", "2026-12-10", "ok"),
                (nora, nil, "2026-12-01", "ok"),
                (ned, "2026-06-01", nil, "ok"),
                (rita, nil, "2026-11-23", "due_soon"),  // the reminder beats the cadence's 2027-01-20
                (tess, "2026-11-14", CRM.today, "due_soon"),
                (rhea, nil, "2026-11-19", "overdue"),
            ]
            for (id, last, next, status) in expected {
                let contact = try await server.contact(id, session: session)
                let name = contact["name"] as? String ?? id
                #expect(contact["last_contacted"] as? String == last, "\(name): last_contacted \(contact["last_contacted"] ?? "nil")")
                #expect(contact["next_follow_up"] as? String == next, "\(name): next_follow_up \(contact["next_follow_up"] ?? "nil")")
                #expect(contact["status"] as? String == status, "\(name): status \(contact["status"] ?? "nil")")
            }

            // Soonest (most overdue) first; a contact without a next follow-up is not listed.
            let followUps = try await server.list("/api/follow-ups", session: session)
            let order = followUps.data.compactMap { $0["name"] as? String }
            #expect(order == ["Olga Overdue", "Rhea Reminder Only", "Tess Today", "Sam Soon", "Rita Reminder", "Nora New", "Fiona Fine"],
                    "GET /api/follow-ups order: \(order)")
            #expect(JSONValue.int(followUps.pagination["total"]) == 7, "follow-ups pagination: \(followUps.pagination)")
            let keys: Set<String> = ["contact_id", "name", "status", "next_follow_up", "last_contacted", "cadence_days", "reminder_date",
                                     "importance", "vip"]
            for line in followUps.data {
                #expect(Set(line.keys) == keys, "follow-up keys: \(line.keys.sorted())")
            }
            let ritaLine = try #require(followUps.data.first { $0["contact_id"] as? String == rita })
            #expect(ritaLine["reminder_date"] as? String == "2026-11-23" && JSONValue.int(ritaLine["cadence_days"]) == 60
                    && ritaLine["status"] as? String == "due_soon", "Rita's follow-up: \(ritaLine)")
            let olgaLine = try #require(followUps.data.first { $0["contact_id"] as? String == olga })
            #expect(olgaLine["status"] as? String == "overdue" && olgaLine["last_contacted"] as? String == "2026-10-01", "Olga: \(olgaLine)")

            // The status filter of the contact list agrees.
            #expect(try await server.names("/api/contacts?status=overdue&sort=name", session: session) == ["Olga Overdue", "Rhea Reminder Only"])
            #expect(try await server.names("/api/contacts?status=due_soon&sort=name", session: session) == ["Rita Reminder", "Sam Soon", "Tess Today"])
            #expect(try await server.names("/api/contacts?status=ok&sort=name", session: session) == ["Fiona Fine", "Ned No Cadence", "Nora New"])
            #expect(try await server.names("/api/contacts?sort=next_follow_up", session: session).prefix(3) == ["Olga Overdue", "Rhea Reminder Only", "Tess Today"])
            #expect(try await server.names("/api/contacts?sort=-last_contacted", session: session).prefix(4)
                    == ["Tess Today", "Fiona Fine", "Sam Soon", "Olga Overdue"])
        }
    }

    @Test("logging an interaction resets the timer, settles a pending reminder, or sets one with follow_up_date")
    func loggingResets() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("resets@example.test")
            let olgaContact = try await server.createContact(["name": "Olga Overdue", "cadence_days": 30, "importance": 3], session: session)
            let olga = try #require(olgaContact["id"] as? String)
            try await server.logInteraction(olga, ["type": "meeting", "date": "2026-10-01"], session: session)
            #expect(try await server.contact(olga, session: session)["status"] as? String == "overdue")

            // Logged today (the date defaults to today): contacted today, due in 30 days.
            let today = try await server.logInteraction(olga, ["type": "call", "notes": "caught up"], session: session)
            #expect(today["date"] as? String == CRM.today)
            var contact = try await server.contact(olga, session: session)
            #expect(contact["last_contacted"] as? String == CRM.today && contact["next_follow_up"] as? String == "2026-12-21"
                    && contact["status"] as? String == "ok", "after logging today: \(contact)")

            // A back-filled interaction older than the last one changes neither date.
            try await server.logInteraction(olga, ["type": "email", "date": "2026-11-05"], session: session)
            contact = try await server.contact(olga, session: session)
            #expect(contact["last_contacted"] as? String == CRM.today && contact["next_follow_up"] as? String == "2026-12-21",
                    "after a back-filled interaction: \(contact)")

            // Deleting today's interaction puts the follow-up back on the latest remaining one (Nov 5 + 30).
            let todayID = try #require(today["id"] as? String)
            #expect(await server.delete("/api/interactions/\(todayID)", session: session).status == 204)
            contact = try await server.contact(olga, session: session)
            #expect(contact["last_contacted"] as? String == "2026-11-05" && contact["next_follow_up"] as? String == "2026-12-05"
                    && contact["status"] as? String == "ok", "after deleting the newest interaction: \(contact)")

            // A pending reminder earlier than the cadence wins; an interaction without follow_up_date settles it.
            let ritaContact = try await server.createContact(["name": "Rita Reminder", "cadence_days": 60, "reminder_date": "2026-11-23"],
                                                             session: session)
            let rita = try #require(ritaContact["id"] as? String)
            #expect(ritaContact["next_follow_up"] as? String == "2026-11-23" && ritaContact["status"] as? String == "due_soon", "\(ritaContact)")
            try await server.logInteraction(rita, ["type": "message", "date": "2026-11-20"], session: session)
            contact = try await server.contact(rita, session: session)
            #expect(JSONValue.isNull(contact["reminder_date"]), "the interaction did not settle the reminder: \(contact)")
            #expect(contact["last_contacted"] as? String == "2026-11-20" && contact["next_follow_up"] as? String == "2027-01-19"
                    && contact["status"] as? String == "ok", "after settling the reminder: \(contact)")

            // An interaction with follow_up_date sets the reminder, which wins while it is earlier than the cadence.
            let set = try await server.logInteraction(rita, ["type": "call", "follow_up_date": "2026-11-24"], session: session)
            #expect(set["follow_up_date"] as? String == "2026-11-24", "the interaction's follow_up_date: \(set)")
            contact = try await server.contact(rita, session: session)
            #expect(contact["reminder_date"] as? String == "2026-11-24" && contact["next_follow_up"] as? String == "2026-11-24"
                    && contact["status"] as? String == "due_soon", "after an interaction with follow_up_date: \(contact)")

            // A reminder later than the cadence does not postpone it.
            let patched = await server.patch("/api/contacts/\(rita)", json: ["reminder_date": "2027-06-01"], session: session)
            #expect(patched.object?["next_follow_up"] as? String == "2027-01-20" && patched.object?["reminder_date"] as? String == "2027-06-01",
                    "a reminder later than the cadence: \(patched)")
            // Changing the cadence moves the date; clearing both leaves none, and the contact leaves the follow-up list.
            let cadence = await server.patch("/api/contacts/\(rita)", json: ["cadence_days": 1], session: session)
            #expect(cadence.object?["next_follow_up"] as? String == "2026-11-22" && cadence.object?["status"] as? String == "due_soon",
                    "a one-day cadence: \(cadence)")
            let none = await server.patch("/api/contacts/\(rita)", json: ["cadence_days": NSNull(), "reminder_date": NSNull()], session: session)
            #expect(JSONValue.isNull(none.object?["next_follow_up"]) && none.object?["status"] as? String == "ok", "no cadence, no reminder: \(none)")
            let listed = try await server.names("/api/follow-ups", session: session)
            #expect(listed == ["Olga Overdue"], "follow-ups: \(listed)")
        }
    }

    @Test("today follows the owner's time zone: at 07:30 UTC it is still the 20th in Honolulu")
    func timeZoneMovesToday() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("zones@example.test")
            let contact = try await server.createContact(["name": "Zoe Zone", "cadence_days": 5], session: session)
            let id = try #require(contact["id"] as? String)
            try await server.logInteraction(id, ["type": "call", "date": "2026-11-17"], session: session)  // due 2026-11-22
            #expect(try await server.contact(id, session: session)["status"] as? String == "due_soon")

            let saved = await server.put("/api/settings", json: ["time_zone": "Pacific/Honolulu"], session: session)
            #expect(saved.status == 200 && saved.object?["time_zone"] as? String == "Pacific/Honolulu", "settings: \(saved)")
            // 07:30 UTC is 21:30 on Nov 20 in Honolulu: an interaction without a date is dated the 20th.
            let logged = try await server.logInteraction(id, ["type": "message"], session: session)
            #expect(logged["date"] as? String == "2026-11-20", "the default date in Honolulu: \(logged)")

            let bad = await server.put("/api/settings", json: ["time_zone": "Mars/Olympus_Mons"], session: session)
            #expect(bad.status == 422 && bad.errorFields.contains("time_zone"), "an unknown time zone: \(bad)")
            let badHour = await server.put("/api/settings", json: ["digest_hour": 24], session: session)
            #expect(badHour.status == 422 && badHour.errorFields.contains("digest_hour"), "digest_hour 24: \(badHour)")
            let settings = await server.get("/api/settings", session: session)
            #expect(settings.object?["time_zone"] as? String == "Pacific/Honolulu", "a refused PUT changed the settings: \(settings)")
            #expect(JSONValue.int(settings.object?["digest_hour"]) == 8, "the default digest hour: \(settings)")
        }
    }
}
