import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The `smtp` mail transport delivers through a sendmail-compatible program (msmtp) to a real SMTP server
/// the test starts (Python's aiosmtpd, storing into a Maildir) — no stub in between.
@Suite("Server: SMTP transport")
struct ServerSMTPTests {
    /// Whether msmtp and Python's aiosmtpd module are installed (`make test-deps` installs both).
    static var toolsAvailable: Bool {
        guard Devhub.hasTool("curl"), Devhub.hasTool("msmtp"), Devhub.hasTool("python3") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import aiosmtpd"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    @Test("sign-up mail reaches a real SMTP server through msmtp",
          .enabled(if: toolsAvailable, "needs curl, msmtp and python3 -m aiosmtpd (make test-deps installs them)"))
    func deliversThroughSMTP() async throws {
        let site = try await ServerProcess.makeSite()
        let maildir = site.root.appendingPathComponent("maildir")
        let smtpPort = try #require(HTTPClient.freePort(), "no free port")
        let smtpLog = site.root.appendingPathComponent("smtpd.log")
        let smtpd = try startSMTPServer(port: smtpPort, maildir: maildir, log: smtpLog)
        do {
            try await signUpOverSMTP(site: site, smtpPort: smtpPort, maildir: maildir, smtpd: smtpd, smtpLog: smtpLog)
        } catch {
            await ServerProcess.forceStop(smtpd)
            throw error
        }
        await ServerProcess.forceStop(smtpd)
    }

    /// Waits for aiosmtpd to listen, then runs the server with the smtp transport and signs up.
    private func signUpOverSMTP(site: TempSite, smtpPort: Int, maildir: URL, smtpd: Process, smtpLog: URL) async throws {
        var listening = false
        for _ in 0..<100 where !listening && smtpd.isRunning {
            listening = ServerSocket.isListening(port: smtpPort)
            if !listening { try await Task.sleep(for: .milliseconds(100)) }
        }
        let smtpOutput = { (try? String(contentsOf: smtpLog, encoding: .utf8)) ?? "" }
        try #require(listening, "aiosmtpd never listened on \(smtpPort):\n\(smtpOutput())")

        let sendmail = "msmtp --host=127.0.0.1 --port=\(smtpPort) --from=devhub@example.test -t"
        try await ServerProcess.run(["--mail-transport", "smtp", "--sendmail-command", sendmail], site: site) { server in
            let email = "smtp-user@example.test"
            let signUp = await server.signUp(email)
            #expect(signUp.status == 202, "sign-up: \(signUp)")

            var delivered: MailMessage?
            _ = await server.eventually {
                delivered = Mailbox.maildirMessages(in: maildir).first { $0.isAddressed(to: email) }
                return delivered != nil
            }
            let mail = try #require(delivered, "nothing arrived in \(maildir.path); server log:\n\(server.logTail())\nsmtpd:\n\(smtpOutput())")
            #expect(mail.subject == MailMessage.verificationSubject, "subject: \(mail)")
            #expect(mail.raw.contains("This link expires in 24 hours"), "no expiry notice: \(mail)")
            let token = try #require(mail.verificationTokens(appURL: server.appURL).first, "no verification link: \(mail)")
            #expect(server.mails.isEmpty, "the smtp transport also wrote .eml files: \(server.mails)")

            let verified = await server.verifyEmail(token: token)
            #expect(verified.status == 200, "the link delivered over SMTP does not verify: \(verified)")
        }
    }

    /// `python3 -m aiosmtpd` on `127.0.0.1:port`, storing messages into the Maildir `maildir`.
    private func startSMTPServer(port: Int, maildir: URL, log: URL) throws -> Process {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox", maildir.path,
        ]
        process.environment = Devhub.childEnvironment
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}
