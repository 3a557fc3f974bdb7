import Foundation
import Testing

/// Quick Connect end to end, on a real `devhub serve` over loopback with a frozen clock: the owner API, the generated
/// `connect/TOKEN/` page and QR code, the visitor's form post and what it leaves behind (contact, interaction,
/// mail, badge, use count), the closed states, the rate limits and the secrecy of the token.
@Suite("Quick Connect", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct QuickConnectTests {
    /// Every key the created code carries (`token` only in the answer to the creation).
    static let createdKeys: Set<String> = [
        "id", "token", "form_url", "qr_url", "expires_at", "event", "location", "session", "max_submissions", "use_count",
        "status", "created_at",
    ]

    // MARK: Creating a code

    @Test("POST /api/quick-connect answers 201 with a 128-bit token, the form and QR URLs and a 24 h expiry; the page and QR exist at once")
    func createAnswersTheDocumentedShape() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("creator@example.test")
            let fields: [String: Any] = ["event": QC.event, "location": QC.location, "session": QC.session]
            let response = await server.post("/api/quick-connect", json: fields, session: session)
            try #require(response.status == 201, "POST /api/quick-connect: \(response)")
            let code = try #require(response.object, "no JSON object: \(response)")
            // The page and its QR code are written before the 201 is sent: no polling here.
            let token = try #require(code["token"] as? String, "no token: \(response)")
            #expect(server.site.exists(QC.pagePath(token)), "no \(QC.pagePath(token)) when the 201 arrived")
            #expect(server.site.exists(QC.qrPath(token)), "no \(QC.qrPath(token)) when the 201 arrived")

            #expect(Self.createdKeys.isSubset(of: Set(code.keys)), "missing keys \(Self.createdKeys.subtracting(code.keys)): \(response)")
            #expect(QC.isToken(token), "the token is not 32 lower-case hex digits: \(token)")
            #expect(code["form_url"] as? String == "\(TempSite.baseURL)/connect/\(token)/", "form_url: \(code["form_url"] ?? "nil")")
            #expect(code["qr_url"] as? String == "\(TempSite.baseURL)/connect/\(token)/qr.svg", "qr_url: \(code["qr_url"] ?? "nil")")
            #expect(code["expires_at"] as? String == QC.defaultExpiry, "expires_at: \(code["expires_at"] ?? "nil")")
            #expect(code["created_at"] as? String == QC.fixedTime, "created_at: \(code["created_at"] ?? "nil")")
            #expect(code["event"] as? String == QC.event && code["location"] as? String == QC.location
                    && code["session"] as? String == QC.session, "echoed fields: \(response)")
            #expect(JSONValue.isNull(code["max_submissions"]), "max_submissions without a limit: \(code["max_submissions"] ?? "missing")")
            #expect(JSONValue.int(code["use_count"]) == 0, "use_count: \(code["use_count"] ?? "missing")")
            #expect(code["status"] as? String == "active", "status: \(code["status"] ?? "missing")")

            // Each code gets its own token and id.
            let id = try #require(code["id"] as? String)
            let second = try await server.createQuickConnect(["event": "Second Event"], session: session)
            #expect(second.token != token && second.id != id, "two codes share a token or an id")
            #expect(QC.isToken(second.token), "second token: \(second.token)")

            // Read back: the same code, never its token.
            let fetched = try await server.quickConnect(id, session: session)
            #expect(fetched["token"] == nil, "GET /api/quick-connect/{id} shows the token: \(fetched)")
            #expect(fetched["id"] as? String == id && fetched["event"] as? String == QC.event, "GET by id: \(fetched)")
            #expect(fetched["form_url"] as? String == code["form_url"] as? String, "GET by id form_url: \(fetched)")
            #expect(fetched["qr_url"] as? String == code["qr_url"] as? String, "GET by id qr_url: \(fetched)")
            #expect(fetched["expires_at"] as? String == QC.defaultExpiry && fetched["status"] as? String == "active", "GET by id: \(fetched)")

            // Without a session: 401.
            let anonymous = await server.post("/api/quick-connect", json: fields)
            #expect(anonymous.status == 401 && anonymous.errorCode == "unauthorized", "POST without a session: \(anonymous)")
            let anonymousList = await server.get("/api/quick-connect")
            #expect(anonymousList.status == 401 && anonymousList.errorCode == "unauthorized", "GET without a session: \(anonymousList)")
        }
    }

    @Test(
        "qr.svg decodes, with rsvg-convert and zbarimg, to the code's form URL",
        .enabled(if: QRCodeTests.toolsPresent, "needs rsvg-convert (librsvg2-bin) and zbarimg (zbar-tools)"))
    func qrCodeDecodesToFormURL() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("qr-owner@example.test")
            let code = try await server.createQuickConnect(session: session)
            let formURL = try #require(code.object["form_url"] as? String)
            #expect(try await server.decodeQR(code.token) == formURL)
            #expect(formURL.contains(code.token), "form_url \(formURL) does not name the token")
        }
    }

    @Test("the page offers the documented form posting to APP_URL/connect/TOKEN, the event, the owner's name and the privacy notice")
    func pageOffersTheForm() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("ada-owner@example.test")
            let saved = await server.saveProfile(ProfileJSON.make(username: "adaqc", name: "Ada Quickconnect"), session: session)
            try #require(saved.status == 200, "PUT /api/profile: \(saved)")
            let code = try await server.createQuickConnect(session: session)
            let page = try server.connectPage(code.token)

            #expect(page.state == "active", "data-state: \(page.state ?? "none")\n\(page)")
            #expect(page.page.html.meta(name: "robots")?.contains("noindex") == true, "robots meta: \(page.page.html.meta(name: "robots") ?? "none")")
            let forms = page.tags.filter { $0.name == "form" }
            try #require(forms.count == 1, "expected one form, found \(forms.count):\n\(page)")
            #expect(forms[0]["method"]?.lowercased() == "post", "form method: \(forms[0])")
            #expect(forms[0]["action"] == "\(server.appURL)/connect/\(code.token)", "form action: \(forms[0])")

            let name = try #require(page.field("name"), "no field 'name'")
            #expect(name.name == "input" && name["type"] == "text" && name["required"] != nil, "name field: \(name)")
            let email = try #require(page.field("email"), "no field 'email'")
            #expect(email.name == "input" && email["type"] == "email" && email["required"] != nil, "email field: \(email)")
            let github = try #require(page.field("github"), "no field 'github'")
            #expect(github.name == "input" && github["type"] == "text", "github field: \(github)")
            let note = try #require(page.field("note"), "no field 'note'")
            #expect(note.name == "textarea", "note field: \(note)")
            let consent = try #require(page.field("consent"), "no field 'consent'")
            #expect(consent.name == "input" && consent["type"] == "checkbox" && consent["value"] == "yes" && consent["required"] != nil,
                    "consent field: \(consent)")
            let honeypot = try #require(page.field("website"), "no honeypot field 'website'")
            #expect(honeypot.name == "input" && honeypot["type"] == "text" && honeypot["tabindex"] == "-1" && honeypot["autocomplete"] == "off",
                    "honeypot field: \(honeypot)")
            #expect(honeypot["required"] == nil, "the honeypot is required: \(honeypot)")

            // The GitHub prefill: the button, the preview element and the script, which the build wrote.
            #expect(page.element(id: "github-prefill")?.name == "button", "no button#github-prefill")
            #expect(page.element(id: "github-preview") != nil, "no #github-preview element")
            let script = page.tags.first { $0.name == "script" && ($0["src"] ?? "").contains("/assets/connect.") }
            let src = try #require(script?["src"], "no /assets/connect.*.js script:\n\(page)")
            #expect(src.hasSuffix(".js"), "script src: \(src)")
            let assetName = String(src.split(separator: "/").last ?? "")
            #expect(server.site.exists("assets/" + assetName), "the page loads \(src), which is not in the output")

            let text = page.text
            for expected in [QC.event, QC.location, QC.session, "Ada Quickconnect"] {
                #expect(text.contains(expected), "the page does not show '\(expected)'")
            }
            let notice = try QC.privacyNotice(in: server.site)
            try #require(notice.count > 40, "could not read the Quick Connect section of privacy.md: '\(notice)'")
            #expect(text.contains(notice), "the page does not carry the privacy notice '\(notice)'")
            #expect(page.uses == 0, "data-uses of a new code: \(page.uses.map(String.init) ?? "none")")

            // An owner without a profile is "a Devhub member".
            let anonymousOwner = try await server.verifiedSession("no-profile@example.test")
            let other = try await server.createQuickConnect(["event": "Meetup Without Profile"], session: anonymousOwner)
            let otherPage = try server.connectPage(other.token)
            #expect(otherPage.text.contains("a Devhub member"), "an owner without a profile is not 'a Devhub member'")
            #expect(!otherPage.text.contains("Ada Quickconnect"), "another owner's name on the page")
            #expect(otherPage.text.contains("Meetup Without Profile"), "the other page lacks its event")
        }
    }

    // MARK: Submitting the form

    @Test("a valid submission answers 'Thank you' and creates a tagged 'quick connect' contact with a conference interaction")
    func submissionCreatesContact() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("host@example.test")
            let code = try await server.createQuickConnect(session: session)
            let response = try await server.submitConnect(code.token, QC.form(
                name: "Grace Visitor", email: "grace@visitor.test", github: "@grace-codes", note: "Talked about async traits"))
            #expect(response.status == 200, "POST /connect/TOKEN: \(response)")
            #expect(response.header("content-type")?.hasPrefix("text/html") == true, "not HTML: \(response)")
            #expect(response.body.contains("Thank you"), "no 'Thank you': \(response)")
            try await server.waitUntilIdle()

            let contacts = try await server.contactsTagged(session: session)
            try #require(contacts.count == 1, "contacts tagged event:\(QC.event): \(contacts)")
            let contact = contacts[0]
            #expect(contact["name"] as? String == "Grace Visitor", "name: \(contact)")
            #expect(contact["email"] as? String == "grace@visitor.test", "email: \(contact)")
            #expect(contact["github"] as? String == "grace-codes", "github (leading @ dropped): \(contact)")
            #expect(contact["source"] as? String == "quick connect", "source: \(contact)")
            #expect(JSONValue.strings(contact["tags"]).contains("event:\(QC.event)"), "tags: \(contact["tags"] ?? "none")")
            #expect(try await server.allContacts(session: session).count == 1, "more than one contact was created")

            let id = try #require(contact["id"] as? String)
            let interactions = try await server.interactions(of: id, session: session)
            try #require(interactions.count == 1, "interactions: \(interactions)")
            let first = interactions[0]
            #expect(first["type"] as? String == "conference", "type: \(first)")
            #expect(first["date"] as? String == QC.today, "date: \(first)")
            let notes = first["notes"] as? String ?? ""
            for expected in [QC.event, QC.location, QC.session, "Talked about async traits"] {
                #expect(notes.contains(expected), "the interaction's notes lack '\(expected)': \(notes)")
            }
            #expect(JSONValue.int(try await server.quickConnect(code.id, session: session)["use_count"]) == 1, "use_count after one submission")
        }
    }

    @Test("a submission mails the owner, badges the dashboard until /app/connect is visited, and the page counts it")
    func submissionNotifiesOwner() async throws {
        try await QC.run { server in
            let owner = "notified@example.test"
            let session = try await server.verifiedSession(owner)
            let code = try await server.createQuickConnect(session: session)
            let before = try await server.quickConnectBadge(session: session)
            #expect(before == nil || before == 0, "a badge before any submission: \(before.map(String.init) ?? "none")")

            let response = try await server.submitConnect(code.token, QC.form(name: "Linus Visitor", email: "linus@visitor.test"))
            try #require(response.status == 200, "POST /connect/TOKEN: \(response)")
            try await server.waitUntilIdle()
            let contact = try #require(try await server.contactsTagged(session: session).first, "no contact was created")
            let contactID = try #require(contact["id"] as? String)

            let subject = "New contact from Quick Connect: Linus Visitor"
            let arrived = await server.eventually { server.mails(to: owner).contains { $0.subject == subject } }
            #expect(arrived, "no mail '\(subject)' to \(owner); mails: \(server.mails.map(\.description))")
            let mail = server.mails(to: owner).first { $0.subject == subject }
            #expect(mail?.raw.contains("\(server.appURL)/app/contacts/\(contactID)") == true,
                    "the mail lacks a link to the contact: \(mail?.description ?? "none")")
            #expect(server.mails(to: "linus@visitor.test").isEmpty, "the visitor was mailed")

            #expect(try await server.quickConnectBadge(session: session) == 1, "the dashboard's Quick Connect badge after one submission")
            #expect(await server.eventuallyConnectPage(code.token) { $0.uses == 1 },
                    "the page never showed data-uses=\"1\": \((try? server.connectPage(code.token).description) ?? "missing")")
            #expect(try server.connectPage(code.token).state == "active", "one submission closed an unlimited code")

            _ = try await server.page("/app/connect", session: session)
            let after = try await server.quickConnectBadge(session: session)
            #expect(after == nil || after == 0, "the badge after visiting /app/connect: \(after.map(String.init) ?? "none")")
        }
    }

    @Test("a second submission with the same email in another case adds an interaction to the one contact and changes nothing it holds")
    func sameEmailUpdatesContact() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("repeat-host@example.test")
            let code = try await server.createQuickConnect(session: session)
            let first = try await server.submitConnect(code.token, QC.form(name: "Grace Visitor", email: "grace@visitor.test", github: "grace-old"))
            try #require(first.status == 200, "first submission: \(first)")
            let second = try await server.submitConnect(code.token, QC.form(
                name: "Grace Hopper", email: "GRACE@Visitor.TEST", github: "grace-new", note: "second visit"))
            try #require(second.status == 200, "second submission: \(second)")
            try await server.waitUntilIdle()

            let all = try await server.allContacts(session: session)
            try #require(all.count == 1, "expected one contact, found \(all.count): \(all.map { $0["name"] ?? "" })")
            let contact = all[0]
            #expect(contact["name"] as? String == "Grace Visitor", "the second visitor renamed the contact: \(contact)")
            #expect(contact["github"] as? String == "grace-old", "the second visitor replaced the GitHub username: \(contact)")
            #expect(JSONValue.strings(contact["tags"]).filter { $0 == "event:\(QC.event)" }.count == 1, "tags: \(contact["tags"] ?? "none")")
            let id = try #require(contact["id"] as? String)
            let interactions = try await server.interactions(of: id, session: session)
            #expect(interactions.count == 2, "interactions: \(interactions)")
            #expect(interactions.contains { ($0["notes"] as? String ?? "").contains("second visit") }, "no interaction with the second note")
            #expect(JSONValue.int(try await server.quickConnect(code.id, session: session)["use_count"]) == 2, "use_count after two submissions")
        }
    }

    @Test("the same visitor at another event of the same owner gets that event's tag on the same contact")
    func sameEmailAtAnotherEventAddsTag() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("two-events@example.test")
            let rust = try await server.createQuickConnect(session: session)
            let swift = try await server.createQuickConnect(["event": "Swift Island"], session: session)
            #expect(try await server.submitConnect(rust.token, QC.form(email: "same@visitor.test")).status == 200)
            #expect(try await server.submitConnect(swift.token, QC.form(email: "Same@Visitor.test")).status == 200)
            try await server.waitUntilIdle()
            let all = try await server.allContacts(session: session)
            try #require(all.count == 1, "expected one contact, found \(all.count)")
            #expect(Set(JSONValue.strings(all[0]["tags"])).isSuperset(of: ["event:\(QC.event)", "event:Swift Island"]), "tags: \(all[0]["tags"] ?? "none")")
            #expect(try await server.contactsTagged(event: "Swift Island", session: session).count == 1, "not listed under event:Swift Island")
            let id = try #require(all[0]["id"] as? String)
            #expect(try await server.interactions(of: id, session: session).count == 2, "one interaction per submission")
        }
    }

    // MARK: Validation

    @Test("missing consent, a missing name or a bad email answers 422 with the form, the visitor's values and a field error; nothing is stored")
    func invalidSubmissionIs422() async throws {
        try await QC.run { server in
            let owner = "strict-host@example.test"
            let session = try await server.verifiedSession(owner)
            let code = try await server.createQuickConnect(session: session)
            let cases: [(form: [(String, String)], field: String)] = [
                (QC.form(name: "No Consent", email: "noconsent@visitor.test", consent: false), "consent"),
                (QC.form(name: "Bad Email", email: "not-an-email"), "email"),
                (QC.form(name: "", email: "noname@visitor.test"), "name"),
            ]
            for (form, field) in cases {
                let response = try await server.submitConnect(code.token, form)
                #expect(response.status == 422, "\(field): \(response)")
                #expect(response.header("content-type")?.hasPrefix("text/html") == true, "\(field): not HTML: \(response)")
                let page = ConnectPage(response.body)
                #expect(page.fieldErrors.contains(field), "\(field): field errors \(page.fieldErrors)\n\(page)")
                #expect(page.form != nil, "\(field): the 422 page has no form")
                let sent = Dictionary(form, uniquingKeysWith: { $1 })
                #expect(page.field("email")?["value"] == sent["email"], "\(field): the email value was not kept: \(page.field("email")?.description ?? "none")")
                if let name = sent["name"], !name.isEmpty {
                    #expect(page.field("name")?["value"] == name, "\(field): the name value was not kept: \(page.field("name")?.description ?? "none")")
                }
            }
            // Consent given but an empty value is no consent either.
            var emptyConsent = QC.form(name: "Empty Consent", email: "emptyconsent@visitor.test", consent: false)
            emptyConsent.append(("consent", ""))
            let empty = try await server.submitConnect(code.token, emptyConsent)
            #expect(empty.status == 422 && ConnectPage(empty.body).fieldErrors.contains("consent"), "empty consent: \(empty)")

            try await server.waitUntilIdle()
            #expect(try await server.allContacts(session: session).isEmpty, "a rejected submission stored a contact")
            #expect(JSONValue.int(try await server.quickConnect(code.id, session: session)["use_count"]) == 0, "rejected submissions were counted")
            #expect(!server.mails(to: owner).contains { $0.subject?.hasPrefix("New contact from Quick Connect") == true }, "a rejected submission was mailed")
        }
    }

    @Test("a filled honeypot answers the thank-you page but stores and mails nothing")
    func honeypotIsDropped() async throws {
        try await QC.run { server in
            let owner = "honey-host@example.test"
            let session = try await server.verifiedSession(owner)
            let code = try await server.createQuickConnect(session: session)
            let response = try await server.submitConnect(code.token, QC.form(name: "Spam Bot", email: "bot@spam.test", website: "https://spam.test"))
            #expect(response.status == 200, "honeypot: \(response)")
            #expect(response.body.contains("Thank you"), "honeypot answer has no 'Thank you': \(response)")
            try await server.waitUntilIdle()
            #expect(try await server.allContacts(session: session).isEmpty, "the bot became a contact")
            #expect(!server.mails(to: owner).contains { $0.subject?.hasPrefix("New contact from Quick Connect") == true }, "the bot was mailed to the owner")
            #expect(JSONValue.int(try await server.quickConnect(code.id, session: session)["use_count"]) == 0, "the bot was counted")

            // The control: the same form without the honeypot is stored.
            let human = try await server.submitConnect(code.token, QC.form(name: "Real Human", email: "human@visitor.test"))
            #expect(human.status == 200, "control submission: \(human)")
            try await server.waitUntilIdle()
            #expect(try await server.allContacts(session: session).count == 1, "the control submission was not stored")
        }
    }

    @Test("a form body over 8 KiB answers 413 and stores nothing")
    func oversizedBodyIs413() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("big-host@example.test")
            let code = try await server.createQuickConnect(session: session)
            // A valid form plus an extra field a server would ignore: only the size makes it wrong.
            let fields = QC.form(name: "Big Sender", email: "big@visitor.test") + [("padding", String(repeating: "x", count: 9000))]
            let body = Data(CRMPages.formBody(fields).utf8)
            #expect(body.count > 8192)
            let response = try await server.postVisitorBody("/connect/\(code.token)", body)
            #expect(response.status == 413, "a \(body.count)-byte form: \(response)")
            try await server.waitUntilIdle()
            #expect(try await server.allContacts(session: session).isEmpty, "the oversized form was stored")
        }
    }

    // MARK: Closed codes

    @Test("a revoked code answers 410, its page becomes the closed page (data-state revoked) and it cannot be extended")
    func revokedCode() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("revoker@example.test")
            let code = try await server.createQuickConnect(session: session)
            let revoked = await server.delete("/api/quick-connect/\(code.id)", session: session)
            #expect(revoked.status == 200 && revoked.object?["status"] as? String == "revoked", "DELETE: \(revoked)")
            #expect(try await server.quickConnect(code.id, session: session)["status"] as? String == "revoked", "status after DELETE")

            #expect(await server.eventuallyConnectPage(code.token) { $0.isClosed("revoked") },
                    "the page never became the revoked closed page:\n\((try? server.connectPage(code.token).description) ?? "missing")")
            #expect(server.site.exists(QC.qrPath(code.token)), "qr.svg of a revoked code was removed")

            let response = try await server.submitConnect(code.token, QC.form(email: "late@visitor.test"))
            #expect(response.status == 410, "POST to a revoked code: \(response)")
            #expect(response.body.contains("no longer active"), "410 body: \(response)")
            let extend = await server.patch("/api/quick-connect/\(code.id)", json: ["expires_in_hours": 48], session: session)
            #expect(extend.status == 409 && extend.errorCode == "code_revoked", "PATCH of a revoked code: \(extend)")
            try await server.waitUntilIdle()
            #expect(try await server.allContacts(session: session).isEmpty, "a revoked code stored a contact")
        }
    }

    @Test("once max_submissions is reached the next submission answers 410 and the page becomes data-state used_up")
    func usedUpCode() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("limited-host@example.test")
            let code = try await server.createQuickConnect(["event": QC.event, "max_submissions": 1], session: session)
            #expect(JSONValue.int(code.object["max_submissions"]) == 1, "max_submissions: \(code.object)")
            let first = try await server.submitConnect(code.token, QC.form(email: "first@visitor.test"))
            #expect(first.status == 200, "the one allowed submission: \(first)")
            let second = try await server.submitConnect(code.token, QC.form(name: "Too Late", email: "second@visitor.test"))
            #expect(second.status == 410, "a submission past max_submissions: \(second)")
            #expect(second.body.contains("no longer active"), "410 body: \(second)")

            #expect(await server.eventuallyConnectPage(code.token) { $0.isClosed("used_up") },
                    "the page never became the used_up closed page:\n\((try? server.connectPage(code.token).description) ?? "missing")")
            let stored = try await server.quickConnect(code.id, session: session)
            #expect(stored["status"] as? String == "used_up" && JSONValue.int(stored["use_count"]) == 1, "code: \(stored)")
            try await server.waitUntilIdle()
            #expect(try await server.allContacts(session: session).count == 1, "the refused submission was stored")
        }
    }

    @Test("restarted two days later, a 24 h code's page is data-state expired and a submission answers 410; PATCH extends it")
    func expiredAfterRestart() async throws {
        let site = try await ServerProcess.makeSite()
        let owner = "expiring-host@example.test"
        let code = try await ServerProcess.run(QC.serverArguments, site: site) { server in
            let session = try await server.verifiedSession(owner)
            let code = try await server.createQuickConnect(session: session)
            #expect(try server.connectPage(code.token).state == "active", "a fresh code is not active")
            return code
        }

        let later = ["--fixed-time", QC.twoDaysLater, "--api-rate-limit", "100000"]
        try await ServerProcess.run(later, site: site) { server in
            #expect(await server.eventuallyConnectPage(code.token) { $0.isClosed("expired") },
                    "after the restart the page is not the expired closed page:\n\((try? server.connectPage(code.token).description) ?? "missing")")
            #expect(server.site.exists(QC.qrPath(code.token)), "qr.svg of an expired code was removed")
            let response = try await server.submitConnect(code.token, QC.form(email: "too-late@visitor.test"))
            #expect(response.status == 410, "POST to an expired code: \(response)")
            #expect(response.body.contains("no longer active"), "410 body: \(response)")

            let session = try await server.session(owner)
            #expect(try await server.quickConnect(code.id, session: session)["status"] as? String == "expired", "status after expiry")
            try await server.waitUntilIdle()
            #expect(try await server.allContacts(session: session).isEmpty, "an expired code stored a contact")

            // Extending counts from now (the new frozen instant) and opens the code again.
            let extended = await server.patch("/api/quick-connect/\(code.id)", json: ["expires_in_hours": 24], session: session)
            #expect(extended.status == 200, "PATCH expires_in_hours: \(extended)")
            #expect(extended.object?["expires_at"] as? String == "2026-11-24T07:30:00Z" && extended.object?["status"] as? String == "active",
                    "extended code: \(extended)")
            let accepted = try await server.submitConnect(code.token, QC.form(email: "in-time@visitor.test"))
            #expect(accepted.status == 200, "POST after extending: \(accepted)")
        }
    }

    @Test("an unknown or malformed token answers 404 'not valid'")
    func unknownTokenIs404() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("known-host@example.test")
            let code = try await server.createQuickConnect(session: session)
            let unknown = String(repeating: code.token.first == "0" ? "1" : "0", count: 32)
            for token in [unknown, "not-a-token"] {
                let response = try await server.submitConnect(token, QC.form(email: "lost@visitor.test"))
                #expect(response.status == 404, "POST /connect/\(token): \(response)")
                #expect(response.body.contains("not valid"), "404 body for \(token): \(response)")
            }
            try await server.waitUntilIdle()
            #expect(try await server.allContacts(session: session).isEmpty, "an unknown token stored a contact")
        }
    }

    // MARK: Rate limits

    @Test("with --connect-ip-limit 2 the third submission from one address answers 429 with Retry-After; another address passes")
    func perAddressLimit() async throws {
        try await QC.run(["--connect-ip-limit", "2", "--trusted-proxy", "127.0.0.1"]) { server in
            let session = try await server.verifiedSession("busy-host@example.test")
            let code = try await server.createQuickConnect(session: session)
            for index in 1...2 {
                let response = try await server.submitConnect(code.token, QC.form(email: "v\(index)@visitor.test"))
                #expect(response.status == 200, "submission \(index): \(response)")
            }
            let third = try await server.submitConnect(code.token, QC.form(email: "v3@visitor.test"))
            #expect(third.status == 429, "the third submission from one address: \(third)")
            #expect((third.retryAfterSeconds ?? 0) > 0, "429 without a positive Retry-After: \(third)")
            // The limit is per client address: another one (through the trusted proxy) still gets through.
            let elsewhere = try await server.submitConnect(code.token, QC.form(email: "v4@visitor.test"), headers: ["X-Forwarded-For": "198.51.100.9"])
            #expect(elsewhere.status == 200, "a submission from another address: \(elsewhere)")
            try await server.waitUntilIdle()
            let emails = Set(try await server.allContacts(session: session).compactMap { $0["email"] as? String })
            #expect(emails == ["v1@visitor.test", "v2@visitor.test", "v4@visitor.test"], "stored: \(emails)")
        }
    }

    @Test("with --connect-code-limit 2 the third submission to one code answers 429 whatever the address; another code passes")
    func perCodeLimit() async throws {
        try await QC.run(["--connect-code-limit", "2", "--trusted-proxy", "127.0.0.1"]) { server in
            let session = try await server.verifiedSession("popular-host@example.test")
            let code = try await server.createQuickConnect(session: session)
            for index in 1...2 {
                let response = try await server.submitConnect(
                    code.token, QC.form(email: "c\(index)@visitor.test"), headers: ["X-Forwarded-For": "203.0.113.\(index)"])
                #expect(response.status == 200, "submission \(index): \(response)")
            }
            let third = try await server.submitConnect(code.token, QC.form(email: "c3@visitor.test"), headers: ["X-Forwarded-For": "203.0.113.3"])
            #expect(third.status == 429, "the third submission to one code: \(third)")
            #expect((third.retryAfterSeconds ?? 0) > 0, "429 without a positive Retry-After: \(third)")
            let other = try await server.createQuickConnect(["event": "Other Event"], session: session)
            let elsewhere = try await server.submitConnect(other.token, QC.form(email: "c4@visitor.test"), headers: ["X-Forwarded-For": "203.0.113.4"])
            #expect(elsewhere.status == 200, "a submission to another code: \(elsewhere)")
            try await server.waitUntilIdle()
            #expect(try await server.allContacts(session: session).count == 3, "the limited submission was stored, or another was lost")
        }
    }

    // MARK: Owners and secrets

    @Test("another owner cannot read, change or revoke a code (404), and each list holds only its owner's codes, without tokens")
    func ownerIsolation() async throws {
        try await QC.run { server in
            let alice = try await server.verifiedSession("alice-qc@example.test")
            let bob = try await server.verifiedSession("bob-qc@example.test")
            let code = try await server.createQuickConnect(session: alice)
            let path = "/api/quick-connect/\(code.id)"

            let read = await server.get(path, session: bob)
            #expect(read.status == 404 && read.errorCode == "not_found", "GET by another owner: \(read)")
            let changed = await server.patch(path, json: ["expires_in_hours": 720], session: bob)
            #expect(changed.status == 404 && changed.errorCode == "not_found", "PATCH by another owner: \(changed)")
            let revoked = await server.delete(path, session: bob)
            #expect(revoked.status == 404 && revoked.errorCode == "not_found", "DELETE by another owner: \(revoked)")
            let unknown = await server.get("/api/quick-connect/\(CRM.unknownID)", session: alice)
            #expect(unknown.status == 404 && unknown.errorCode == "not_found", "GET of an unknown id: \(unknown)")

            let still = try await server.quickConnect(code.id, session: alice)
            #expect(still["status"] as? String == "active" && still["expires_at"] as? String == QC.defaultExpiry, "the other owner changed it: \(still)")
            #expect(try server.connectPage(code.token).state == "active", "the other owner closed the page")

            let bobsCode = try await server.createQuickConnect(["event": "Bob's Meetup"], session: bob)
            let alicesList = try await server.quickConnectList(session: alice)
            #expect(alicesList.codes.compactMap { $0["id"] as? String } == [code.id], "Alice's list: \(alicesList.raw)")
            #expect(alicesList.codes.allSatisfy { $0["token"] == nil }, "the list shows tokens: \(alicesList.raw)")
            #expect(alicesList.codes.first?["form_url"] as? String == "\(TempSite.baseURL)/connect/\(code.token)/", "form_url in the list: \(alicesList.raw)")
            let bobsList = try await server.quickConnectList(session: bob)
            #expect(bobsList.codes.compactMap { $0["id"] as? String } == [bobsCode.id], "Bob's list: \(bobsList.raw)")

            // The JSON export carries the owner's codes, without tokens.
            let export = await server.get("/api/export/json", session: alice)
            try #require(export.status == 200, "GET /api/export/json: \(export)")
            let exported = try #require(export.object?["quick_connect_codes"] as? [[String: Any]], "no quick_connect_codes in the export")
            #expect(exported.compactMap { $0["id"] as? String } == [code.id], "exported codes: \(exported)")
            #expect(exported.allSatisfy { $0["token"] == nil }, "the export has a token key")
        }
    }

    @Test("the token is in neither the SQLite file (nor its WAL) nor the server log, though it was used in requests")
    func tokenIsNotStoredOrLogged() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("secret-host@example.test")
            let code = try await server.createQuickConnect(["event": "Secretive Summit 2026", "location": QC.location], session: session)
            // Use the token in every way a request can: the visitor's post, the page and the QR as served, a wrong form.
            #expect(try await server.submitConnect(code.token, QC.form(email: "secret@visitor.test")).status == 200)
            #expect(try await server.submitConnect(code.token, QC.form(email: "bad-email")).status == 422)
            _ = await server.get("/connect/\(code.token)/")
            _ = await server.get("/connect/\(code.token)/qr.svg")
            _ = try await server.quickConnectList(session: session)
            try await server.waitUntilIdle()

            let stored = server.databaseBytes()
            // Controls: the bytes are the live database (the event was stored as text somewhere in the file or its log).
            #expect(stored.range(of: Data("Secretive Summit 2026".utf8)) != nil, "the event is not in \(server.site.db.path)(-wal): wrong file?")
            #expect(stored.range(of: Data(code.token.utf8)) == nil, "the token is stored as text in the database")
            #expect(stored.range(of: Data(code.token.uppercased().utf8)) == nil, "the token is stored as upper-case text in the database")
            #expect(stored.range(of: QC.tokenBytes(code.token)) == nil, "the token is stored as raw bytes in the database")

            let log = server.logText
            #expect(log.contains("/connect/"), "the log has no /connect/ request line (control):\n\(server.logTail())")
            #expect(!log.contains(code.token), "the token appears in the server log:\n\(server.logTail())")
        }
    }

    // MARK: API validation

    @Test("POST /api/quick-connect rejects a missing or too long event, hours outside 1…720 and max_submissions outside 1…100000 with 422 naming the field")
    func createValidation() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("validating-host@example.test")
            let long = String(repeating: "x", count: 101)
            let cases: [([String: Any], String)] = [
                ([:], "event"),
                (["location": "Somewhere"], "event"),
                (["event": ""], "event"),
                (["event": long], "event"),
                (["event": QC.event, "expires_in_hours": 0], "expires_in_hours"),
                (["event": QC.event, "expires_in_hours": 721], "expires_in_hours"),
                (["event": QC.event, "max_submissions": 0], "max_submissions"),
                (["event": QC.event, "max_submissions": 100_001], "max_submissions"),
                (["event": QC.event, "location": long], "location"),
                (["event": QC.event, "session": long], "session"),
            ]
            for (body, field) in cases {
                let response = await server.post("/api/quick-connect", json: body, session: session)
                #expect(response.status == 422, "\(ServerHTTP.jsonText(body)): \(response)")
                #expect(response.errorCode == "validation_failed", "\(ServerHTTP.jsonText(body)): \(response)")
                #expect(response.errorFields.contains(field), "\(ServerHTTP.jsonText(body)) does not name \(field): \(response.errorFields)")
            }
            #expect(try await server.quickConnectList(session: session).codes.isEmpty, "a rejected request created a code")
            #expect(!server.site.files().contains { $0.hasPrefix("connect/") }, "a rejected request wrote a page")

            // The bounds themselves are accepted.
            let widest = try await server.createQuickConnect(
                ["event": String(repeating: "e", count: 100), "expires_in_hours": 720, "max_submissions": 100_000], session: session)
            #expect(widest.object["expires_at"] as? String == "2026-12-21T07:30:00Z", "720 hours: \(widest.object)")
            #expect(JSONValue.int(widest.object["max_submissions"]) == 100_000, "max_submissions: \(widest.object)")
            let shortest = try await server.createQuickConnect(["event": "Lightning", "expires_in_hours": 1, "max_submissions": 1], session: session)
            #expect(shortest.object["expires_at"] as? String == "2026-11-21T08:30:00Z", "1 hour: \(shortest.object)")
        }
    }

    @Test("PATCH /api/quick-connect/{id} extends from now and changes or lifts max_submissions; bad values answer 422")
    func patchChangesTheCode() async throws {
        try await QC.run { server in
            let session = try await server.verifiedSession("patching-host@example.test")
            let code = try await server.createQuickConnect(session: session)
            let path = "/api/quick-connect/\(code.id)"
            let extended = await server.patch(path, json: ["expires_in_hours": 48], session: session)
            #expect(extended.status == 200 && extended.object?["expires_at"] as? String == "2026-11-23T07:30:00Z", "extend: \(extended)")
            #expect(extended.object?["token"] == nil, "PATCH answers the token: \(extended)")
            let capped = await server.patch(path, json: ["max_submissions": 5], session: session)
            #expect(capped.status == 200 && JSONValue.int(capped.object?["max_submissions"]) == 5, "cap: \(capped)")
            let lifted = await server.patch(path, json: ["max_submissions": NSNull()], session: session)
            #expect(lifted.status == 200 && JSONValue.isNull(lifted.object?["max_submissions"]), "lift: \(lifted)")
            #expect(lifted.object?["expires_at"] as? String == "2026-11-23T07:30:00Z", "lifting the cap changed the expiry: \(lifted)")
            for (body, field) in [(["expires_in_hours": 0], "expires_in_hours"), (["expires_in_hours": 721], "expires_in_hours"),
                                  (["max_submissions": 0], "max_submissions")] {
                let refused = await server.patch(path, json: body, session: session)
                #expect(refused.status == 422 && refused.errorFields.contains(field), "PATCH \(body): \(refused)")
            }
            let stored = try await server.quickConnect(code.id, session: session)
            #expect(stored["expires_at"] as? String == "2026-11-23T07:30:00Z" && JSONValue.isNull(stored["max_submissions"]),
                    "a refused PATCH changed the code: \(stored)")
        }
    }
}
