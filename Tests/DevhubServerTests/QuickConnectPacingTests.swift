@testable import DevhubCore
import DevhubStore
import Foundation
import Testing

/// The pacing of a busy Quick Connect code on a real SQLite file with a hand-moved clock: submissions share one
/// regeneration of the code's page per interval, and one notification mail per mail interval lists every visitor.
@Suite("Quick Connect pacing: one page regeneration per interval, one mail per window")
struct QuickConnectPacingTests {
    static let pacing = QuickConnectPacing(pageIntervalMilliseconds: 2_000, mailIntervalMilliseconds: 900_000)

    /// A database with a verified owner and one active code; returns the code's id and token.
    static func code(_ store: TemporaryDatabase) throws -> (id: String, token: String) {
        let owner = try store.owner()
        let settings = QuickConnectSettings(event: "RustConf 2026", location: nil, session: nil, expiresInHours: 24, maxSubmissions: nil)
        let created = try store.database.createQuickConnectCode(settings, userID: owner, key: .random())
        return (created.code.id, created.token)
    }

    static func submit(_ store: TemporaryDatabase, token: String, name: String, email: String) throws {
        guard case .success(let submission) = QuickConnectSubmission.validate(["name": name, "email": email, "consent": "yes"]) else {
            Issue.record("the form of \(name) did not validate")
            return
        }
        let outcome = try store.database.submitQuickConnect(token: token, submission, pacing: pacing)
        guard case .accepted = outcome else {
            Issue.record("the submission of \(name) was not accepted: \(outcome)")
            return
        }
    }

    /// The kinds of the jobs due now, claimed (as the worker starts them).
    static func startDueJobs(_ store: TemporaryDatabase) throws -> [JobPayload] {
        try store.database.claimJobs(limit: 100, leaseMilliseconds: 60_000).map(\.payload)
    }

    @Test("a burst of submissions makes one regeneration at once; those during a render share one, after the interval")
    func pageRegenerationIsCoalesced() throws {
        let clock = ManualClock()
        let store = try TemporaryDatabase(clock: clock)
        defer { store.remove() }
        let code = try Self.code(store)
        let page = JobPayload.regenerateConnect(ConnectPagesJob(codes: [code.id]))

        for index in 1...5 { try Self.submit(store, token: code.token, name: "Visitor \(index)", email: "v\(index)@visitor.test") }
        #expect(try Self.startDueJobs(store) == [page], "five submissions in a burst must make one regeneration, due at once")

        // A render is under way (claimed above): later submissions need one more, held until the interval is over.
        for index in 6...8 { try Self.submit(store, token: code.token, name: "Visitor \(index)", email: "v\(index)@visitor.test") }
        #expect(try Self.startDueJobs(store).isEmpty, "a regeneration ran within the page interval")
        clock.advance(Self.pacing.pageIntervalMilliseconds)
        #expect(try Self.startDueJobs(store) == [page], "the submissions during the render must make exactly one more regeneration")
    }

    @Test("a burst's visitors reach the owner in ONE mail after the window, listing each once, in order")
    func mailIsBatchedPerWindow() throws {
        let clock = ManualClock()
        let store = try TemporaryDatabase(clock: clock)
        defer { store.remove() }
        let code = try Self.code(store)
        let names = (1...5).map { "Visitor \($0)" }
        for (index, name) in names.enumerated() { try Self.submit(store, token: code.token, name: name, email: "v\(index)@visitor.test") }
        // The first visitor again (same email): still one line for them.
        try Self.submit(store, token: code.token, name: names[0], email: "V0@Visitor.test")
        let mailJob = JobPayload.quickConnectMail(ConnectMailJob(code: code.id))
        #expect(!(try Self.startDueJobs(store).contains(mailJob)), "the owner's mail went out before the window was over")

        clock.advance(Self.pacing.mailIntervalMilliseconds)
        let started = try store.database.claimJobs(limit: 100, leaseMilliseconds: 60_000).filter { $0.kind == .quickConnectMail }
        #expect(started.map(\.payload) == [mailJob], "one mail job per code per window")
        var listed: [QuickConnectArrival] = []
        var useCount = 0
        var recipient = ""
        let count = try store.database.mailQuickConnectArrivals(codeID: code.id) { email, code, arrivals in
            listed = arrivals
            useCount = code.useCount
            recipient = email
            return OutgoingMail(recipient: email, subject: "\(arrivals.count) visitors", textBody: "list", htmlBody: "<p>list</p>")
        }
        #expect(count == 5 && listed.map(\.name) == names, "listed: \(listed)")
        #expect(Set(listed.map(\.contactID)).count == 5, "each visitor's contact once: \(listed)")
        #expect(useCount == 6 && recipient == "owner@example.test", "the mail tells the use count at sending time (\(useCount)) to \(recipient)")
        #expect(try store.database.mailQuickConnectArrivals(codeID: code.id) { email, _, _ in
            OutgoingMail(recipient: email, subject: "again", textBody: "", htmlBody: "")
        } == 0, "the listed visitors were mailed twice")
        for job in started { try store.database.completeJob(job) }

        // The next visitor opens the next window.
        try Self.submit(store, token: code.token, name: "Late Visitor", email: "late@visitor.test")
        #expect(!(try Self.startDueJobs(store).contains(mailJob)), "a new visitor was mailed before their window was over")
        clock.advance(Self.pacing.mailIntervalMilliseconds)
        #expect(try Self.startDueJobs(store).filter { $0.kind == .quickConnectMail } == [mailJob])
    }

    @Test("with no pacing (0s) every submission is mailed and rendered without waiting")
    func zeroIntervalsWaitForNothing() throws {
        let store = try TemporaryDatabase(clock: ManualClock())
        defer { store.remove() }
        let code = try Self.code(store)
        guard case .success(let submission) = QuickConnectSubmission.validate(["name": "Ada", "email": "ada@visitor.test", "consent": "yes"]) else {
            Issue.record("the form did not validate")
            return
        }
        _ = try store.database.submitQuickConnect(token: code.token, submission, pacing: QuickConnectPacing(pageIntervalMilliseconds: 0, mailIntervalMilliseconds: 0))
        let due = try Self.startDueJobs(store)
        #expect(due.contains(.regenerateConnect(ConnectPagesJob(codes: [code.id]))) && due.contains(.quickConnectMail(ConnectMailJob(code: code.id))),
                "due at once: \(due)")
    }
}
