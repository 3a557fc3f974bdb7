import Foundation
import Testing

/// Jobs that outlast outages: a failing sendmail is retried on the `--retry-schedule`, a mail that never gets
/// through is a dead job `devhub jobs` shows and retries (with a fresh link), and the outbox keeps no live token.
@Suite("Server: durable jobs and dead letters", .enabled(if: Devhub.hasTool("curl") && Devhub.hasTool("sqlite3"), "needs curl and sqlite3"))
struct ServerJobDurabilityTests {
    /// An address the failing sendmail quotes in its complaint; it must reach neither the log nor the job table.
    static let quotedAddress = "jane.doe@example.test"

    /// A sendmail stand-in in `folder`: while `folder/deliver` is missing it keeps the message in `rejected/`,
    /// complains naming an address and exits 75; once the file exists it delivers into `delivered/`.
    struct FlakySendmail {
        let folder: URL
        var script: URL { folder.appendingPathComponent("sendmail.sh") }
        var delivered: URL { folder.appendingPathComponent("delivered") }
        var rejected: URL { folder.appendingPathComponent("rejected") }

        init(in site: TempSite) throws {
            folder = try site.directory("sendmail")
            for dir in [delivered, rejected] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
            try """
                #!/bin/sh
                dir='\(folder.path)'
                n="$(date +%s%N)-$$"
                if [ -f "$dir/deliver" ]; then
                  cat > "$dir/delivered/.$n" && mv "$dir/delivered/.$n" "$dir/delivered/$n.eml"
                  exit 0
                fi
                cat > "$dir/rejected/.$n" && mv "$dir/rejected/.$n" "$dir/rejected/$n.eml"
                echo "relay refused for <\(ServerJobDurabilityTests.quotedAddress)>" >&2
                exit 75

                """.write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }

        /// From now on, messages get through.
        func recover() throws {
            try Data().write(to: folder.appendingPathComponent("deliver"))
        }

        var deliveredMails: [MailMessage] { Mailbox.emlMessages(in: delivered) }
        var rejectedMails: [MailMessage] { Mailbox.emlMessages(in: rejected) }

        func arguments(schedule: String) -> [String] {
            ["--mail-transport", "smtp", "--sendmail-command", script.path, "--retry-schedule", schedule]
        }
    }

    /// `devhub jobs ARGS --db DB`.
    static func jobs(_ site: TempSite, _ arguments: [String]) async -> RunResult {
        await Devhub.run(["jobs"] + arguments + ["--db", site.db.path])
    }

    /// The dead jobs as `devhub jobs --dead --json` prints them.
    static func deadJobs(_ site: TempSite) async throws -> [[String: Any]] {
        let result = await jobs(site, ["--dead", "--json"])
        try #require(result.status == 0, "\(result)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result)")
    }

    static func sqlite(_ site: TempSite, _ query: String) async throws -> String {
        let result = await Devhub.tool("sqlite3", ["-cmd", ".timeout 5000", site.db.path, query])
        try #require(result.status == 0, "\(result)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("a sendmail that fails until a flag file appears: the mail arrives after the flag, its link works")
    func deliversAfterOutage() async throws {
        let site = try await ServerProcess.makeSite()
        let sendmail = try FlakySendmail(in: site)
        let schedule = Array(repeating: "1s", count: 30).joined(separator: ",")
        try await ServerProcess.run(sendmail.arguments(schedule: schedule), site: site) { server in
            let email = "outage@example.test"
            #expect(await server.signUp(email).status == 202)
            let failedTwice = await server.eventually { sendmail.rejectedMails.count >= 2 }
            try #require(failedTwice, "the mail was not tried twice; log:\n\(server.logTail())")
            #expect(sendmail.deliveredMails.isEmpty)
            var listed = RunResult(status: -1, stdout: "", stderr: "")
            let shown = await server.eventually {
                listed = await Self.jobs(site, [])
                // Between tries it is `retrying`; on a busy machine a try may be under way (`running`) whenever we
                // look, but then too it shows the attempts made and the last error.
                return listed.stdout.split(separator: "\n").contains { line in
                    let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
                    return cells.count >= 6 && cells[1] == "send-email" && (cells[2] == "retrying" || cells[2] == "running")
                        && (Int(cells[3]) ?? 0) >= 1 && cells[5].contains("exited with")
                }
            }
            #expect(shown, "devhub jobs never showed the mail being retried: \(listed)")

            try sendmail.recover()
            var delivered: MailMessage?
            _ = await server.eventually {
                delivered = sendmail.deliveredMails.first { $0.isAddressed(to: email) }
                return delivered != nil
            }
            let mail = try #require(delivered, "nothing delivered after the outage ended; log:\n\(server.logTail())")
            let token = try #require(mail.verificationTokens(appURL: server.appURL).first, "\(mail)")
            #expect(await server.verifyEmail(token: token).status == 200)
            try await server.waitUntilIdle()
            #expect(try await Self.deadJobs(site).isEmpty)
            #expect(!server.logTail(1_000_000).contains(Self.quotedAddress), "the sendmail complaint's address was logged")
            #expect(server.logTail(1_000_000).contains("exited with 75"), "the failure was not logged")
            let stored = try await Self.sqlite(site, "SELECT count(*) FROM jobs WHERE last_error LIKE '%@%'")
            #expect(stored == "0", "an address was stored in a job's error")
        }
    }

    @Test("a mail that never gets through is dead; devhub jobs shows it, retry sends a fresh link, discard removes one")
    func deadMailRetriedWithFreshLink() async throws {
        let site = try await ServerProcess.makeSite()
        let sendmail = try FlakySendmail(in: site)
        try await ServerProcess.run(sendmail.arguments(schedule: "1s,1s"), site: site) { server in
            let email = "dead-letter@example.test"
            let other = "discarded@example.test"
            #expect(await server.signUp(email).status == 202)
            #expect(await server.signUp(other).status == 202)
            var dead: [[String: Any]] = []
            _ = try await server.eventually {
                dead = try await Self.deadJobs(site)
                return dead.count == 2
            }
            try #require(dead.count == 2, "expected two dead mail jobs, got \(dead); log:\n\(server.logTail())")
            for job in dead {
                #expect(job["kind"] as? String == "send-email" && job["state"] as? String == "dead", "\(job)")
                #expect(job["attempts"] as? Int == 3, "one attempt and two retries: \(job)")
                #expect(job["created_at"] is String && job["last_attempt_at"] is String, "\(job)")
                #expect(job["next_run"] is NSNull, "a dead job has no next run: \(job)")
                let error = job["last_error"] as? String ?? ""
                #expect(error.contains("exited with 75") && !error.contains("@"), "last error: \(error)")
            }
            let lines = await Self.jobs(site, ["--dead"])
            #expect(lines.status == 0 && lines.stdout.split(separator: "\n").count == 2, "\(lines)")
            #expect(lines.stdout.split(separator: "\n").allSatisfy { $0.contains("\tsend-email\tdead\t3\t-\t") }, "\(lines)")
            #expect(try await Self.sqlite(site, "SELECT count(*) FROM outbox WHERE text_body != '' OR html_body != ''") == "0",
                    "a dead link email kept its body (and its token)")
            #expect(await server.get("/healthz").object?["pending_jobs"] as? Int == 0, "dead jobs count as pending")

            // The first (rejected) message to `email` and its link.
            let rejected = try #require(sendmail.rejectedMails.first { $0.isAddressed(to: email) })
            let oldToken = try #require(rejected.verificationTokens(appURL: server.appURL).first)
            let ids = Dictionary(uniqueKeysWithValues: try await dead.asyncMap { job -> (String, Int) in
                let id = try #require(job["id"] as? Int)
                let outbox = try await Self.sqlite(site, "SELECT payload FROM jobs WHERE id = \(id)")
                let recipient = try await Self.sqlite(
                    site, "SELECT recipient FROM outbox WHERE id = '\(outbox.split(separator: "\"").dropLast().last ?? "")'")
                return (recipient, id)
            })
            let retryID = try #require(ids[email], "\(ids)")
            let discardID = try #require(ids[other], "\(ids)")

            try sendmail.recover()
            let retried = await Self.jobs(site, ["retry", String(retryID)])
            #expect(retried.status == 0, "\(retried)")
            let discarded = await Self.jobs(site, ["discard", String(discardID)])
            #expect(discarded.status == 0, "\(discarded)")
            var delivered: MailMessage?
            _ = await server.eventually {
                delivered = sendmail.deliveredMails.first { $0.isAddressed(to: email) }
                return delivered != nil
            }
            let mail = try #require(delivered, "the retried mail was not delivered; log:\n\(server.logTail())")
            let freshToken = try #require(mail.verificationTokens(appURL: server.appURL).first, "\(mail)")
            #expect(freshToken != oldToken, "the retry resent the old link")
            #expect(await server.verifyEmail(token: oldToken).status != 200, "the old link still works")
            #expect(await server.verifyEmail(token: freshToken).status == 200, "the fresh link does not verify")
            try await server.waitUntilIdle()
            #expect(try await Self.deadJobs(site).isEmpty)
            #expect(!sendmail.deliveredMails.contains { $0.isAddressed(to: other) }, "the discarded mail was sent")
            #expect(try await Self.sqlite(site, "SELECT count(*) FROM outbox WHERE recipient = '\(other)'") == "0")

            let unknown = await Self.jobs(site, ["retry", "999999"])
            #expect(unknown.status != 0 && unknown.stderr.contains("no dead job with id 999999"), "\(unknown)")
            let neither = await Self.jobs(site, ["retry"])
            #expect(neither.status != 0 && neither.stderr.contains("--all-dead"), "\(neither)")
        }
    }

    @Test("after a verification mail is sent, neither the database file nor its WAL contains the token")
    func noTokenAtRest() async throws {
        try await ServerProcess.run { server in
            let email = "at-rest@example.test"
            #expect(await server.signUp(email).status == 202)
            let token = try await server.newVerificationToken(for: email)
            try await server.waitUntilIdle()
            let sent = try await Self.sqlite(server.site, "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL")
            #expect(sent == "1")
            let needle = Data(token.utf8)
            for suffix in ["", "-wal"] {
                let file = URL(fileURLWithPath: server.site.db.path + suffix)
                let bytes = (try? Data(contentsOf: file)) ?? Data()
                #expect(bytes.range(of: needle) == nil, "\(file.lastPathComponent) (\(bytes.count) bytes) holds the token")
            }
            #expect(!server.logTail(1_000_000).contains(token), "the token was logged")
            #expect(await server.verifyEmail(token: token).status == 200, "the link in the file transport's mail works")
        }
    }

    @Test("a recurring job keeps running while the database refuses to record its runs, and after")
    func recurringSurvivesUnwritableDatabase() async throws {
        let site = try await ServerProcess.makeSite()
        // Domain checks recur every second with this setting; a lost lease is noticed after a second.
        try await ServerProcess.run(["--domain-recheck-seconds", "1", "--job-lease-seconds", "1"], site: site) { server in
            let doneRuns = { try await Int(Self.sqlite(site, "SELECT count(*) FROM jobs WHERE kind = 'domain-checks' AND state = 'done'")) ?? -1 }
            let waiting = { try await Self.sqlite(site, "SELECT count(*) || ':' || coalesce(max(attempts), 0) FROM jobs WHERE kind = 'domain-checks' AND done_at IS NULL") }
            let ranTwice = try await server.eventually { try await doneRuns() >= 2 }
            try #require(ranTwice, "the domain checks did not recur; log:\n\(server.logTail())")

            // The next run cannot be queued, so no run can be recorded: the job keeps being started again.
            _ = try await Self.sqlite(site, """
                CREATE TRIGGER refuse_domain_checks BEFORE INSERT ON jobs WHEN NEW.kind = 'domain-checks'
                BEGIN SELECT RAISE(ABORT, 'injected: the database refuses the write'); END
                """)
            var state = ""
            let restarted = try await server.eventually {
                state = try await waiting()
                return (Int(state.split(separator: ":").last ?? "") ?? 0) >= 3
            }
            #expect(restarted, "the unrecorded run was not started again (count:attempts \(state)); log:\n\(server.logTail())")
            let before = try await doneRuns()

            _ = try await Self.sqlite(site, "DROP TRIGGER refuse_domain_checks")
            let resumed = try await server.eventually { try await doneRuns() >= before + 2 }
            #expect(resumed, "the domain checks did not resume after the database took writes again; log:\n\(server.logTail())")
            #expect(try await waiting().hasPrefix("1:"), "expected exactly one next run queued")
            #expect(try await Self.deadJobs(site).isEmpty)
        }
    }

    @Test("--retry-schedule is checked before the server starts", arguments: ["1s,5x", "", "1s,,1s", "40d"])
    func badSchedule(_ schedule: String) async throws {
        let result = await Devhub.run(["serve", "--retry-schedule", schedule])
        #expect(result.status != 0 && result.stderr.contains("--retry-schedule"), "\(result)")
    }
}

extension Array {
    /// `map` with an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
