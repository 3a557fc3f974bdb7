import Foundation
import Testing

/// Outgoing webhooks (Standard Webhooks 1.0) against the real server and a receiver that verifies every request with
/// the reference implementation: every event type, retries, Retry-After, redirects, 410, secret rotation, the address
/// rules, ownership and bad input.
@Suite(.serialized)
struct WebhookTests {
    static let allEvents = [
        "contact.created", "contact.updated", "contact.deleted", "interaction.logged", "follow_up.due", "quick_connect.submitted",
        "profile.published",
    ]
    /// A fast retry schedule and private addresses allowed (the receiver is on loopback).
    static let serverArguments = ["--webhooks-allow-private", "--retry-schedule", "1s,1s,1s,1s", "--api-rate-limit", "100000"]

    /// Runs `body` with a server started with `arguments` and a receiver; both are stopped afterwards.
    static func run(_ arguments: [String] = serverArguments, _ body: (ServerProcess, WebhookReceiver) async throws -> Void) async throws {
        try await ServerProcess.run(arguments) { server in
            let receiver = try await WebhookReceiver.start(in: server.site.root)
            do {
                try await body(server, receiver)
            } catch {
                await receiver.stop()
                throw error
            }
            await receiver.stop()
        }
    }

    @Test("every event type is delivered, signed as Standard Webhooks says, and verified by the reference library")
    func everyEventIsDeliveredAndVerified() async throws {
        try await Self.run { server, receiver in
            let session = try await server.verifiedSession("hooks@example.test")
            let endpoint = try await server.createWebhook(url: receiver.url(), session: session)
            #expect(endpoint.secret.hasPrefix("whsec_"), "secret \(endpoint.secret.prefix(6))…")
            let keyBytes = Data(base64Encoded: String(endpoint.secret.dropFirst(6)))?.count ?? 0
            #expect((24...32).contains(keyBytes), "the secret holds \(keyBytes) bytes")
            #expect(endpoint.object["enabled"] as? Bool == true)
            #expect(endpoint.object["events"] as? [String] == Self.allEvents)
            try receiver.configure(secrets: [endpoint.secret])

            // contact.created, contact.updated, interaction.logged, contact.deleted
            let contact = try await server.createContact(["name": "Ada Hooked", "email": "ada@hooked.test"], session: session)
            let contactID = try #require(contact["id"] as? String)
            let patched = await server.patch("/api/contacts/\(contactID)", json: ["company": "Analytical Engines"], session: session)
            #expect(patched.status == 200, "PATCH: \(patched)")
            let logged = await server.post("/api/contacts/\(contactID)/interactions", json: ["type": "call", "notes": "hello"], session: session)
            #expect(logged.status == 201, "interaction: \(logged)")
            // follow_up.due: a reminder in the past, then a settings change asks for a digest sweep.
            let due = try await server.createContact(["name": "Due Person", "reminder_date": "2020-01-02"], session: session)
            let dueID = try #require(due["id"] as? String)
            let settings = await server.put("/api/settings", json: ["time_zone": "UTC"], session: session)
            #expect(settings.status == 200, "PUT /api/settings: \(settings)")
            // quick_connect.submitted
            let code = try await server.createQuickConnect(session: session)
            let submitted = try await server.submitConnect(code.token, QC.form(name: "Grace Visitor", email: "grace@visitor.test"))
            #expect(submitted.status == 200, "submission: \(submitted)")
            // profile.published
            let profile = await server.saveProfile(ProfileJSON.make(username: "hookprofile", name: "Hook Profile"), session: session)
            #expect((200..<300).contains(profile.status), "PUT /api/profile: \(profile)")
            // contact.deleted
            let deleted = await server.delete("/api/contacts/\(contactID)", session: session)
            #expect(deleted.status == 204, "DELETE: \(deleted)")
            // webhook.test
            let test = await server.post("/api/webhooks/\(endpoint.id)/test", session: session)
            #expect(test.status == 202, "test: \(test)")

            let expected = Self.allEvents + ["webhook.test"]
            let all = await server.eventually { Set(receiver.entries.map(\.type)).isSuperset(of: expected) }
            #expect(all, "types received: \(Set(receiver.entries.map(\.type)).sorted()); log:\n\(server.logTail())")
            for entry in receiver.entries {
                #expect(entry.verifiedWith == [0], "\(entry.type) not verified by standardwebhooks: \(entry.signatures)")
                #expect(entry.status == 200)
                #expect(entry.webhookID.hasPrefix("msg_"), "webhook-id \(entry.webhookID)")
                #expect(Int(entry.timestamp) != nil, "webhook-timestamp \(entry.timestamp)")
                #expect(entry.contentType == "application/json")
                #expect(entry.userAgent.hasPrefix("Devhub-Webhooks/"), "user-agent \(entry.userAgent)")
                #expect(entry.body["timestamp"] is String && entry.body["data"] is [String: Any], "\(entry.body)")
            }
            let created = receiver.entries(ofType: "contact.created").compactMap { $0.data["contact"] as? [String: Any] }
            #expect(created.contains { $0["id"] as? String == contactID && $0["email"] as? String == "ada@hooked.test" })
            let updated = receiver.entries(ofType: "contact.updated").compactMap { $0.data["contact"] as? [String: Any] }
            #expect(updated.contains { $0["company"] as? String == "Analytical Engines" })
            let interaction = receiver.entries(ofType: "interaction.logged").first?.data["interaction"] as? [String: Any]
            #expect(interaction?["contact_id"] as? String == contactID && interaction?["notes"] as? String == "hello")
            let dueEntries = receiver.entries(ofType: "follow_up.due")
            #expect(dueEntries.count == 1, "follow_up.due once per contact and date: \(dueEntries.map(\.data))")
            #expect(dueEntries.first?.data["due_date"] as? String == "2020-01-02")
            #expect((dueEntries.first?.data["contact"] as? [String: Any])?["id"] as? String == dueID)
            let qc = receiver.entries(ofType: "quick_connect.submitted").first?.data
            #expect((qc?["code"] as? [String: Any])?["id"] as? String == code.id)
            #expect((qc?["contact"] as? [String: Any])?["email"] as? String == "grace@visitor.test" && qc?["created"] as? Bool == true)
            let published = receiver.entries(ofType: "profile.published").first?.data
            #expect(published?["username"] as? String == "hookprofile")
            #expect((receiver.entries(ofType: "contact.deleted").first?.data["contact"] as? [String: Any])?["id"] as? String == contactID)
            #expect(receiver.entries(ofType: "webhook.test").first?.data["endpoint_id"] as? String == endpoint.id)

            // A second sweep does not repeat follow_up.due for the same date.
            _ = await server.put("/api/settings", json: ["time_zone": "UTC"], session: session)
            try await server.waitUntilIdle()
            #expect(receiver.entries(ofType: "follow_up.due").count == 1)

            // The delivery log lists each attempt with its status; the secret is never shown again.
            let log = try await server.webhookDeliveries(endpoint.id, session: session)
            #expect(Set(log.compactMap { $0["event"] as? String }).isSuperset(of: expected), "log: \(log)")
            #expect(log.allSatisfy { $0["status_code"] as? Int == 200 && $0["attempt"] as? Int == 1 && $0["duration_ms"] is Int })
            let shown = await server.get("/api/webhooks/\(endpoint.id)", session: session)
            #expect(shown.status == 200 && shown.object?["secret"] == nil && !shown.body.contains(endpoint.secret), "\(shown)")
            let listed = await server.get("/api/webhooks", session: session)
            #expect(listed.status == 200 && !listed.body.contains(endpoint.secret))
            #expect(!server.logTail(1_000_000).contains(endpoint.secret), "the secret is in the server log")
            #expect(!server.logTail(1_000_000).contains("ada@hooked.test"), "a payload is in the server log")
        }
    }

    @Test("500 twice then 200 is retried with the same webhook-id; Retry-After is honoured; redirects are not followed; 410 disables; rotation signs with both secrets")
    func retriesRedirectsGoneAndRotation() async throws {
        try await Self.run { server, receiver in
            let session = try await server.verifiedSession("retries@example.test")
            let endpoint = try await server.createWebhook(url: receiver.url(), events: ["contact.created"], session: session)

            // Two 500s, then 200: three tries of one message.
            try receiver.configure(secrets: [endpoint.secret], script: [["status": 500], ["status": 500]])
            try await server.createContact(["name": "Retry One"], session: session)
            let three = await server.eventually { receiver.entries.filter { $0.status == 200 }.count == 1 }
            #expect(three, "never delivered: \(receiver.entries.map(\.status)); log:\n\(server.logTail())")
            let tries = receiver.entries
            #expect(tries.map(\.status) == [500, 500, 200])
            #expect(Set(tries.map(\.webhookID)).count == 1, "the webhook-id changed between tries: \(tries.map(\.webhookID))")
            #expect(tries.allSatisfy { $0.verifiedWith == [0] })
            let log = try await server.webhookDeliveries(endpoint.id, session: session)
            #expect(log.compactMap { $0["attempt"] as? Int }.sorted() == [1, 2, 3], "log: \(log)")
            #expect(log.compactMap { $0["status_code"] as? Int }.sorted() == [200, 500, 500])

            // 429 with Retry-After: 2 — the next try comes no sooner.
            try receiver.configure(secrets: [endpoint.secret], script: [["status": 429, "retry_after": "2"]])
            try await server.createContact(["name": "Retry After"], session: session)
            let throttled = await server.eventually { receiver.entries.count == 5 }
            #expect(throttled, "statuses: \(receiver.entries.map(\.status))")
            let pair = Array(receiver.entries.suffix(2))
            if pair.count == 2 {
                #expect(pair.map(\.status) == [429, 200])
                #expect(pair[1].receivedAt - pair[0].receivedAt >= 1.9, "retried \(pair[1].receivedAt - pair[0].receivedAt) s after a Retry-After of 2 s")
            }

            // A redirect is an answer, not followed: the target path is never asked.
            try receiver.configure(secrets: [endpoint.secret], script: [["status": 302, "location": receiver.url("/followed")]])
            try await server.createContact(["name": "Redirected"], session: session)
            let redirected = await server.eventually { receiver.entries.count == 7 }
            #expect(redirected, "statuses: \(receiver.entries.map(\.status))")
            #expect(!receiver.entries.contains { $0.path == "/followed" }, "the redirect was followed")
            #expect(Array(receiver.entries.suffix(2)).map(\.status) == [302, 200])
            let afterRedirect = try await server.webhookDeliveries(endpoint.id, session: session)
            #expect(afterRedirect.contains { $0["status_code"] as? Int == 302 && ($0["error"] as? String ?? "").contains("redirect") })

            // Rotation: the new secret is returned once and, for the overlap, both secrets sign every message.
            let rotated = await server.post("/api/webhooks/\(endpoint.id)/rotate-secret", session: session)
            let newSecret = try #require(rotated.object?["secret"] as? String, "rotate: \(rotated)")
            #expect(newSecret.hasPrefix("whsec_") && newSecret != endpoint.secret)
            try receiver.configure(secrets: [endpoint.secret, newSecret])
            try await server.createContact(["name": "Rotated"], session: session)
            let signedTwice = await server.eventually { receiver.entries.count == 8 }
            #expect(signedTwice)
            let last = try #require(receiver.entries.last)
            #expect(last.verifiedWith == [0, 1], "verified with secrets \(last.verifiedWith); signatures \(last.signatures.count)")
            #expect(last.signatures.count == 2 && last.signatures.allSatisfy { $0.hasPrefix("v1,") })

            // Send again: the same message (same webhook-id) once more.
            let firstID = try #require(log.first?["id"] as? String)
            let resend = await server.post("/api/webhooks/\(endpoint.id)/deliveries/\(firstID)/resend", session: session)
            #expect(resend.status == 202, "resend: \(resend)")
            let resent = await server.eventually { receiver.entries.count == 9 }
            #expect(resent && receiver.entries.last?.webhookID == tries.last?.webhookID, "resent id \(receiver.entries.last?.webhookID ?? "none")")

            // A huge answer body is not read to its end: the status is taken and the connection closed.
            try receiver.configure(secrets: [newSecret], script: [["status": 200, "body_bytes": 300_000, "stall": 30]])
            try await server.createContact(["name": "Big Answer"], session: session)
            let bigAnswered = await server.eventually {
                let rows = (try? await server.webhookDeliveries(endpoint.id, session: session)) ?? []
                return rows.count == 10 && rows.first?["status_code"] as? Int == 200
            }
            let afterBig = try await server.webhookDeliveries(endpoint.id, session: session)
            #expect(bigAnswered && afterBig.first?["error"] is NSNull, "a large, stalled answer was not cut short: \(afterBig.prefix(2))")

            // A host name is resolved once, checked, and connected to by address; Host still names it.
            let byName = try await server.createWebhook(
                url: "http://localhost:\(receiver.port)/by-name", events: ["interaction.logged"], session: session)
            try receiver.configure(secrets: [byName.secret])
            let someone = try await server.createContact(["name": "By Name"], session: session)
            let noted = await server.post("/api/contacts/\(try #require(someone["id"] as? String))/interactions", json: ["type": "call"], session: session)
            #expect(noted.status == 201)
            let named = await server.eventually { receiver.entries.contains { $0.path == "/by-name" } }
            #expect(named, "nothing reached http://localhost:PORT/by-name; log:\n\(server.logTail())")
            if let entry = receiver.entries.first(where: { $0.path == "/by-name" }) {
                #expect(entry.host == "localhost:\(receiver.port)" && entry.verifiedWith == [0] && entry.status == 200, "\(entry.host)")
            }
            try await server.waitUntilIdle()

            // 410 Gone turns the endpoint off with a reason; nothing more is sent to it.
            try receiver.configure(secrets: [newSecret], script: [["status": 410]])
            try await server.createContact(["name": "Gone"], session: session)
            let disabled = await server.eventually {
                let shown = await server.get("/api/webhooks/\(endpoint.id)", session: session)
                return shown.object?["enabled"] as? Bool == false
            }
            #expect(disabled, "the endpoint is still enabled after a 410")
            let shown = await server.get("/api/webhooks/\(endpoint.id)", session: session)
            #expect((shown.object?["disabled_reason"] as? String ?? "").contains("410"), "\(shown)")
            let count = receiver.entries.count
            try await server.createContact(["name": "After Gone"], session: session)
            try await server.waitUntilIdle()
            #expect(receiver.entries.count == count, "a disabled endpoint still got a message")
            let test = await server.post("/api/webhooks/\(endpoint.id)/test", session: session)
            #expect(test.status == 409, "test on a disabled endpoint: \(test)")
        }
    }

    @Test("without --webhooks-allow-private, loopback, private and link-local URLs are refused (422 naming url); another owner's endpoint is 404; bad bodies are 422 naming the field")
    func addressRulesOwnershipAndBadInput() async throws {
        try await ServerProcess.run(["--api-rate-limit", "100000"]) { server in
            let session = try await server.verifiedSession("rules@example.test")
            for url in [
                "http://127.0.0.1:9/hook", "http://localhost:9/hook", "http://[::1]:9/", "http://10.1.2.3/", "http://192.168.1.10/",
                "http://172.20.0.1/", "http://100.64.0.1/", "http://169.254.169.254/latest/meta-data", "http://[::ffff:127.0.0.1]/",
                "http://[fd00::1]/", "http://0.0.0.0/", "http://224.0.0.1/",
            ] {
                let refused = await server.post("/api/webhooks", json: ["url": url, "events": ["contact.created"]], session: session)
                #expect(refused.status == 422 && refused.errorFields == ["url"], "\(url): \(refused)")
            }
            // A public address is accepted (nothing is sent to it here).
            let endpoint = try await server.createWebhook(url: "http://93.184.215.14/hook?x=1", events: ["contact.created"], session: session)

            // Bad bodies: 422 naming the field (400 for what is not JSON).
            let bad: [([String: Any], String)] = [
                (["events": ["contact.created"]], "url"),
                (["url": "ftp://93.184.215.14/", "events": ["contact.created"]], "url"),
                (["url": "http://93.184.215.14/" + String(repeating: "a", count: 2000), "events": ["contact.created"]], "url"),
                (["url": "http://user:pw@93.184.215.14/", "events": ["contact.created"]], "url"),
                (["url": "http://93.184.215.14/"], "events"),
                (["url": "http://93.184.215.14/", "events": []], "events"),
                (["url": "http://93.184.215.14/", "events": "contact.created"], "events"),
                (["url": "http://93.184.215.14/", "events": ["contact.created", "nope"]], "events[1]"),
                (["url": "http://93.184.215.14/", "events": ["webhook.test"]], "events[0]"),
                (["url": "http://93.184.215.14/", "events": ["contact.created"], "description": String(repeating: "d", count: 201)], "description"),
                (["url": 7, "events": ["contact.created"]], "url"),
            ]
            for (body, field) in bad {
                let refused = await server.post("/api/webhooks", json: body, session: session)
                #expect(refused.status == 422 && refused.errorFields == [field], "\(ServerHTTP.jsonText(body)) should name \(field): \(refused)")
            }
            let patchBad = await server.patch("/api/webhooks/\(endpoint.id)", json: ["events": []], session: session)
            #expect(patchBad.status == 422 && patchBad.errorFields == ["events"], "\(patchBad)")
            let patchPrivate = await server.patch("/api/webhooks/\(endpoint.id)", json: ["url": "http://localhost/"], session: session)
            #expect(patchPrivate.status == 422 && patchPrivate.errorFields == ["url"], "\(patchPrivate)")
            let patchEnabled = await server.patch("/api/webhooks/\(endpoint.id)", json: ["enabled": "yes"], session: session)
            #expect(patchEnabled.status == 422 && patchEnabled.errorFields == ["enabled"], "\(patchEnabled)")
            let patched = await server.patch("/api/webhooks/\(endpoint.id)", json: ["description": "renamed", "enabled": false], session: session)
            #expect(patched.status == 200 && patched.object?["description"] as? String == "renamed" && patched.object?["enabled"] as? Bool == false)
            let malformed = try await server.postText("/api/webhooks", "{not json", contentType: "application/json", session: session)
            #expect(malformed.status == 400, "\(malformed)")

            // Another owner sees none of it.
            let other = try await server.verifiedSession("other@example.test")
            for (method, path) in [
                ("GET", "/api/webhooks/\(endpoint.id)"), ("PATCH", "/api/webhooks/\(endpoint.id)"), ("DELETE", "/api/webhooks/\(endpoint.id)"),
                ("POST", "/api/webhooks/\(endpoint.id)/rotate-secret"), ("POST", "/api/webhooks/\(endpoint.id)/test"),
                ("GET", "/api/webhooks/\(endpoint.id)/deliveries"), ("POST", "/api/webhooks/\(endpoint.id)/deliveries/\(CRM.unknownID)/resend"),
            ] {
                let response = method == "GET" ? await server.get(path, session: other)
                    : await server.send(method, path, json: method == "PATCH" ? ["description": "mine"] : nil, session: other)
                #expect(response.status == 404, "\(method) \(path) by another owner: \(response)")
            }
            let otherList = await server.get("/api/webhooks", session: other)
            #expect((otherList.object?["items"] as? [Any])?.isEmpty == true, "\(otherList)")
            let anonymous = await server.get("/api/webhooks")
            #expect(anonymous.status == 401)

            // At most 20 endpoints per owner.
            for index in 2...20 {
                _ = try await server.createWebhook(url: "http://93.184.215.14/hook\(index)", events: ["contact.created"], session: session)
            }
            let tooMany = await server.post("/api/webhooks", json: ["url": "http://93.184.215.14/21", "events": ["contact.created"]], session: session)
            #expect(tooMany.status == 409, "the 21st endpoint: \(tooMany)")

            // The secret is stored sealed: the database file never holds it.
            for path in [server.site.db.path, server.site.db.path + "-wal"] {
                let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
                #expect(bytes.range(of: Data(endpoint.secret.dropFirst(6).utf8)) == nil, "the secret is in \(path) in clear text")
            }

            // Deleting the endpoint: 204, then 404.
            let deleted = await server.delete("/api/webhooks/\(endpoint.id)", session: session)
            #expect(deleted.status == 204)
            let gone = await server.get("/api/webhooks/\(endpoint.id)", session: session)
            #expect(gone.status == 404)
        }
    }

    @Test("an endpoint whose address became refused (the server restarted without --webhooks-allow-private) fails once with a clear error and is not retried")
    func deliveryTimeRefusal() async throws {
        let site = try await ServerProcess.makeSite()
        let receiver = try await WebhookReceiver.start(in: site.root)
        defer { Task { await receiver.stop() } }
        let endpointID = try await ServerProcess.run(Self.serverArguments, site: site) { server in
            let session = try await server.verifiedSession("refused@example.test")
            return try await server.createWebhook(url: receiver.url(), events: ["contact.created"], session: session).id
        }
        try await ServerProcess.run(["--retry-schedule", "1s,1s,1s", "--api-rate-limit", "100000"], site: site) { server in
            let session = try await server.session("refused@example.test")
            try await server.createContact(["name": "Never Sent"], session: session)
            let logged = await server.eventually { ((try? await server.webhookDeliveries(endpointID, session: session)) ?? []).count == 1 }
            #expect(logged, "no delivery logged; log:\n\(server.logTail())")
            try await server.waitUntilIdle()
            // The job gave up after its one attempt (dead, for the operator), instead of running the schedule.
            let job = try await SQLiteFile.query(server.site.db.path, "SELECT state, attempts FROM jobs WHERE kind = 'deliver-webhook'")
            #expect(job == "dead|1", "the delivery job: \(job)")
            let log = try await server.webhookDeliveries(endpointID, session: session)
            #expect(log.count == 1, "a refused delivery was retried: \(log)")
            let error = log.first?["error"] as? String ?? ""
            #expect(error.contains("refused") && error.contains("loopback") && log.first?["status_code"] is NSNull, "\(log)")
            #expect(receiver.entries.isEmpty, "the receiver got a request from a server that must refuse its address")
            #expect(!server.logTail(1_000_000).contains("127.0.0.1:\(receiver.port)"), "the endpoint's address is in the server log")
        }
    }

    @Test("the settings pages add an endpoint (secret shown once), send a test, list deliveries with Send again, rotate and delete")
    func settingsPages() async throws {
        try await Self.run { server, receiver in
            let session = try await server.verifiedSession("pages@example.test")
            let settings = try await server.page("/app/settings", session: session)
            #expect(settings.source.contains("/app/settings/webhooks"), "the settings page links no webhooks page")

            let bad = try await server.postForm("/app/settings/webhooks", [("url", "ftp://x.example/"), ("events", "contact.created")], session: session)
            #expect(bad.status == 422 && bad.body.contains("url"), "\(bad.status)")
            let added = try await server.postForm(
                "/app/settings/webhooks", [("url", receiver.url("/page")), ("events", "contact.created"), ("events", "contact.deleted"), ("description", "from the page")],
                session: session)
            #expect(added.status == 200, "\(added.status)")
            let secret = try #require(RenderedPage(added.body).text.firstMatch(of: #/whsec_[A-Za-z0-9+\/=]+/#).map { String($0.output) }, "no secret on the page")
            try receiver.configure(secrets: [secret])
            let listed = await server.get("/api/webhooks", session: session)
            let endpoint = try #require((listed.object?["items"] as? [[String: Any]])?.first)
            let id = try #require(endpoint["id"] as? String)
            #expect(endpoint["events"] as? [String] == ["contact.created", "contact.deleted"] && endpoint["description"] as? String == "from the page")
            let listPage = try await server.page("/app/settings/webhooks", session: session)
            #expect(listPage.source.contains(receiver.url("/page")) && !listPage.text.contains(secret), "the list shows the secret again")

            let tested = try await server.postForm("/app/settings/webhooks/\(id)/test", [], session: session)
            #expect(tested.status == 200)
            let delivered = await server.eventually { receiver.entries.contains { $0.type == "webhook.test" && $0.verifiedWith == [0] } }
            #expect(delivered, "the test event never arrived verified")
            let logPage = try await server.page("/app/settings/webhooks/\(id)", session: session)
            #expect(logPage.source.contains("webhook.test") && logPage.source.contains("delivered"), "the delivery log page")
            let deliveryID = try #require(try await server.webhookDeliveries(id, session: session).first?["id"] as? String)
            #expect(logPage.source.contains("/app/settings/webhooks/\(id)/deliveries/\(deliveryID)/resend"))
            let again = try await server.postForm("/app/settings/webhooks/\(id)/deliveries/\(deliveryID)/resend", [], session: session)
            #expect(again.status == 200)
            let twice = await server.eventually { receiver.entries.filter { $0.type == "webhook.test" }.count == 2 }
            #expect(twice && Set(receiver.entries.map(\.webhookID)).count == 1, "send again did not resend the same message")

            let rotated = try await server.postForm("/app/settings/webhooks/\(id)/rotate", [], session: session)
            let newSecret = RenderedPage(rotated.body).text.firstMatch(of: #/whsec_[A-Za-z0-9+\/=]+/#).map { String($0.output) }
            #expect(rotated.status == 200 && newSecret != nil && newSecret != secret)

            let other = try await server.verifiedSession("pages-other@example.test")
            let foreign = await server.get("/app/settings/webhooks/\(id)", session: other)
            #expect(foreign.status == 404, "another owner's delivery log: \(foreign.status)")
            let deleted = try await server.postForm("/app/settings/webhooks/\(id)/delete", [], session: session)
            #expect(deleted.status == 200)
            let after = await server.get("/api/webhooks/\(id)", session: session)
            #expect(after.status == 404)
        }
    }

    @Test("the JSON export lists endpoints without secrets; deleting the account stops deliveries and its erasure removes endpoints, the delivery log and waiting deliveries")
    func exportAndAccountErasure() async throws {
        try await Self.run(Self.serverArguments + ["--deletion-grace", "1s", "--cleanup-every", "1s"]) { server, receiver in
            let session = try await server.verifiedSession("erased@example.test")
            let userID = try await server.userID("erased@example.test")
            let endpoint = try await server.createWebhook(url: receiver.url("/erased"), events: ["contact.created"], session: session)
            // Every try fails, so a retry is waiting when the account goes.
            try receiver.configure(secrets: [endpoint.secret], script: Array(repeating: ["status": 500], count: 50))
            try await server.createContact(["name": "Soon Erased"], session: session)
            let failing = await server.eventually { !receiver.entries.isEmpty }
            #expect(failing, "nothing delivered")

            let export = await server.get("/api/export/json", session: session)
            let listed = export.object?["webhook_endpoints"] as? [[String: Any]]
            #expect(listed?.count == 1 && listed?.first?["url"] as? String == receiver.url("/erased"), "export: \(listed ?? [])")
            #expect(!export.body.contains(endpoint.secret) && listed?.first?["secret"] == nil, "the export holds the secret")

            let deleted = await server.send("DELETE", "/api/account", json: ["password": ServerProcess.goodPassword], session: session)
            #expect(deleted.status == 204, "DELETE /api/account: \(deleted)")
            let erased = await server.eventually { (try? await server.rowsOfUser(userID))?.isEmpty == true }
            let remaining = (try? await server.rowsOfUser(userID)) ?? [:]
            #expect(erased, "the account was not erased: \(remaining)")
            let left = try await SQLiteFile.count(server.site.db.path, "SELECT (SELECT count(*) FROM webhook_endpoints) + (SELECT count(*) FROM webhook_deliveries)")
            #expect(left == 0, "webhook rows left after the erasure: \(left)")
            let count = receiver.entries.count
            try await Task.sleep(for: .seconds(2))
            #expect(receiver.entries.count == count, "deliveries went on after the account was erased")
        }
    }
}
