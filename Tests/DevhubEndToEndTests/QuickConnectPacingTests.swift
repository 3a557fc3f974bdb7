import Foundation
import Testing

/// Quick Connect under a burst, on a real `devhub serve` with the real clock: the owner gets one notification mail
/// per code per `--connect-mail-interval`, listing everyone, and the code's page ends up showing every submission
/// (re-rendered at most once per `--connect-page-interval`, the default 2 s here).
@Suite("Quick Connect pacing", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct QuickConnectPacingEndToEndTests {
    /// The window of these tests: long enough for five posts on a busy machine (debug build, tests in parallel) to
    /// fall inside it.
    static let mailInterval = "20s"

    @Test("a burst of 5 submissions: ONE mail to the owner after the window, listing all 5 with links; the page shows 5")
    func burstMakesOneMail() async throws {
        try await ServerProcess.run(["--api-rate-limit", "100000", "--connect-mail-interval", Self.mailInterval]) { server in
            let owner = "burst-owner@example.test"
            let session = try await server.verifiedSession(owner)
            let code = try await server.createQuickConnect(session: session)
            let names = (1...5).map { "Burst Visitor \($0)" }
            for (index, name) in names.enumerated() {
                let response = try await server.submitConnect(code.token, QC.form(name: name, email: "burst\(index)@visitor.test"))
                try #require(response.status == 200, "POST /connect/TOKEN for \(name): \(response)")
            }
            func notifications() -> [MailMessage] {
                server.mails(to: owner).filter { $0.subject?.contains("from Quick Connect") == true }
            }
            // The window is 20 s from the first submission; wait up to 60 s for its mail.
            var mails: [MailMessage] = []
            for _ in 0..<600 {
                mails = notifications()
                if !mails.isEmpty { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            try await server.waitUntilIdle()
            mails = notifications()
            try #require(mails.count == 1, "expected one notification for the burst, got \(mails.count): \(mails.map(\.description))")
            let mail = mails[0]
            #expect(mail.subject == "5 new contacts from Quick Connect at \(QC.event)", "subject: \(mail.subject ?? "none")")
            let contacts = try await server.contactsTagged(session: session)
            #expect(contacts.count == 5, "contacts made by the burst: \(contacts.count)")
            for contact in contacts {
                let id = try #require(contact["id"] as? String)
                let name = try #require(contact["name"] as? String)
                #expect(mail.raw.contains(name), "the mail does not list \(name): \(mail.raw)")
                #expect(mail.raw.contains("\(server.appURL)/app/contacts/\(id)"), "the mail lacks the link to \(name)")
            }
            #expect(await server.eventuallyConnectPage(code.token) { $0.uses == 5 },
                    "the page never showed data-uses=\"5\": \((try? server.connectPage(code.token).description) ?? "missing")")
            #expect(JSONValue.int(try await server.quickConnect(code.id, session: session)["use_count"]) == 5)
        }
    }

    @Test("--connect-mail-interval and --connect-page-interval refuse what is not a duration, naming the flag")
    func badIntervalsAreRefused() async throws {
        for flag in ["--connect-mail-interval", "--connect-page-interval"] {
            let result = await Devhub.run(["serve", flag, "soon", "--port", "1"])
            #expect(result.status != 0 && result.stderr.contains(flag), "\(flag) soon: \(result)")
        }
    }
}
