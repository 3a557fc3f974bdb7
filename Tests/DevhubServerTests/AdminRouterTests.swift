import DevhubCore
import DevhubStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The operator's admin through the real router over an in-memory database: roles and the 404 every member gets,
/// suspension, unpublishing and the owner's appeal, reserved names, abuse reports (validation, honeypot, 413, rate
/// limit, the batched admin mail), the audit trail, and that an admin never reads a member's CRM data.
@Suite("Admin (in-process)")
struct AdminRouterTests {
    /// Every admin API route, with a body where it takes one (ids that do not exist: a member must not learn that).
    static let apiRoutes: [(HTTPRequest.Method, String, String?)] = [
        (.get, "/api/admin/users", nil), (.get, "/api/admin/users/01ABC", nil),
        (.post, "/api/admin/users/01ABC/suspend", #"{"reason": "r"}"#), (.post, "/api/admin/users/01ABC/unsuspend", "{}"),
        (.post, "/api/admin/users/01ABC/delete", #"{"reason": "r"}"#),
        (.post, "/api/admin/profiles/ada/unpublish", #"{"reason": "r"}"#), (.post, "/api/admin/profiles/ada/republish", "{}"),
        (.get, "/api/admin/reserved", nil), (.post, "/api/admin/reserved", #"{"kind": "username", "name": "x"}"#),
        (.delete, "/api/admin/reserved/username/x", nil), (.get, "/api/admin/reports", nil),
        (.post, "/api/admin/reports/ada/dismiss", "{}"), (.get, "/api/admin/jobs", nil), (.post, "/api/admin/jobs/1/retry", nil),
        (.post, "/api/admin/domains/01ABC/check", nil), (.get, "/api/admin/audit", nil),
    ]
    /// Every admin page (GET) and a form post.
    static let pagePaths = ["/app/admin", "/app/admin/reports", "/app/admin/reserved", "/app/admin/jobs", "/app/admin/audit"]

    @Test("a member gets 404 on every admin route and page; no session is 401 on the API and a redirect to log-in on pages")
    func membersSeeNothing() async throws {
        try await InProcessApp.run { app in
            let member = try await app.verifiedSession("member@example.test")
            for (method, path, body) in Self.apiRoutes {
                let asMember = try await app.send(method, path, json: body, session: member)
                #expect(asMember.status == .notFound && asMember.error?.code == "not_found", "member \(method) \(path): \(asMember)")
                let anonymous = try await app.send(method, path, json: body)
                #expect(anonymous.status == .unauthorized, "no session \(method) \(path): \(anonymous)")
            }
            for path in Self.pagePaths {
                let asMember = try await app.send(.get, path, session: member)
                #expect(asMember.status == .notFound && !asMember.body.contains("Audit trail"), "member GET \(path): \(asMember)")
                let anonymous = try await app.send(.get, path)
                #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/app/login", "no session GET \(path): \(anonymous)")
            }
            let post = try await app.form(.post, "/app/admin/users/x/suspend", ["reason": "r"], session: member)
            #expect(post.status == .notFound, "member form post: \(post)")
            let dashboard = try await app.send(.get, "/app/dashboard", session: member)
            #expect(!dashboard.body.contains("/app/admin"), "a member's navigation links to the admin")
        }
    }

    @Test("promotion (actor cli) opens the admin in the session the account has; a demotion closes it at once, same session")
    func demotionTakesEffectAtOnce() async throws {
        try await InProcessApp.run { app in
            let session = try await app.verifiedSession("boss@example.test")
            #expect(try await app.send(.get, "/api/admin/users", session: session).status == .notFound)
            try app.database.setRole(email: EmailAddress("boss@example.test"), role: .admin, actor: .cli)
            let list = try await app.send(.get, "/api/admin/users", session: session)
            #expect(list.status == .ok && list.body.contains("\"role\":\"admin\""), "\(list)")
            let page = try await app.send(.get, "/app/admin", session: session)
            #expect(page.status == .ok && page.body.contains("boss@example.test"), "\(page)")
            try app.database.setRole(email: EmailAddress("boss@example.test"), role: .member, actor: .cli)
            #expect(try await app.send(.get, "/api/admin/users", session: session).status == .notFound)
            #expect(try await app.send(.get, "/app/admin", session: session).status == .notFound)
            let audit = try app.database.auditEntries(page: 1).entries
            #expect(audit.map(\.action) == ["demote", "promote"] && audit.allSatisfy { $0.actor == "cli" && $0.target == "boss@example.test" },
                    "\(audit)")
            #expect(throws: AdminRefusal.unchanged) { try app.database.setRole(email: EmailAddress("boss@example.test"), role: .member, actor: .cli) }
        }
    }

    @Test("suspend needs a reason (422 naming reason); it ends the session, refuses log-in with account_suspended, is audited once")
    func suspension() async throws {
        try await InProcessApp.run { app in
            let (admin, _) = try await app.admin()
            let member = try await app.verifiedSession("spammer@example.test")
            let id = try #require(try app.database.account(email: EmailAddress("spammer@example.test"))?.id)
            for body in ["{}", #"{"reason": "   "}"#, #"{"reason": "\#(String(repeating: "x", count: 501))"}"#] {
                let bad = try await app.send(.post, "/api/admin/users/\(id)/suspend", json: body, session: admin)
                #expect(bad.status == .unprocessableContent && bad.error?.details.first?.field == "reason", "\(body): \(bad)")
            }
            let done = try await app.send(.post, "/api/admin/users/\(id)/suspend", json: #"{"reason": "spam links"}"#, session: admin)
            #expect(done.status == .ok && done.body.contains("\"state\":\"suspended\"") && done.body.contains("spam links"), "\(done)")
            #expect(try await app.send(.get, "/api/contacts", session: member).status == .unauthorized, "the member's session survived")
            let login = try await app.send(.post, "/api/auth/login", json: #"{"email": "spammer@example.test", "password": "\#(InProcessApp.password)"}"#)
            #expect(login.status == .forbidden && login.error?.code == "account_suspended" && login.error?.message.contains("spam links") == true, "\(login)")
            let wrong = try await app.send(.post, "/api/auth/login", json: #"{"email": "spammer@example.test", "password": "wrong-password-entirely"}"#)
            #expect(wrong.status == .unauthorized, "a wrong password learned of the suspension: \(wrong)")
            let again = try await app.send(.post, "/api/admin/users/\(id)/suspend", json: #"{"reason": "again"}"#, session: admin)
            #expect(again.status == .conflict, "\(again)")
            let adminID = try #require(try app.database.account(email: EmailAddress("admin@example.test"))?.id)
            let own = try await app.send(.post, "/api/admin/users/\(adminID)/suspend", json: #"{"reason": "oops"}"#, session: admin)
            #expect(own.status == .conflict && own.error?.code == "own_account", "\(own)")
            let unknown = try await app.send(.post, "/api/admin/users/nobody/suspend", json: #"{"reason": "x"}"#, session: admin)
            #expect(unknown.status == .notFound, "\(unknown)")
            let lifted = try await app.send(.post, "/api/admin/users/\(id)/unsuspend", json: "{}", session: admin)
            #expect(lifted.status == .ok && lifted.body.contains("\"state\":\"active\""), "\(lifted)")
            _ = try await app.session("spammer@example.test")
            let audit = try await app.send(.get, "/api/admin/audit", session: admin)
            #expect(audit.status == .ok)
            let entries = try app.database.auditEntries(page: 1).entries.filter { $0.target == "spammer@example.test" }
            #expect(entries.map(\.action) == ["unsuspend", "suspend"] && entries.last?.reason == "spam links" && entries.last?.actor == "admin@example.test",
                    "\(entries)")
        }
    }

    @Test("delete starts the deletion flow (pending deletion, page off the site); the owner's log-in does not undo it; audited once")
    func adminDeletion() async throws {
        try await InProcessApp.run { app in
            let (admin, _) = try await app.admin()
            let member = try await app.verifiedSession("gone@example.test")
            _ = try await app.send(.put, "/api/profile", json: #"{"username": "gone", "name": "Gone", "public": true}"#, session: member)
            let id = try #require(try app.database.account(email: EmailAddress("gone@example.test"))?.id)
            let missing = try await app.send(.post, "/api/admin/users/\(id)/delete", json: "{}", session: admin)
            #expect(missing.status == .unprocessableContent && missing.error?.details.first?.field == "reason", "\(missing)")
            let done = try await app.send(.post, "/api/admin/users/\(id)/delete", json: #"{"reason": "ban evasion"}"#, session: admin)
            #expect(done.status == .ok && done.body.contains("\"state\":\"pending deletion\""), "\(done)")
            #expect(try app.database.profile(username: Username("gone"))?.profile.isPublic == false)
            #expect(try await app.send(.get, "/api/contacts", session: member).status == .unauthorized)
            let login = try await app.send(.post, "/api/auth/login", json: #"{"email": "gone@example.test", "password": "\#(InProcessApp.password)"}"#)
            #expect(login.status == .forbidden && login.error?.code == "account_suspended", "\(login)")
            #expect(try app.database.deletionRequestedAt(userID: id) != nil, "the log-in cancelled the admin's deletion")
            let again = try await app.send(.post, "/api/admin/users/\(id)/delete", json: #"{"reason": "again"}"#, session: admin)
            #expect(again.status == .conflict, "\(again)")
            let rows = try app.database.auditEntries(page: 1).entries.filter { $0.target == "gone@example.test" }
            #expect(rows.map(\.action) == ["delete"] && rows.first?.reason == "ban evasion", "\(rows)")
        }
    }

    @Test("unpublish with a reason: off the site, the owner sees the reason, an edit keeps it off and queues an appeal; republish restores")
    func unpublishAndAppeal() async throws {
        try await InProcessApp.run { app in
            let (admin, _) = try await app.admin()
            let owner = try await app.verifiedSession("owner@example.test")
            let saved = try await app.send(.put, "/api/profile", json: #"{"username": "grace", "name": "Grace", "public": true}"#, session: owner)
            #expect(saved.status == .ok, "\(saved)")
            #expect(try app.database.profile(username: Username("grace"))?.profile.isPublic == true)
            let missing = try await app.send(.post, "/api/admin/profiles/grace/unpublish", json: "{}", session: admin)
            #expect(missing.status == .unprocessableContent && missing.error?.details.first?.field == "reason", "\(missing)")
            let done = try await app.send(.post, "/api/admin/profiles/grace/unpublish", json: #"{"reason": "fake identity"}"#, session: admin)
            #expect(done.status == .noContent, "\(done)")
            #expect(try app.database.profile(username: Username("grace"))?.profile.isPublic == false)
            let editor = try await app.send(.get, "/app/profile", session: owner)
            #expect(editor.body.contains("fake identity") && !editor.body.contains("Your profile is live"), "the editor does not show the reason")
            let edited = try await app.send(.put, "/api/profile", json: #"{"username": "grace", "name": "Grace H.", "public": true}"#, session: owner)
            #expect(edited.status == .ok, "\(edited)")
            #expect(try app.database.profile(username: Username("grace"))?.profile.isPublic == false, "the owner's edit republished it")
            let queue = try await app.send(.get, "/api/admin/reports", session: admin)
            #expect(queue.status == .ok && queue.body.contains("\"appeals\":[{") && queue.body.contains("fake identity"), "\(queue)")
            let back = try await app.send(.post, "/api/admin/profiles/grace/republish", json: "{}", session: admin)
            #expect(back.status == .noContent, "\(back)")
            #expect(try app.database.profile(username: Username("grace"))?.profile.isPublic == true)
            let actions = try app.database.auditEntries(page: 1).entries.filter { $0.target == "grace" }.map(\.action)
            #expect(actions == ["republish", "unpublish"], "\(actions)")
        }
    }

    @Test("reserved usernames and domains: the editor refuses them with 422 naming the field, sign-up refuses the email domain")
    func reservedNames() async throws {
        try await InProcessApp.run { app in
            let (admin, _) = try await app.admin()
            let member = try await app.verifiedSession("member@example.test")
            let badKind = try await app.send(.post, "/api/admin/reserved", json: #"{"kind": "planet", "name": "x"}"#, session: admin)
            #expect(badKind.status == .unprocessableContent && badKind.error?.details.first?.field == "kind", "\(badKind)")
            let badName = try await app.send(.post, "/api/admin/reserved", json: #"{"kind": "username", "name": "-no-"}"#, session: admin)
            #expect(badName.status == .unprocessableContent && badName.error?.details.first?.field == "name", "\(badName)")
            for (kind, name) in [("username", "Squatted"), ("domain", "brand.example")] {
                let made = try await app.send(.post, "/api/admin/reserved", json: #"{"kind": "\#(kind)", "name": "\#(name)", "reason": "trademark"}"#, session: admin)
                #expect(made.status == .created, "\(made)")
            }
            let twice = try await app.send(.post, "/api/admin/reserved", json: #"{"kind": "username", "name": "squatted"}"#, session: admin)
            #expect(twice.status == .conflict, "\(twice)")
            let username = try await app.send(.put, "/api/profile", json: #"{"username": "squatted", "name": "S"}"#, session: member)
            #expect(username.status == .unprocessableContent && username.error?.details.first?.field == "username", "\(username)")
            let domain = try await app.send(
                .put, "/api/profile", json: #"{"username": "fine", "name": "S", "custom_domain": "www.brand.example"}"#, session: member)
            #expect(domain.status == .unprocessableContent && domain.error?.details.first?.field == "custom_domain", "\(domain)")
            let form = try await app.form(.post, "/app/profile", ["username": "squatted", "name": "S"], session: member)
            #expect(form.status == .unprocessableContent && form.body.contains("is reserved"), "the editor page: \(form.status)")
            let signUp = try await app.send(.post, "/api/auth/signup", json: #"{"email": "ceo@brand.example", "password": "\#(InProcessApp.password)"}"#)
            #expect(signUp.status == .unprocessableContent && signUp.error?.details.first?.field == "email", "\(signUp)")
            let lifted = try await app.send(.delete, "/api/admin/reserved/username/squatted", session: admin)
            #expect(lifted.status == .noContent, "\(lifted)")
            let now = try await app.send(.put, "/api/profile", json: #"{"username": "squatted", "name": "S"}"#, session: member)
            #expect(now.status == .ok, "\(now)")
            let actions = try app.database.auditEntries(page: 1).entries.filter { $0.targetKind.hasPrefix("reserved-") }.map(\.action)
            #expect(actions == ["unreserve", "reserve", "reserve"], "\(actions)")
        }
    }

    @Test("POST /report: thank you for a real and an unknown profile alike, honeypot keeps nothing, 422 names the field, 413, 429")
    func reportForm() async throws {
        try await InProcessApp.run { app in
            let owner = try await app.verifiedSession("reported@example.test")
            _ = try await app.send(.put, "/api/profile", json: #"{"username": "reported", "name": "R", "public": true}"#, session: owner)
            let real = try await app.form(.post, "/report", ["username": "reported", "reason": "spam", "details": "ads everywhere"])
            let unknown = try await app.form(.post, "/report", ["username": "nobody-here", "reason": "spam", "details": "ads everywhere"])
            #expect(real.status == .ok && real.body.contains("Thank you"), "\(real)")
            #expect(unknown.status == real.status && unknown.body == real.body, "the answer tells whether the profile exists")
            let bot = try await app.form(.post, "/report", ["username": "reported", "reason": "spam", "website": "http://spam.example"])
            #expect(bot.status == .ok && bot.body == real.body, "\(bot)")
            #expect(try app.database.openReports().flatMap(\.reports).count == 1, "the unknown name or the honeypot was stored")
            let badReason = try await app.form(.post, "/report", ["username": "reported", "reason": "boring"])
            #expect(badReason.status == .unprocessableContent && badReason.body.contains("<strong>reason</strong>"), "\(badReason)")
            let long = try await app.form(.post, "/report", ["username": "reported", "reason": "other", "details": String(repeating: "x", count: 2_001)])
            #expect(long.status == .unprocessableContent && long.body.contains("<strong>details</strong>"), "\(long.status)")
            #expect(try app.database.openReports().flatMap(\.reports).count == 1)
        }
        try await InProcessApp.run { app in
            let huge = try await app.form(.post, "/report", ["username": "x", "reason": "spam", "details": String(repeating: "a", count: 9_000)])
            #expect(huge.status == .contentTooLarge, "\(huge.status)")
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<5 { statuses.append(try await app.form(.post, "/report", ["username": "someone", "reason": "spam"]).status) }
            #expect(statuses.last == .tooManyRequests && statuses.dropLast().allSatisfy { $0 == .ok }, "\(statuses)")
        }
    }

    @Test("a burst of reports queues ONE report mail job; it mails each admin once, grouped by profile, and nothing the second time")
    func reportMailIsBatched() async throws {
        try await InProcessApp.run { app in
            let (_, adminEmail) = try await app.admin()
            for name in ["alpha", "beta"] {
                let session = try await app.verifiedSession("\(name)@example.test")
                _ = try await app.send(.put, "/api/profile", json: #"{"username": "\#(name)", "name": "\#(name)", "public": true}"#, session: session)
            }
            for (name, reason) in [("alpha", ReportReason.spam), ("alpha", .harassment), ("beta", .impersonation)] {
                #expect(try app.database.fileReport(
                    AbuseReportSubmission(username: Username(name), reason: reason, details: "d", email: nil), mailInterval: 3_600_000))
            }
            let waiting = try app.database.unfinishedJobs().filter { $0.kind == "report-mail" }
            #expect(waiting.count == 1, "report-mail jobs: \(waiting)")
            var mails: [OutgoingMail] = []
            let listed = try app.database.mailNewReports { email, profiles in
                let mail = OutgoingMail(recipient: email, subject: "s", textBody: profiles.map { "\($0.username):\($0.reports.count)" }.joined(separator: ","), htmlBody: "")
                mails.append(mail)
                return mail
            }
            #expect(listed == 3 && mails.count == 1 && mails.first?.recipient == adminEmail && mails.first?.textBody == "alpha:2,beta:1", "\(mails)")
            #expect(try app.database.mailNewReports { _, _ in Issue.record("a second mail"); return mails[0] } == 0)
            #expect(try app.database.openReports().map(\.username) == ["alpha", "beta"], "the queue groups by profile")
        }
    }

    @Test("an admin cannot read a member's contacts through any route: the lists carry counts only, the CRM routes answer 404")
    func adminNeverSeesContacts() async throws {
        try await InProcessApp.run { app in
            let (admin, _) = try await app.admin()
            let member = try await app.verifiedSession("crm@example.test")
            let created = try await app.send(.post, "/api/contacts", json: #"{"name": "Secret Person", "email": "secret@contact.example"}"#, session: member)
            struct Created: Decodable { var id: String }
            let contact: Created = try created.decode()
            let memberID = try #require(try app.database.account(email: EmailAddress("crm@example.test"))?.id)
            for path in ["/api/contacts/\(contact.id)", "/api/contacts/\(contact.id)/interactions"] {
                let answer = try await app.send(.get, path, session: admin)
                #expect(answer.status == .notFound, "\(path): \(answer)")
            }
            let adminPaths = ["/api/admin/users", "/api/admin/users/\(memberID)", "/api/admin/reports", "/api/admin/jobs", "/api/admin/audit",
                              "/api/contacts", "/api/export/json", "/api/export/csv", "/api/export/vcard", "/api/sync", "/api/follow-ups",
                              "/app/admin", "/app/admin/reports", "/app/contacts", "/app/contacts/\(contact.id)", "/app/dashboard"]
            for path in adminPaths {
                let answer = try await app.send(.get, path, session: admin)
                #expect(!answer.body.contains("Secret Person") && !answer.body.contains("secret@contact.example"), "\(path) shows the contact")
            }
            let user = try await app.send(.get, "/api/admin/users/\(memberID)", session: admin)
            #expect(user.body.contains("\"contact_count\":1"), "\(user)")
        }
    }
}

extension InProcessApp {
    /// A verified account made an admin through the store (actor `cli`, as `devhub user promote` does); its session and email.
    func admin(_ email: String = "admin@example.test") async throws -> (session: String, email: String) {
        let session = try await verifiedSession(email)
        try database.setRole(email: EmailAddress(email), role: .admin, actor: .cli)
        return (session, email)
    }

    /// A form post (`application/x-www-form-urlencoded`), with the session cookie when given.
    func form(_ method: HTTPRequest.Method, _ path: String, _ fields: [String: String], session: String? = nil) async throws -> Answer {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded"
        if let session { headers[.cookie] = "devhub_session=\(session)" }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = fields.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        let response = try await client.execute(uri: path, method: method, headers: headers, body: ByteBuffer(string: body))
        return Answer(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }
}
