import Foundation
import Testing

/// Quick Connect under a burst, on a real `devhub serve` with the real clock: the owner gets one notification mail
/// per code per `--connect-mail-interval`, listing everyone, and the code's page ends up showing every submission
/// (re-rendered at most once per `--connect-page-interval`, the default 2 s here).
@Suite("Quick Connect pacing", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct QuickConnectPacingEndToEndTests {
    /// The window of this test, in seconds: five posts fall inside it even on a machine busy with builds. (The store
    /// test `QuickConnectPacingTests` checks the batching exactly, with a clock it moves itself.)
    static let window = 60

    @Test("a burst of 5 submissions: ONE mail to the owner after the window, listing all 5 with links; the page shows 5")
    func burstMakesOneMail() async throws {
        try await ServerProcess.run(["--api-rate-limit", "100000", "--connect-mail-interval", "\(Self.window)s"]) { server in
            let owner = "burst-owner@example.test"
            let session = try await server.verifiedSession(owner)
            let code = try await server.createQuickConnect(session: session)
            let names = (1...5).map { "Burst Visitor \($0)" }
            let started = ContinuousClock.now
            for (index, name) in names.enumerated() {
                let response = try await server.submitConnect(code.token, QC.form(name: name, email: "burst\(index)@visitor.test"))
                try #require(response.status == 200, "POST /connect/TOKEN for \(name): \(response)")
            }
            let burst = ContinuousClock.now - started
            func notifications() -> [MailMessage] {
                server.mails(to: owner).filter { $0.subject?.contains("from Quick Connect") == true }
            }
            // Nothing before the window is over (the first mail is due a window after the first submission).
            if ContinuousClock.now - started < .seconds(Self.window) {
                #expect(notifications().isEmpty, "a notification went out before the window was over")
            }
            let contacts = try await server.contactsTagged(session: session)
            #expect(contacts.count == 5, "contacts made by the burst: \(contacts.count)")
            // Wait (bounded) until every visitor was mailed: a window after the first submission, plus slack.
            var mails: [MailMessage] = []
            let deadline = started + .seconds(2 * Self.window + 30)
            while ContinuousClock.now < deadline {
                mails = notifications()
                if contacts.allSatisfy({ contact in mails.contains { $0.raw.contains((contact["id"] as? String) ?? "?") } }) { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            try await server.waitUntilIdle()
            mails = notifications()
            for contact in contacts {
                let id = try #require(contact["id"] as? String)
                let name = try #require(contact["name"] as? String)
                let listing = mails.filter { $0.raw.contains("\(server.appURL)/app/contacts/\(id)") }
                #expect(listing.count == 1 && listing.first?.raw.contains(name) == true,
                        "\(name) is in \(listing.count) notifications, not one (with their name and link)")
            }
            if burst < .seconds(Self.window) {
                // The usual case: the whole burst fell inside one window.
                #expect(mails.count == 1, "expected ONE notification for the burst, got \(mails.count): \(mails.map { $0.subject ?? "" })")
                #expect(mails.first?.subject == "5 new contacts from Quick Connect at \(QC.event)", "subject: \(mails.first?.subject ?? "none")")
            } else {
                // The machine took longer than a window for five posts: still fewer mails than visitors.
                #expect(mails.count < 5, "\(mails.count) notifications for 5 visitors over \(burst)")
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
