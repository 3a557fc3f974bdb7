import Foundation
import Testing

/// The CRM's HTML pages end to end, as a person uses them in a browser (here with curl): the contact form, the
/// contact page and its quick log form, imports, the list's filters and bulk actions, the dashboard, settings and
/// account deletion. The server's clock is frozen at ``CRMPages/fixedTime`` (today is 2026-11-21 in UTC).
@Suite("CRM pages", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct CRMPagesTests {
    // MARK: (1) Contact form, contact page, quick log

    @Test("add a contact by the form, find it in the list and on its page, log interactions: the status follows")
    func addContactAndLogInteractions() async throws {
        try await CRMPages.run { server in
            let session = try await server.verifiedSession("journey@example.test")

            // The empty form posts to /app/contacts with every documented field.
            let blank = try await server.page("/app/contacts/new", session: session)
            let form = try #require(blank.html.tags.first { $0.name == "form" && $0["method"] == "post" && $0["action"] == "/app/contacts" },
                                    "no form posting to /app/contacts: \(blank)")
            #expect(form["action"] == "/app/contacts")
            let names = Set(blank.html.tags.filter { ["input", "textarea", "select"].contains($0.name) }.compactMap { $0["name"] })
            for field in ["name", "email", "phone", "company", "relationship", "industry", "location", "birthday", "github", "website",
                          "main_app", "tags", "notes", "cadence_days", "importance", "reminder_date", "vip", "bg_family", "bg_company",
                          "bg_likes", "bg_dislikes", "bg_notes", "link_label_1", "link_url_1"] {
                #expect(names.contains(field), "the contact form has no field \(field): \(names.sorted())")
            }

            let id = try await server.addContactByForm([
                "name": "Ada Lovelace", "email": "ada@example.test", "phone": "+44 20 7946 0000", "company": "Analytical Engines",
                "relationship": "Mentor", "industry": "Computing", "location": "London", "birthday": "1815-12-10", "github": "ada-l",
                "website": "https://ada.example", "main_app": "Signal", "tags": "math, pioneers", "notes": "Met at the Swift meetup.",
                "cadence_days": "30", "importance": "3", "reminder_date": "2026-11-15", "vip": "true", "bg_family": "Two kids",
                "bg_likes": "Poetry", "link_label_1": "Blog", "link_url_1": "https://blog.ada.example",
            ], session: session)

            // The contact page shows what was typed; the past reminder makes the follow-up overdue.
            var page = try await server.page("/app/contacts/\(id)", session: session)
            let heading = HTMLText.visible(page.source.components(separatedBy: "<h1>").dropFirst().first?.components(separatedBy: "</h1>").first ?? "")
            #expect(heading == "Ada Lovelace VIP", "the contact page's heading: \(heading)")
            #expect(page.statusBadge?.status == "overdue" && page.statusBadge?.label == "Overdue", "status before logging: \(String(describing: page.statusBadge))")
            for text in ["Next follow-up 2026-11-15.", "Every 30 days.", "Reminder on 2026-11-15.", "Last contact: never.", "Importance: high.",
                         "Analytical Engines", "Mentor", "Computing", "London", "1815-12-10", "+44 20 7946 0000", "@ada-l", "Signal",
                         "Met at the Swift meetup.", "Two kids", "Poetry", "No interactions yet."] {
                #expect(page.text.contains(text), "the contact page lacks \"\(text)\": \(page.text)")
            }
            let hrefs = Set(page.html.tags.filter { $0.name == "a" }.compactMap { $0["href"] })
            for href in ["mailto:ada@example.test", "tel:+442079460000", "https://github.com/ada-l", "https://ada.example",
                         "https://blog.ada.example", "/app/contacts?tag=math", "/app/contacts?tag=pioneers", "/app/contacts/\(id)/edit"] {
                #expect(hrefs.contains(href), "the contact page has no link to \(href): \(hrefs.sorted())")
            }
            let logForm = page.html.tags.first { $0.name == "form" && $0["action"] == "/app/contacts/\(id)/interactions" }
            #expect(logForm?["method"] == "post", "no quick log form posting to /app/contacts/\(id)/interactions")
            #expect(page.inputValue("date") == CRMPages.today, "the log form's date does not default to today: \(String(describing: page.inputValue("date")))")
            #expect(page.selects["type"]?.map(\.value).contains("call") == true, "the log form offers no 'call' type: \(String(describing: page.selects["type"]))")

            // The list shows it, overdue, with its tags.
            let list = try await server.contactList(session: session)
            #expect(list.contactRows.map(\.id) == [id], "the list's rows: \(list.contactRows)")
            #expect(list.contactNames == ["Ada Lovelace"], "the list's rows: \(list.contactRows)")
            #expect(list.statusBadge?.status == "overdue", "the list's status: \(String(describing: list.statusBadge))")
            #expect(list.text.contains("Analytical Engines") && list.text.contains("math") && list.text.contains("pioneers"), "the list's row: \(list.text)")
            #expect(list.text.contains("Page 1 of 1"), "the list's pagination: \(list.text)")

            // Log a call by the quick form with the form's own date: the reminder is settled, the cadence counts from today.
            try await server.logInteractionByForm(id, type: "call", notes: "Caught up about the engine.", date: page.inputValue("date") ?? "", session: session)
            page = try await server.page("/app/contacts/\(id)", session: session)
            #expect(page.statusBadge?.status == "ok" && page.statusBadge?.label == "On track", "status after logging: \(String(describing: page.statusBadge))")
            #expect(page.text.contains("Next follow-up 2026-12-21."), "next follow-up after logging: \(page.text)")
            #expect(page.text.contains("Last contact: 2026-11-21."), "last contact after logging: \(page.text)")
            #expect(!page.text.contains("Reminder on 2026-11-15"), "the logged call did not settle the reminder: \(page.text)")
            var timeline = page.sectionText("id=\"timeline\"")
            #expect(timeline.contains("2026-11-21 · call"), "the timeline: \(timeline)")
            #expect(timeline.contains("Caught up about the engine."), "the timeline: \(timeline)")
            #expect(!timeline.contains("No interactions yet."), "the timeline: \(timeline)")

            // A second entry with "remind me on" in three days: due soon, newest first.
            try await server.logInteractionByForm(id, type: "message", notes: "Sent the paper.", date: CRMPages.today, followUp: "2026-11-24", session: session)
            page = try await server.page("/app/contacts/\(id)", session: session)
            #expect(page.statusBadge?.status == "due_soon" && page.statusBadge?.label == "Due soon", "status with a reminder: \(String(describing: page.statusBadge))")
            #expect(page.text.contains("Next follow-up 2026-11-24."), "next follow-up with a reminder: \(page.text)")
            timeline = page.sectionText("id=\"timeline\"")
            #expect(timeline.contains("message · reminder 2026-11-24"), "the timeline: \(timeline)")
            #expect(timeline.components(separatedBy: " · ").count == 4, "expected two entries in the timeline: \(timeline)")
            let dueSoon = try await server.contactList(status: "due_soon", session: session)
            #expect(dueSoon.contactNames == ["Ada Lovelace"], "status=due_soon: \(dueSoon.contactRows)")
            let overdue = try await server.contactList(status: "overdue", session: session)
            #expect(overdue.contactRows.isEmpty, "status=overdue after logging: \(overdue.contactRows)")

            // A bad interaction (follow-up before its date) answers 422 naming the field and logs nothing.
            let bad = try await server.postForm("/app/contacts/\(id)/interactions",
                                                [("type", "call"), ("notes", "Backwards"), ("date", "2026-11-20"), ("follow_up_date", "2026-11-01")],
                                                session: session)
            #expect(bad.status == 422, "a follow-up before the date: \(bad)")
            #expect(RenderedPage(bad.body).errorFields.contains("follow_up_date"), "the 422 page does not name follow_up_date: \(RenderedPage(bad.body).errorText)")
            page = try await server.page("/app/contacts/\(id)", session: session)
            #expect(!page.text.contains("Backwards"), "a refused interaction was logged: \(page.text)")
        }
    }

    @Test("a bad website or email answers 422 naming the field and keeps what was typed; nothing is saved")
    func badInputKeepsTheForm() async throws {
        try await CRMPages.run { server in
            let session = try await server.verifiedSession("typos@example.test")
            let typed: [String: String] = [
                "name": "Grace Hopper", "company": "US Navy", "tags": "cobol, navy", "notes": "Nanoseconds talk",
                "cadence_days": "14", "importance": "3", "vip": "true", "bg_likes": "Wire lengths",
                "link_label_1": "Talk", "link_url_1": "https://talk.example/grace",
            ]
            for (field, value) in [("website", "javascript:alert(1)"), ("website", "not a url"), ("email", "grace-at-navy")] {
                var values = typed
                values[field] = value
                let response = try await server.postForm("/app/contacts", CRMPages.contactForm(values), session: session)
                #expect(response.status == 422, "\(field)=\(value): \(response)")
                #expect(response.header("content-type")?.hasPrefix("text/html") == true, "\(field)=\(value): \(response)")
                let page = RenderedPage(response.body)
                #expect(page.errorFields == [field], "\(field)=\(value): the page names \(page.errorFields): \(page.errorText)")
                #expect(page.inputValue(field) == value, "\(field)=\(value): the field lost its value: \(String(describing: page.inputValue(field)))")
                #expect(page.inputValue("name") == "Grace Hopper", "\(field)=\(value): name: \(String(describing: page.inputValue("name")))")
                #expect(page.inputValue("company") == "US Navy", "\(field)=\(value): company: \(String(describing: page.inputValue("company")))")
                // Exactly as typed: re-joining the split pieces with ", " would add a space at every failed submission.
                #expect(page.inputValue("tags") == "cobol, navy", "\(field)=\(value): tags: \(String(describing: page.inputValue("tags")))")
                #expect(page.inputValue("cadence_days") == "14", "\(field)=\(value): cadence: \(String(describing: page.inputValue("cadence_days")))")
                #expect(page.inputValue("link_url_1") == "https://talk.example/grace", "\(field)=\(value): link: \(String(describing: page.inputValue("link_url_1")))")
                #expect(page.textareaValue("notes") == "Nanoseconds talk", "\(field)=\(value): notes: \(String(describing: page.textareaValue("notes")))")
                #expect(page.textareaValue("bg_likes") == "Wire lengths", "\(field)=\(value): likes: \(String(describing: page.textareaValue("bg_likes")))")
                #expect(page.selectedValue("importance") == "3", "\(field)=\(value): importance: \(String(describing: page.selects["importance"]))")
                let vip = page.html.tags.first { $0.name == "input" && $0["name"] == "vip" }
                #expect(vip?["checked"] != nil, "\(field)=\(value): the VIP box lost its tick")
                let form = page.html.tags.first { $0.name == "form" && $0["method"] == "post" && $0["action"] == "/app/contacts" }
                #expect(form != nil, "\(field)=\(value): the 422 page has no form posting to /app/contacts")
            }
            let list = try await server.contactList(session: session)
            #expect(list.contactRows.isEmpty, "a refused form saved a contact: \(list.contactRows)")

            // Corrected, the same form goes through.
            var fixed = typed
            fixed["website"] = "https://grace.example"
            fixed["email"] = "grace@navy.example"
            let id = try await server.addContactByForm(fixed, session: session)
            let page = try await server.page("/app/contacts/\(id)", session: session)
            #expect(page.text.contains("grace@navy.example") && page.text.contains("https://grace.example"), "the saved contact: \(page.text)")
        }
    }

    @Test("edit a contact by its form, then delete it from its page")
    func editAndDelete() async throws {
        try await CRMPages.run { server in
            let session = try await server.verifiedSession("editor@example.test")
            let id = try await server.addContactByForm(
                ["name": "Alan Turing", "company": "Bletchley", "tags": "crypto, math", "cadence_days": "30", "importance": "1", "vip": "true",
                 "notes": "Likes long runs."], session: session)
            let other = try await server.addContactByForm(["name": "Joan Clarke"], session: session)

            // The edit form starts from the stored values.
            let edit = try await server.page("/app/contacts/\(id)/edit", session: session)
            #expect(edit.html.tags.contains { $0.name == "form" && $0["action"] == "/app/contacts/\(id)" }, "the edit form does not post to /app/contacts/\(id)")
            #expect(edit.inputValue("name") == "Alan Turing", "edit form name: \(String(describing: edit.inputValue("name")))")
            #expect(edit.inputValue("company") == "Bletchley", "edit form company: \(String(describing: edit.inputValue("company")))")
            #expect(edit.inputValue("tags") == "crypto, math", "edit form tags: \(String(describing: edit.inputValue("tags")))")
            #expect(edit.inputValue("cadence_days") == "30", "edit form cadence: \(String(describing: edit.inputValue("cadence_days")))")
            #expect(edit.selectedValue("importance") == "1", "edit form importance: \(String(describing: edit.selects["importance"]))")
            #expect(edit.textareaValue("notes") == "Likes long runs.", "edit form notes: \(String(describing: edit.textareaValue("notes")))")
            #expect(edit.html.tags.first { $0.name == "input" && $0["name"] == "vip" }?["checked"] != nil, "edit form VIP box not ticked")

            // Submitting it changed (VIP unticked: the browser sends no vip field).
            let saved = try await server.postForm("/app/contacts/\(id)", CRMPages.contactForm(
                ["name": "Alan M. Turing", "company": "Manchester", "tags": "math", "cadence_days": "30", "importance": "3",
                 "notes": "Likes long runs."]), session: session)
            #expect(saved.status == 303, "POST /app/contacts/\(id): \(saved)")
            #expect(saved.header("location").map(CRMPages.contactID(fromLocation:)) == id, "the edit did not go back to the contact: \(saved)")
            let page = try await server.page("/app/contacts/\(id)", session: session)
            #expect(page.text.contains("Alan M. Turing") && page.text.contains("Manchester") && page.text.contains("Importance: high."), "after editing: \(page.text)")
            #expect(!page.text.contains("Bletchley") && !page.text.contains("crypto"), "old values remain after editing: \(page.text)")
            let vipMark = page.source.contains("<span class=\"badge\">VIP</span>")
            #expect(!vipMark, "the VIP mark stayed after unticking it")

            // An edit with a bad value answers 422 and changes nothing.
            let refused = try await server.postForm("/app/contacts/\(id)", CRMPages.contactForm(["name": "Alan M. Turing", "website": "ftp://files.example"]),
                                                    session: session)
            #expect(refused.status == 422, "an edit with a bad website: \(refused)")
            #expect(RenderedPage(refused.body).errorFields == ["website"], "the 422 page names: \(RenderedPage(refused.body).errorText)")
            #expect(try await server.page("/app/contacts/\(id)", session: session).text.contains("Manchester"), "a refused edit changed the contact")

            // Delete from the contact page's button.
            let deleted = try await server.postForm("/app/contacts/\(id)/delete", [], session: session)
            #expect(deleted.status == 303, "POST /app/contacts/\(id)/delete: \(deleted)")
            #expect(deleted.header("location")?.hasPrefix("/app/contacts") == true, "delete went to: \(deleted)")
            #expect(await server.get("/app/contacts/\(id)", session: session).status == 404, "the deleted contact's page still answers")
            let list = try await server.contactList(session: session)
            #expect(list.contactRows.map(\.id) == [other], "the list after deleting: \(list.contactRows)")
            let again = try await server.postForm("/app/contacts/\(id)/delete", [], session: session)
            #expect(again.status == 404, "deleting twice: \(again)")
        }
    }

    // MARK: (2) Imports

    @Test("a vCard uploaded on the import page creates contacts; the same file again adds nothing")
    func vCardImport() async throws {
        try await CRMPages.run { server in
            let session = try await server.verifiedSession("vcard@example.test")
            let importPage = try await server.page("/app/import", session: session)
            for action in ["/app/import/vcard", "/app/import/csv"] {
                let form = importPage.html.tags.first { $0.name == "form" && $0["action"] == action }
                #expect(form?["enctype"] == "multipart/form-data" && form?["method"] == "post", "the import page's \(action) form: \(String(describing: form))")
            }
            #expect(importPage.html.tags.contains { $0.name == "input" && $0["type"] == "file" && $0["name"] == "file" }, "no file input named file")

            let vcf = [
                "BEGIN:VCARD", "VERSION:3.0", "N:Hamilton;Margaret;;;", "FN:Margaret Hamilton", "ORG:MIT", "EMAIL;TYPE=INTERNET:margaret@example.test",
                "TEL;TYPE=CELL:+1 555 0100", "NOTE:Apollo guidance software", "END:VCARD",
                "BEGIN:VCARD", "VERSION:4.0", "FN:Katherine Johnson", "EMAIL:katherine@example.test", "BDAY:19180826", "END:VCARD",
                "BEGIN:VCARD", "VERSION:2.1", "N:Ritchie;Dennis", "FN:Dennis Ritchie", "TEL;CELL:+1 555 0199", "END:VCARD",
            ].joined(separator: "\r\n") + "\r\n"

            let first = try await server.uploadFile("/app/import/vcard", contents: vcf, filename: "contacts.vcf", type: "text/vcard", session: session)
            #expect(first.status == 200, "POST /app/import/vcard: \(first)")
            #expect(first.header("content-type")?.hasPrefix("text/html") == true, "the import answer is not HTML: \(first)")
            let firstText = RenderedPage(first.body).text
            #expect(firstText.contains("Imported 3 new contact(s); 0 already in your CRM"), "first import's summary: \(firstText)")

            let list = try await server.contactList(session: session)
            #expect(list.contactNames == ["Dennis Ritchie", "Katherine Johnson", "Margaret Hamilton"], "the list after importing: \(list.contactRows)")
            let margaret = try #require(list.contactRows.first { $0.name == "Margaret Hamilton" })
            let page = try await server.page("/app/contacts/\(margaret.id)", session: session)
            for text in ["MIT", "margaret@example.test", "+1 555 0100", "Apollo guidance software"] {
                #expect(page.text.contains(text), "the imported contact's page lacks \(text): \(page.text)")
            }

            let second = try await server.uploadFile("/app/import/vcard", contents: vcf, filename: "contacts.vcf", type: "text/vcard", session: session)
            #expect(second.status == 200, "second POST /app/import/vcard: \(second)")
            let secondText = RenderedPage(second.body).text
            #expect(secondText.contains("Imported 0 new contact(s); 3 already in your CRM"), "second import's summary: \(secondText)")
            let after = try await server.contactList(session: session)
            #expect(after.contactRows.count == 3, "the second import added rows: \(after.contactRows)")

            // A file without cards is refused on the import page, naming the file field.
            let empty = try await server.uploadFile("/app/import/vcard", contents: "hello\r\n", filename: "notes.vcf", type: "text/vcard", session: session)
            #expect(empty.status == 422, "a file with no card: \(empty)")
            #expect(RenderedPage(empty.body).errorFields == ["file"], "the refusal names: \(RenderedPage(empty.body).errorText)")
            #expect(try await server.contactList(session: session).contactRows.count == 3, "a refused file changed the contacts")
        }
    }

    @Test("a CSV upload shows a preview with the guessed mapping; confirming imports with the chosen columns")
    func csvImport() async throws {
        try await CRMPages.run { server in
            let session = try await server.verifiedSession("csv@example.test")
            let csv = [
                "Full Name,E-mail Address,Company,Tags,Favourite colour",
                "Lin Chen,lin@example.test,\"Acme, Inc.\",\"swift; conference\",green",
                "Mo Farah,mo@example.test,Runners & Co,,blue",
            ].joined(separator: "\r\n") + "\r\n"
            let preview = try await server.uploadFile("/app/import/csv", contents: csv, filename: "people.csv", type: "text/csv", session: session)
            #expect(preview.status == 200, "POST /app/import/csv: \(preview)")
            let page = RenderedPage(preview.body)
            #expect(page.text.contains("2 row(s)"), "the preview's row count: \(page.text)")
            let confirm = page.html.tags.first { $0.name == "form" && $0["action"] == "/app/import/csv/confirm" }
            #expect(confirm?["method"] == "post", "no form posting to /app/import/csv/confirm")

            let guessed = (0..<5).map { page.selectedValue("map_\($0)") ?? "" }
            #expect(guessed == ["name", "email", "company", "tags", ""], "the guessed mapping: \(guessed); selects: \(page.selects)")
            #expect(page.selects.count == 5, "one select per column expected: \(page.selects.keys.sorted())")
            #expect(page.selects["map_4"]?.map(\.value).contains("notes") == true, "the pickers do not offer notes: \(String(describing: page.selects["map_4"]))")
            let hidden = try #require(page.textareaValue("csv"), "no csv textarea on the preview: \(page)")
            // The same rows (line endings and a final line break aside: a browser normalises both).
            func rows(_ text: String) -> String { text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .newlines) }
            #expect(rows(hidden) == rows(csv),
                    "the hidden csv does not round-trip: \(hidden.debugDescription)")
            #expect(try await server.contactList(session: session).contactRows.isEmpty, "the preview already imported")

            // Confirm as the browser submits it, choosing notes for the last column.
            var fields: [(String, String)] = []
            for (index, value) in guessed.enumerated() { fields.append(("map_\(index)", index == 4 ? "notes" : value)) }
            fields.append(("csv", hidden.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")))
            let done = try await server.postForm("/app/import/csv/confirm", fields, session: session)
            #expect(done.status == 200, "POST /app/import/csv/confirm: \(done)")
            let summary = RenderedPage(done.body).text
            #expect(summary.contains("Imported 2 new contact(s); 0 already in your CRM"), "the CSV summary: \(summary)")

            let list = try await server.contactList(session: session)
            #expect(list.contactNames == ["Lin Chen", "Mo Farah"], "the list after the CSV import: \(list.contactRows)")
            let lin = try #require(list.contactRows.first { $0.name == "Lin Chen" })
            let linPage = try await server.page("/app/contacts/\(lin.id)", session: session)
            for text in ["lin@example.test", "Acme, Inc.", "green"] {
                #expect(linPage.text.contains(text), "Lin's page lacks \(text): \(linPage.text)")
            }
            let tags = Set(linPage.html.tags.filter { $0.name == "a" && $0["class"] == "tag" }.compactMap { $0["href"] })
            #expect(tags == ["/app/contacts?tag=swift", "/app/contacts?tag=conference"], "Lin's tags: \(tags)")
            let mo = try #require(list.contactRows.first { $0.name == "Mo Farah" })
            #expect(try await server.page("/app/contacts/\(mo.id)", session: session).text.contains("Runners & Co"), "Mo's company")

            // The same file again: nothing new.
            let again = try await server.postForm("/app/import/csv/confirm", fields, session: session)
            #expect(RenderedPage(again.body).text.contains("Imported 0 new contact(s); 2 already in your CRM"), "the repeated CSV import: \(again)")

            // A mapping without a name column is refused on the preview, which keeps the file.
            let noName = try await server.postForm("/app/import/csv/confirm",
                                                   [("map_0", ""), ("map_1", "email"), ("map_2", ""), ("map_3", ""), ("map_4", ""), ("csv", fields.last!.1)],
                                                   session: session)
            #expect(noName.status == 422, "a mapping without a name: \(noName)")
            #expect(RenderedPage(noName.body).errorFields == ["mapping"], "the refusal names: \(RenderedPage(noName.body).errorText)")
            #expect(RenderedPage(noName.body).textareaValue("csv")?.contains("Lin Chen") == true, "the refused preview lost the file")
        }
    }

    // MARK: (3) List filters and bulk actions

    @Test("the list's search and filters show only matching rows; bulk tag, untag and delete")
    func filtersAndBulkActions() async throws {
        try await CRMPages.run { server in
            let session = try await server.verifiedSession("filters@example.test")
            let ada = try await server.addContactByForm(
                ["name": "Ada Lovelace", "company": "Analytical Engines", "tags": "math", "vip": "true", "cadence_days": "30",
                 "reminder_date": "2026-11-10"], session: session)  // overdue
            let grace = try await server.addContactByForm(
                ["name": "Grace Hopper", "company": "Navy", "tags": "navy, cobol", "cadence_days": "2"], session: session)  // due 11-23
            let linus = try await server.addContactByForm(["name": "Linus Torvalds", "company": "Linux Foundation", "tags": "kernel"], session: session)
            let margaret = try await server.addContactByForm(["name": "Margaret Hamilton", "notes": "Apollo guidance", "vip": "true"], session: session)
            let names = [ada: "Ada Lovelace", grace: "Grace Hopper", linus: "Linus Torvalds", margaret: "Margaret Hamilton"]

            func ids(_ page: RenderedPage) -> Set<String> { Set(page.contactRows.map(\.id)) }
            #expect(ids(try await server.contactList(session: session)) == Set(names.keys), "the unfiltered list")
            #expect(ids(try await server.contactList(q: "Hopper", session: session)) == [grace], "q=Hopper")
            #expect(ids(try await server.contactList(q: "apollo", session: session)) == [margaret], "q=apollo (in the notes)")
            #expect(ids(try await server.contactList(q: "linux", session: session)) == [linus], "q=linux (in the company)")
            #expect(ids(try await server.contactList(tag: "math", session: session)) == [ada], "tag=math")
            #expect(ids(try await server.contactList(tag: "cobol", session: session)) == [grace], "tag=cobol")
            #expect(ids(try await server.contactList(status: "overdue", session: session)) == [ada], "status=overdue")
            #expect(ids(try await server.contactList(status: "due_soon", session: session)) == [grace], "status=due_soon")
            #expect(ids(try await server.contactList(status: "ok", session: session)) == [linus, margaret], "status=ok")
            #expect(ids(try await server.contactList(vip: true, session: session)) == [ada, margaret], "vip=true")
            #expect(ids(try await server.contactList(q: "Ada", vip: true, session: session)) == [ada], "q=Ada&vip=true")
            #expect(ids(try await server.contactList(q: "Grace", vip: true, session: session)).isEmpty, "q=Grace&vip=true")

            // The filter form shows what is applied.
            let filtered = try await server.contactList(q: "Hopper", tag: "navy", status: "due_soon", vip: false, session: session)
            #expect(ids(filtered) == [grace], "q=Hopper&tag=navy&status=due_soon")
            #expect(filtered.inputValue("q") == "Hopper", "the search box: \(String(describing: filtered.inputValue("q")))")
            #expect(filtered.selectedValue("tag") == "navy", "the tag picker: \(String(describing: filtered.selects["tag"]))")
            #expect(filtered.selectedValue("status") == "due_soon", "the status picker: \(String(describing: filtered.selects["status"]))")
            let none = try await server.contactList(q: "nobody-matches-this", session: session)
            #expect(none.contactRows.isEmpty && none.text.contains("No contacts match."), "a search with no match: \(none.text)")
            let badStatus = await server.get("/app/contacts?status=later", session: session)
            #expect(RenderedPage(badStatus.body).errorFields == ["status"], "status=later: \(badStatus)")
            #expect(RenderedPage(badStatus.body).contactRows.isEmpty, "status=later still listed rows")

            // Bulk tag two rows, then filter by the tag.
            let bulk = try #require(try await server.contactList(session: session).html.tags.first { $0.name == "form" && $0["action"] == "/app/contacts/bulk" },
                                    "no bulk form on the list")
            #expect(bulk["method"] == "post")
            let tagged = try await server.postForm("/app/contacts/bulk", [("ids", grace), ("ids", linus), ("tag", "speakers"), ("action", "tag")], session: session)
            #expect(tagged.status == 303, "bulk tag: \(tagged)")
            let afterTag = try await server.page(CRMPages.path(of: tagged.header("location") ?? "/app/contacts"), session: session)
            #expect(afterTag.text.contains("Tagged 2 contacts."), "the notice after tagging: \(afterTag.text)")
            let speakers = try await server.contactList(tag: "speakers", session: session)
            #expect(ids(speakers) == [grace, linus], "tag=speakers after bulk tagging: \(speakers.contactRows)")
            #expect(speakers.text.contains("speakers (2)"), "the tag picker's count: \(speakers.text)")

            let untagged = try await server.postForm("/app/contacts/bulk", [("ids", linus), ("tag", "speakers"), ("action", "untag")], session: session)
            #expect(untagged.status == 303, "bulk untag: \(untagged)")
            #expect(ids(try await server.contactList(tag: "speakers", session: session)) == [grace], "tag=speakers after untagging Linus")
            let noTag = try await server.postForm("/app/contacts/bulk", [("ids", ada), ("tag", ""), ("action", "tag")], session: session)
            let noTagPage = try await server.page(CRMPages.path(of: noTag.header("location") ?? "/app/contacts"), session: session)
            #expect(noTagPage.text.contains("Type a tag name first."), "bulk tag without a name: \(noTagPage.text)")

            // Bulk delete.
            let deleted = try await server.postForm("/app/contacts/bulk", [("ids", grace), ("ids", linus), ("tag", ""), ("action", "delete")], session: session)
            #expect(deleted.status == 303, "bulk delete: \(deleted)")
            let afterDelete = try await server.page(CRMPages.path(of: deleted.header("location") ?? "/app/contacts"), session: session)
            #expect(afterDelete.text.contains("Deleted 2 contacts."), "the notice after deleting: \(afterDelete.text)")
            #expect(ids(afterDelete) == [ada, margaret], "the list after the bulk delete: \(afterDelete.contactRows)")
            #expect(await server.get("/app/contacts/\(grace)", session: session).status == 404, "a bulk-deleted contact's page still answers")
            #expect(try await server.contactList(tag: "speakers", session: session).contactRows.isEmpty, "tag=speakers after deleting")
        }
    }

    @Test("the filter form as a browser submits it (spaces as +) finds multi-word tags and keeps the search text")
    func filterFormEncoding() async throws {
        try await CRMPages.run { server in
            let session = try await server.verifiedSession("spaces@example.test")
            let ada = try await server.addContactByForm(["name": "Ada Lovelace", "tags": "open source, math"], session: session)
            _ = try await server.addContactByForm(["name": "Charles Babbage", "tags": "math"], session: session)

            // The tag link on the row works (it encodes the space as %20)…
            let all = try await server.contactList(session: session)
            #expect(all.html.tags.contains { $0.name == "a" && $0["href"] == "/app/contacts?tag=open%20source" }, "no tag link for 'open source'")
            let byLink = try await server.page("/app/contacts?tag=open%20source", session: session)
            #expect(byLink.contactRows.map(\.id) == [ada], "GET /app/contacts?tag=open%20source: \(byLink.contactRows)")

            // …and so must the tag picker, which a browser submits as tag=open+source.
            let byForm = try await server.contactList(tag: "open source", session: session)
            #expect(byForm.contactRows.map(\.id) == [ada], "GET /app/contacts?q=&tag=open+source&status=: \(byForm.contactRows)")
            #expect(byForm.selectedValue("tag") == "open source", "the tag picker after filtering: \(String(describing: byForm.selects["tag"]))")

            let search = try await server.contactList(q: "Ada Lovelace", session: session)
            #expect(search.contactRows.map(\.id) == [ada], "q=Ada+Lovelace: \(search.contactRows)")
            #expect(search.inputValue("q") == "Ada Lovelace", "the search box after q=Ada+Lovelace shows \(String(describing: search.inputValue("q")))")
        }
    }

    // MARK: (4) Dashboard

    @Test("the dashboard lists an overdue contact under Overdue and a birthday within a week under Birthdays")
    func dashboardSections() async throws {
        try await CRMPages.run { server in
            let session = try await server.verifiedSession("dashboard@example.test")
            let empty = try await server.page("/app/dashboard", session: session)
            #expect(empty.text.contains("Nobody needs attention today (2026-11-21)"), "the empty dashboard: \(empty.text)")

            let olive = try await server.addContactByForm(["name": "Olive Overdue", "cadence_days": "14"], session: session)
            try await server.logInteractionByForm(olive, type: "meeting", notes: "Coffee", date: "2026-10-20", session: session)  // next 2026-11-03
            let bea = try await server.addContactByForm(["name": "Bea Birthday", "birthday": "--11-25"], session: session)
            let tess = try await server.addContactByForm(["name": "Tess Today", "reminder_date": "2026-11-21"], session: session)
            let sam = try await server.addContactByForm(["name": "Sam Soon", "reminder_date": "2026-11-23"], session: session)
            let leo = try await server.addContactByForm(["name": "Leo Later", "birthday": "1990-12-05", "cadence_days": "30"], session: session)

            let page = try await server.page("/app/dashboard", session: session)
            #expect(!page.text.contains("Nobody needs attention"), "the dashboard says all clear: \(page.text)")
            func linked(_ section: String) -> Set<String> {
                Set(HTMLPage(page.section("id=\"section-\(section)\"")).tags.filter { $0.name == "a" }.compactMap { $0["href"] }
                    .filter { !$0.contains("#") }.map { String($0.dropFirst("/app/contacts/".count)) })
            }
            let overdue = page.sectionText("id=\"section-overdue\"")
            #expect(overdue.hasPrefix("Overdue"), "the Overdue section: \(overdue)")
            #expect(linked("overdue") == [olive], "the Overdue section links: \(overdue)")
            #expect(overdue.contains("Olive Overdue follow-up overdue by 18 days"), "the Overdue section: \(overdue)")
            let birthdays = page.sectionText("id=\"section-birthday\"")
            #expect(birthdays.hasPrefix("Birthdays this week"), "the Birthdays section: \(birthdays)")
            #expect(linked("birthday") == [bea], "the Birthdays section links: \(birthdays)")
            #expect(birthdays.contains("Bea Birthday birthday in 4 days (2026-11-25)"), "the Birthdays section: \(birthdays)")
            #expect(linked("due_today") == [tess], "the Due today section: \(page.sectionText("id=\"section-due_today\""))")
            #expect(linked("due_soon") == [sam], "the Due soon section: \(page.sectionText("id=\"section-due_soon\""))")
            let leoListed = page.text.contains("Leo Later") || page.source.contains(leo)
            #expect(!leoListed, "a contact with nothing due is on the dashboard: \(page.text)")
            #expect(page.html.tags.contains { $0.name == "a" && $0["href"] == "/app/contacts/\(olive)#log" }, "no 'Log an interaction' link for Olive")

            // Logging the overdue contact takes it off the Overdue section.
            try await server.logInteractionByForm(olive, type: "call", date: CRMPages.today, session: session)
            let after = try await server.page("/app/dashboard", session: session)
            let overdueShown = after.source.contains("id=\"section-overdue\"")
            #expect(!overdueShown, "Overdue still shown after logging: \(after.sectionText("id=\"section-overdue\""))")
            #expect(!after.text.contains("Olive Overdue"), "Olive still on the dashboard after logging: \(after.text)")
        }
    }

    // MARK: (5) Another user's contacts

    @Test("another user gets 404 for someone's contact pages and cannot change, log on or delete them")
    func otherUsersContacts() async throws {
        try await CRMPages.run { server in
            let owner = try await server.verifiedSession("owner@example.test")
            let intruder = try await server.verifiedSession("intruder@example.test")
            let id = try await server.addContactByForm(["name": "Private Person", "company": "Secret Co", "tags": "family"], session: owner)

            for path in ["/app/contacts/\(id)", "/app/contacts/\(id)/edit"] {
                let response = await server.get(path, session: intruder)
                #expect(response.status == 404, "another user's GET \(path): \(response)")
                #expect(!response.body.contains("Private Person") && !response.body.contains("Secret Co"), "GET \(path) leaked the contact: \(response)")
            }
            let update = try await server.postForm("/app/contacts/\(id)", CRMPages.contactForm(["name": "Hijacked"]), session: intruder)
            #expect(update.status == 404, "another user's update: \(update)")
            let log = try await server.postForm("/app/contacts/\(id)/interactions", [("type", "call"), ("notes", "Intruder was here"), ("date", ""), ("follow_up_date", "")],
                                                session: intruder)
            #expect(log.status == 404, "another user's interaction: \(log)")
            let delete = try await server.postForm("/app/contacts/\(id)/delete", [], session: intruder)
            #expect(delete.status == 404, "another user's delete: \(delete)")
            let bulkTag = try await server.postForm("/app/contacts/bulk", [("ids", id), ("tag", "stolen"), ("action", "tag")], session: intruder)
            #expect(bulkTag.header("location").map { CRMPages.path(of: $0).contains("Tagged%200%20contacts") } == true, "another user's bulk tag: \(bulkTag)")
            let bulkDelete = try await server.postForm("/app/contacts/bulk", [("ids", id), ("tag", ""), ("action", "delete")], session: intruder)
            #expect(bulkDelete.header("location").map { CRMPages.path(of: $0).contains("Deleted%200%20contacts") } == true, "another user's bulk delete: \(bulkDelete)")

            let intruderList = try await server.contactList(session: intruder)
            #expect(intruderList.contactRows.isEmpty, "another user's list shows rows: \(intruderList.contactRows)")
            #expect(!intruderList.text.contains("Private Person"), "another user's list: \(intruderList.text)")
            #expect(!(try await server.page("/app/dashboard", session: intruder)).text.contains("Private Person"), "another user's dashboard")

            // The owner's contact is untouched.
            let page = try await server.page("/app/contacts/\(id)", session: owner)
            #expect(page.text.contains("Private Person") && page.text.contains("Secret Co"), "the owner's contact changed: \(page.text)")
            #expect(!page.text.contains("Hijacked") && !page.text.contains("Intruder was here") && !page.text.contains("stolen"), "the intruder changed it: \(page.text)")
            #expect(page.text.contains("No interactions yet."), "the intruder logged on it: \(page.text)")
            #expect(try await server.contactList(session: owner).contactRows.map(\.id) == [id], "the owner's list")

            // Signed out, every page sends to log in.
            for path in ["/app/dashboard", "/app/contacts", "/app/contacts/new", "/app/contacts/\(id)", "/app/contacts/\(id)/edit", "/app/import", "/app/settings"] {
                let response = await server.get(path)
                #expect(response.status == 303 && response.header("location") == "/app/login", "signed-out GET \(path): \(response)")
            }
        }
    }

    // MARK: (6) Escaping

    @Test("markup typed into a contact is shown as text on the list, the contact page, the edit form and the dashboard")
    func userTextIsEscaped() async throws {
        try await CRMPages.run { server in
            let session = try await server.verifiedSession("escaping@example.test")
            let name = "<script>alert(1)</script>"
            let notes = "<img src=x onerror=alert(1)>"
            let company = "\"><b onmouseover=alert(3)>bold</b>"
            let id = try await server.addContactByForm(
                ["name": name, "notes": notes, "company": company, "tags": "<i>tag</i>", "bg_likes": "<svg onload=alert(4)>",
                 "cadence_days": "7"], session: session)
            // Last contact 2026-11-02 with a 7-day cadence: overdue since 2026-11-09, so it is on the dashboard too.
            try await server.logInteractionByForm(id, type: "call", notes: "<iframe src=javascript:alert(5)>", date: "2026-11-02", session: session)

            let pages: [(String, RenderedPage)] = [
                ("/app/contacts", try await server.contactList(session: session)),
                ("/app/contacts?q=script", try await server.contactList(q: "script", session: session)),
                ("/app/contacts/\(id)", try await server.page("/app/contacts/\(id)", session: session)),
                ("/app/contacts/\(id)/edit", try await server.page("/app/contacts/\(id)/edit", session: session)),
                ("/app/dashboard", try await server.page("/app/dashboard", session: session)),
            ]
            for (path, page) in pages {
                for raw in ["<script>alert(1)", "<img src=x", "<b onmouseover", "<i>tag", "<svg onload", "<iframe"] {
                    let found = page.source.contains(raw)
                    #expect(!found, "\(path) has raw markup from the data: \(raw)")
                }
                #expect(!page.html.scripts.contains { $0.body.contains("alert") }, "\(path) has a script element from the data")
                let injected = page.html.tags.filter { ["img", "b", "i", "svg", "iframe"].contains($0.name) || $0.attributes.contains { $0.name.hasPrefix("on") } }
                #expect(injected.isEmpty, "\(path) has elements from the data: \(injected)")
                #expect(page.text.contains(name), "\(path) does not show the name as text: \(page.text)")
            }
            let contactPage = try #require(pages.first { $0.0 == "/app/contacts/\(id)" }?.1)
            for text in [notes, company, "<i>tag</i>", "<svg onload=alert(4)>", "<iframe src=javascript:alert(5)>"] {
                #expect(contactPage.text.contains(text), "the contact page does not show \(text) as text: \(contactPage.text)")
            }
            #expect(contactPage.html.title?.hasPrefix(name) == true, "the contact page's title: \(String(describing: contactPage.html.title))")
            let edit = try #require(pages.first { $0.0 == "/app/contacts/\(id)/edit" }?.1)
            #expect(edit.inputValue("name") == name, "the edit form's name: \(String(describing: edit.inputValue("name")))")
            #expect(edit.inputValue("company") == company, "the edit form's company: \(String(describing: edit.inputValue("company")))")
            #expect(edit.textareaValue("notes") == notes, "the edit form's notes: \(String(describing: edit.textareaValue("notes")))")
            let dashboard = try #require(pages.first { $0.0 == "/app/dashboard" }?.1)
            #expect(dashboard.sectionText("id=\"section-overdue\"").contains(name), "the dashboard's Overdue section: \(dashboard.text)")
        }
    }

    // MARK: (7) Settings and account deletion

    @Test("saving the settings changes the time zone, and with it today's date")
    func settingsChangeTheTimeZone() async throws {
        try await CRMPages.run { server in
            let session = try await server.verifiedSession("settings@example.test")
            let id = try await server.addContactByForm(["name": "Zoe Zone"], session: session)
            let before = try await server.page("/app/settings", session: session)
            // The zone picker must show the account's zone (UTC) as chosen, or saving the form silently changes it.
            #expect(before.selectedTimeZone == "UTC", "the time zone picker's selected option: \(String(describing: before.selectedTimeZone))")
            #expect(before.html.tags.contains { $0.name == "form" && $0["action"] == "/app/settings" && $0["method"] == "post" }, "no settings form")
            #expect(try await server.page("/app/contacts/\(id)", session: session).inputValue("date") == "2026-11-21", "today in UTC")

            let saved = try await server.postForm("/app/settings", [("time_zone", "Pacific/Honolulu"), ("digest_hour", "6"), ("digest_enabled", "true")],
                                                  session: session)
            #expect(saved.status == 200, "POST /app/settings: \(saved)")
            #expect(RenderedPage(saved.body).text.contains("Saved."), "no Saved. notice: \(RenderedPage(saved.body).text)")

            let after = try await server.page("/app/settings", session: session)
            #expect(after.selectedTimeZone == "Pacific/Honolulu", "the saved zone is not selected: \(String(describing: after.selectedTimeZone))")
            #expect(after.selectedValue("digest_hour") == "6", "the digest hour: \(String(describing: after.selects["digest_hour"]))")
            #expect(after.html.tags.first { $0.name == "input" && $0["name"] == "digest_enabled" }?["checked"] != nil, "the digest box is not ticked")
            // 07:30 UTC is 21:30 the day before in Honolulu.
            let contact = try await server.page("/app/contacts/\(id)", session: session)
            #expect(contact.inputValue("date") == "2026-11-20", "today in Honolulu: \(String(describing: contact.inputValue("date")))")
            let dashboard = try await server.page("/app/dashboard", session: session)
            #expect(dashboard.text.contains("(2026-11-20)"), "the dashboard's today in Honolulu: \(dashboard.text)")

            // An unknown zone is refused by name and changes nothing; an unticked box turns the digest off.
            let refused = try await server.postForm("/app/settings", [("time_zone", "Mars/Olympus_Mons"), ("digest_hour", "6")], session: session)
            #expect(refused.status == 422, "an unknown time zone: \(refused)")
            #expect(RenderedPage(refused.body).errorFields == ["time_zone"], "the refusal names: \(RenderedPage(refused.body).errorText)")
            let unchanged = try await server.page("/app/settings", session: session).selectedTimeZone
            #expect(unchanged == "Pacific/Honolulu", "a refused save changed the zone: \(String(describing: unchanged))")
            let off = try await server.postForm("/app/settings", [("time_zone", "Europe/Berlin"), ("digest_hour", "7")], session: session)
            #expect(off.status == 200, "POST /app/settings without the box: \(off)")
            let final = try await server.page("/app/settings", session: session)
            #expect(final.selectedTimeZone == "Europe/Berlin", "Europe/Berlin not saved: \(String(describing: final.selectedTimeZone))")
            #expect(final.html.tags.first { $0.name == "input" && $0["name"] == "digest_enabled" }?["checked"] == nil, "the digest is still on")
            #expect(try await server.page("/app/contacts/\(id)", session: session).inputValue("date") == "2026-11-21", "today in Berlin")
        }
    }

    @Test("account deletion: a wrong password keeps the account; the right one removes it and log-in fails after the grace period")
    func accountDeletion() async throws {
        // The grace period is compressed to 1 s on the real clock (the frozen one would never end it).
        try await ServerProcess.run(["--api-rate-limit", "100000", "--deletion-grace", "1s", "--cleanup-every", "1s"]) { server in
            let email = "leaving@example.test"
            let session = try await server.verifiedSession(email)
            let id = try await server.addContactByForm(["name": "Kept Contact"], session: session)
            let userID = Devhub.hasTool("sqlite3") ? try await server.userID(email) : ""

            let wrong = try await server.postForm("/app/account/delete", [("password", "not-my-password-at-all")], session: session)
            #expect(wrong.status == 403, "deletion with a wrong password: \(wrong)")
            #expect(RenderedPage(wrong.body).errorFields == ["password"], "the refusal names: \(RenderedPage(wrong.body).errorText)")
            #expect(await server.get("/app/dashboard", session: session).status == 200, "the session ended after a wrong password")
            #expect(try await server.page("/app/contacts/\(id)", session: session).text.contains("Kept Contact"), "the contact is gone after a wrong password")
            #expect(await server.logIn(email).status == 200, "log-in fails after a refused deletion")

            let right = try await server.postForm("/app/account/delete", [("password", ServerProcess.goodPassword)], session: session)
            #expect(right.status == 200, "deletion with the right password: \(right)")
            #expect(RenderedPage(right.body).text.contains("Account deleted"), "the deletion page: \(RenderedPage(right.body).text)")
            #expect(right.cookie(ServerProcess.sessionCookieName)?.isExpired == true, "the session cookie was not cleared: \(right)")

            let dashboard = await server.get("/app/dashboard", session: session)
            #expect(dashboard.status == 303 && dashboard.header("location") == "/app/login", "the old session still opens the dashboard: \(dashboard)")
            #expect(await server.get("/app/contacts/\(id)", session: session).status == 303, "the old session still opens the contact")
            // Logging in within the grace period would restore the account: wait (reading the file) for the erasure.
            guard Devhub.hasTool("sqlite3") else { return }
            #expect(await server.eventually { (try? await server.rowsOfUser(userID))?.isEmpty == true }, "the account was not erased")
            let login = await server.logIn(email)
            #expect(login.status == 401, "log-in after deleting the account: \(login)")
            #expect(login.cookie(ServerProcess.sessionCookieName) == nil || login.cookie(ServerProcess.sessionCookieName)?.isExpired == true,
                    "log-in after deleting set a session: \(login)")
        }
    }
}
