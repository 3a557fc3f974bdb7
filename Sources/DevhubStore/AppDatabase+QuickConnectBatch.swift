import DevhubCore
import GRDB

/// One visitor's Quick Connect form post, as ``AppDatabase/submitQuickConnects(_:)`` records it (the arguments of
/// ``AppDatabase/submitQuickConnect(token:_:privacyNotice:pacing:events:)``).
public struct QuickConnectPost: Sendable {
    public var token: String
    public var submission: QuickConnectSubmission
    /// The SHA-256 of the privacy notice the form showed.
    public var privacyNotice: String?
    public var pacing: QuickConnectPacing
    /// `quick_connect.submitted`, queued with the submission.
    public var events: WebhookEventsInTransaction<QuickConnectSubmitted>?

    public init(
        token: String, _ submission: QuickConnectSubmission, privacyNotice: String? = nil, pacing: QuickConnectPacing = .standard,
        events: WebhookEventsInTransaction<QuickConnectSubmitted>? = nil
    ) {
        self.token = token
        self.submission = submission
        self.privacyNotice = privacyNotice
        self.pacing = pacing
        self.events = events
    }
}

extension AppDatabase {
    /// Records `posts` in order, as ``submitQuickConnect(token:_:privacyNotice:pacing:events:)`` records each, in ONE
    /// write transaction (one commit, one write of the pages they share, for a burst of visitors): each post in its
    /// own savepoint, so a post that fails leaves nothing behind (its contact, interaction and webhook deliveries go
    /// together) and the others stand. The results are in the posts' order; when the transaction itself cannot
    /// commit, this throws and none of them was recorded.
    public func submitQuickConnects(_ posts: [QuickConnectPost]) throws -> [Result<QuickConnectOutcome, any Error>] {
        try writer.write { db in
            posts.map { post in
                Result {
                    var outcome = QuickConnectOutcome.unknown
                    try db.inSavepoint {
                        outcome = try Self.submitQuickConnect(db, post, now: now())
                        return .commit
                    }
                    return outcome
                }
            }
        }
    }
}
