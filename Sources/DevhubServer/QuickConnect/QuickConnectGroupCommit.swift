import Dispatch
import DevhubStore
import Synchronization

/// Group commit of Quick Connect form posts: the posts that arrive while one write transaction runs are recorded
/// together in the next (``AppDatabase/submitQuickConnects(_:)``, each post in its own savepoint), so a burst of
/// visitors costs one commit per batch instead of one per visitor. The writes run on a queue of their own: a task
/// waiting for its post never blocks a thread of the cooperative pool.
///
/// A lone post is written at once, as before; nothing waits for a batch to fill.
final class QuickConnectGroupCommit: Sendable {
    /// At most this many posts share a transaction.
    static let maxBatch = 64

    private struct Waiting {
        var post: QuickConnectPost
        var continuation: CheckedContinuation<QuickConnectOutcome, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        /// Whether a drain is under way (it takes every post queued meanwhile).
        var writing = false
    }

    private let database: AppDatabase
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "devhub.quick-connect-writes")

    init(database: AppDatabase) {
        self.database = database
    }

    /// Records `post` (in a batch with whatever else is waiting) and answers what became of it.
    func submit(_ post: QuickConnectPost) async throws -> QuickConnectOutcome {
        try await withCheckedThrowingContinuation { continuation in
            let starts = state.withLock { state in
                state.waiting.append(Waiting(post: post, continuation: continuation))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if starts { queue.async { self.drain() } }
        }
    }

    /// Writes batches until none is waiting.
    private func drain() {
        while true {
            let batch = state.withLock { state in
                let batch = Array(state.waiting.prefix(Self.maxBatch))
                state.waiting.removeFirst(batch.count)
                if batch.isEmpty { state.writing = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let results = try database.submitQuickConnects(batch.map(\.post))
                for (waiting, result) in zip(batch, results) { waiting.continuation.resume(with: result) }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
    }
}
