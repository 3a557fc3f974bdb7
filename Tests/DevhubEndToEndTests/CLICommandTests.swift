import DevhubCore
import Foundation
import Testing

/// The `devhub` client end to end: the real binary against a live server, every command's `--json` output parsed
/// and compared with what the API holds.
@Suite("devhub CLI commands against a live server", .enabled(if: CLI.serverHasAPIKeys, CLI.noKeysReason))
struct CLICommandTests {
    @Test("login reads the key from standard input into HOME/.devhub/config.json (folder 0700, file 0600); a refused key is not stored; logout removes the file; DEVHUB_URL and DEVHUB_TOKEN work without it")
    func loginAndLogout() async throws {
        try await CLI.run { server, home, _, key in
            let data = try Data(contentsOf: home.configFile)
            let config = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(config["url"] as? String == server.appURL)
            #expect(config["token"] as? String == key)
            #expect(try CLIHome.mode(home.configDirectory) == 0o700)
            #expect(try CLIHome.mode(home.configFile) == 0o600)
            #expect(try FileManager.default.contentsOfDirectory(atPath: home.configDirectory.path) == ["config.json"])

            let again = try await home.object(["login", "--url", server.appURL + "/", "--token", key])
            #expect(again["email"] as? String == "cli-owner@example.test")
            #expect(again["url"] as? String == server.appURL)
            #expect(again["config"] as? String == home.configFile.path)

            let refused = await home.run(["login", "--url", server.appURL, "--token", APIKeyFormat.generate()])
            #expect(refused.status == 2, "\(refused)")
            #expect(refused.stderr.hasPrefix("devhub: login: the server refused the API key (401)"), "\(refused)")
            #expect(try String(contentsOf: home.configFile, encoding: .utf8).contains(key), "a refused key replaced the stored one")

            let logout = await home.run(["logout"])
            #expect(logout.status == 0, "\(logout)")
            #expect(!FileManager.default.fileExists(atPath: home.configFile.path))
            let loggedOut = await home.run(["contacts", "list"])
            #expect(loggedOut.status == 2, "\(loggedOut)")
            #expect(loggedOut.stderr.hasPrefix("devhub: contacts list: not logged in"), "\(loggedOut)")

            let byEnvironment = try await home.json(["contacts", "list"], environment: ["DEVHUB_URL": server.appURL, "DEVHUB_TOKEN": key])
            #expect((byEnvironment as? [Any])?.isEmpty == true, "contacts list with DEVHUB_URL and DEVHUB_TOKEN: \(byEnvironment)")
        }
    }

    @Test("contacts add, list (--tag, --search, --due), show (by id, email, name prefix) and edit print the API's contacts")
    func contacts() async throws {
        try await CLI.run { server, home, session, _ in
            let ada = try await home.object(["contacts", "add", "Ada Lovelace", "--email", "ada@example.test", "--tag", "math", "--tag", "engines"])
            let adaID = try #require(ada["id"] as? String)
            let storedAda = try await server.contact(adaID, session: session)
            #expect(JSONValue.canonical(ada) == JSONValue.canonical(storedAda))
            #expect(Set(JSONValue.strings(storedAda["tags"])) == ["math", "engines"])
            let grace = try await home.object(["contacts", "add", "Grace Hopper", "--company", "US Navy", "--tag", "navy"])
            let graceID = try #require(grace["id"] as? String)
            let alan = try await home.object(["contacts", "add", "Alan Turing"])
            let alanID = try #require(alan["id"] as? String)

            let listed = try await home.objects(["contacts", "list"])
            let api = try await server.allContacts(session: session)
            #expect(listed.compactMap { $0["id"] as? String } == [adaID, alanID, graceID], "sorted by name")
            #expect(Set(listed.map(JSONValue.canonical)) == Set(api.map(JSONValue.canonical)))
            #expect(try await home.objects(["contacts", "list", "--tag", "math"]).compactMap { $0["id"] as? String } == [adaID])
            #expect(try await home.objects(["contacts", "list", "--search", "Navy"]).compactMap { $0["id"] as? String } == [graceID])

            // Today is CRM.today (2026-11-21): Grace overdue, Alan due within three days, Ada not due.
            _ = try await home.object(["contacts", "edit", graceID, "--reminder-date", "2026-11-20"])
            _ = try await home.object(["contacts", "edit", "Alan", "--reminder-date", "2026-11-23"])
            let due = try await home.objects(["contacts", "list", "--due"])
            #expect(due.compactMap { $0["id"] as? String } == [graceID, alanID], "overdue first, then due soon")
            #expect(due.compactMap { $0["status"] as? String } == ["overdue", "due_soon"])

            for argument in [adaID, "ADA@example.test", "ada l", "Ada Lovelace"] {
                let shown = try await home.object(["contacts", "show", argument])
                #expect(shown["id"] as? String == adaID, "contacts show \(argument)")
            }
            let shownAda = try await home.object(["contacts", "show", adaID])
            #expect(JSONValue.canonical(shownAda) == JSONValue.canonical(try await server.contact(adaID, session: session)))

            let edited = try await home.object([
                "contacts", "edit", "ada", "--company", "Analytical Engines", "--phone", "+44 20 7946 0000", "--vip", "--importance", "high",
                "--cadence-days", "30", "--birthday", "1815-12-10", "--main-app", "Signal", "--notes", "Poetical science",
            ])
            let afterEdit = try await server.contact(adaID, session: session)
            #expect(JSONValue.canonical(edited) == JSONValue.canonical(afterEdit))
            #expect(afterEdit["company"] as? String == "Analytical Engines")
            #expect(afterEdit["phone"] as? String == "+44 20 7946 0000")
            #expect(afterEdit["vip"] as? Bool == true)
            #expect(JSONValue.int(afterEdit["importance"]) == 3)
            #expect(JSONValue.int(afterEdit["cadence_days"]) == 30)
            #expect(afterEdit["main_app"] as? String == "Signal")
            #expect(afterEdit["email"] as? String == "ada@example.test", "a field not given stays")

            _ = try await home.object(["contacts", "edit", adaID, "--phone", "", "--no-vip", "--clear-tags", "--cadence-days", ""])
            let cleared = try await server.contact(adaID, session: session)
            #expect(JSONValue.isNull(cleared["phone"]))
            #expect(cleared["vip"] as? Bool == false)
            #expect(JSONValue.strings(cleared["tags"]).isEmpty)
            #expect(JSONValue.isNull(cleared["cadence_days"]))
            #expect(cleared["company"] as? String == "Analytical Engines")

            _ = try await home.object(["contacts", "edit", adaID, "--link", "Notes=https://example.test/notes?a=1", "--link", "Blog = https://blog.example.test",
                                       "--likes", "Poetry", "--family", "Byron's daughter"])
            _ = try await home.object(["contacts", "edit", adaID, "--dislikes", "Gambling", "--family", ""])
            let nested = try await server.contact(adaID, session: session)
            let links = (nested["links"] as? [[String: Any]] ?? []).map { "\($0["label"] ?? "")=\($0["url"] ?? "")" }
            #expect(links == ["Notes=https://example.test/notes?a=1", "Blog=https://blog.example.test"], "\(links)")
            let background = nested["background"] as? [String: Any] ?? [:]
            #expect(background["likes"] as? String == "Poetry", "a background part not given stays: \(background)")
            #expect(background["dislikes"] as? String == "Gambling")
            #expect(JSONValue.isNull(background["family"]), "an empty value clears a part: \(background)")
            _ = try await home.object(["contacts", "edit", adaID, "--clear-links"])
            #expect((try await server.contact(adaID, session: session)["links"] as? [Any])?.isEmpty == true)

            for environment in [[:], ["NO_COLOR": "1"]] {
                let table = await home.run(["contacts", "list"], environment: environment)
                #expect(table.status == 0, "\(table)")
                #expect(table.stdout.hasPrefix("ID"), "\(table)")
                #expect(table.stdout.contains("Grace Hopper") && table.stdout.contains("overdue"), "\(table)")
                #expect(!CLI.hasEscape(table.stdout), "ANSI escapes on a non-terminal: \(table)")
                let details = await home.run(["contacts", "show", "grace"], environment: environment)
                #expect(details.status == 0 && details.stdout.contains("US Navy") && !CLI.hasEscape(details.stdout), "\(details)")
            }
        }
    }

    @Test("log finds the contact by name prefix and logs --type and --date; due lists today's follow-ups overdue first; digest matches GET /api/digest")
    func logDueAndDigest() async throws {
        try await CLI.run { server, home, session, _ in
            let linus = try await server.createContact(["name": "Linus Torvalds", "reminder_date": "2026-11-19", "vip": true], session: session)
            let margaret = try await server.createContact(["name": "Margaret Hamilton", "reminder_date": CRM.today], session: session)
            _ = try await server.createContact(["name": "Barbara Liskov", "reminder_date": "2026-11-24"], session: session)
            let edsger = try await server.createContact(["name": "Edsger Dijkstra", "email": "ewd@example.test"], session: session)
            let edsgerID = try #require(edsger["id"] as? String)

            let logged = try await home.object(["log", "edsger", "Talked about goto", "--type", "pairing", "--date", "2026-11-20"])
            #expect(logged["contact_id"] as? String == edsgerID)
            #expect(logged["type"] as? String == "pairing")
            #expect(logged["date"] as? String == "2026-11-20")
            #expect(logged["notes"] as? String == "Talked about goto")
            let interactions = try await server.list("/api/contacts/\(edsgerID)/interactions", session: session).data
            #expect(interactions.map(JSONValue.canonical) == [JSONValue.canonical(logged)])
            let byEmail = try await home.object(["log", "ewd@example.test"])
            #expect(byEmail["type"] as? String == "other")
            #expect(byEmail["date"] as? String == CRM.today, "today in the owner's time zone by default")

            let due = try await home.objects(["due"])
            #expect(due.compactMap { $0["contact_id"] as? String } == [linus["id"] as? String, margaret["id"] as? String].compactMap { $0 })
            #expect(due.compactMap { $0["next_follow_up"] as? String } == ["2026-11-19", CRM.today])

            let digest = try await home.object(["digest"])
            let apiDigest = try #require(await server.get("/api/digest", session: session).object)
            #expect(digest["date"] as? String == CRM.today)
            #expect(JSONValue.canonical(digest["priorities"] ?? []) == JSONValue.canonical(apiDigest["priorities"] ?? []))
            #expect(JSONValue.canonical(digest["insights"] ?? []) == JSONValue.canonical(apiDigest["insights"] ?? []))
            #expect(JSONValue.objects(digest["priorities"]).contains { $0["name"] as? String == "Linus Torvalds" })

            for args in [["due"], ["digest"]] {
                let text = await home.run(args, environment: ["NO_COLOR": "1"])
                #expect(text.status == 0 && text.stdout.contains("Linus Torvalds") && !CLI.hasEscape(text.stdout), "\(text)")
            }
            let dueText = await home.run(["due"])
            let linusLine = try #require(dueText.stdout.split(separator: "\n").firstIndex { $0.contains("Linus") })
            let margaretLine = try #require(dueText.stdout.split(separator: "\n").firstIndex { $0.contains("Margaret") })
            #expect(linusLine < margaretLine, "overdue first: \(dueText)")
            #expect(!dueText.stdout.contains("Barbara"), "\(dueText)")
        }
    }

    @Test("qc new, list and revoke, and export in vcard, csv and json agree with the API")
    func quickConnectAndExport() async throws {
        try await CLI.run { server, home, session, _ in
            let created = try await home.object(["qc", "new", "--event", "CLI Conf", "--hours", "5"])
            let id = try #require(created["id"] as? String)
            let formURL = try #require(created["form_url"] as? String)
            let stored = try await server.quickConnect(id, session: session)
            #expect(stored["event"] as? String == "CLI Conf")
            #expect(stored["status"] as? String == "active")
            #expect(stored["expires_at"] as? String == "2026-11-21T12:30:00Z", "five hours after the server's clock")
            #expect(stored["form_url"] as? String == formURL)

            let listed = try await home.objects(["qc", "list"])
            #expect(listed.compactMap { $0["id"] as? String } == [id])
            let table = await home.run(["qc", "list"])
            #expect(table.status == 0 && table.stdout.contains("CLI Conf") && !CLI.hasEscape(table.stdout), "\(table)")

            let revoked = try await home.object(["qc", "revoke", id])
            #expect(revoked["status"] as? String == "revoked")
            #expect(try await server.quickConnect(id, session: session)["status"] as? String == "revoked")

            _ = try await server.createContact(["name": "Katherine Johnson", "email": "kj@example.test", "tags": ["nasa"]], session: session)
            let folder = try home.home.appendingPathComponent("exports", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for format in ["vcard", "csv", "json"] {
                let api = await server.get("/api/export/\(format)", session: session)
                try #require(api.status == 200, "\(api)")
                let file = folder.appendingPathComponent("contacts.\(format)")
                let summary = try await home.object(["export", "--format", format, "--output", file.path])
                let written = try String(contentsOf: file, encoding: .utf8)
                #expect(written == api.body, "export --format \(format)")
                #expect(JSONValue.int(summary["bytes"]) == written.utf8.count)
                #expect(written.contains("Katherine Johnson"))
                let toStdout = await home.run(["export", "--format", format])
                #expect(toStdout.status == 0 && toStdout.stdout == api.body, "export --format \(format) to standard output: \(toStdout)")
            }
        }
    }
}
