import Dispatch
import Synchronization

/// Work that blocks in system calls (a build's file writes), run on Dispatch's global queue: its thread pool adds
/// threads while some are blocked in the kernel, where Swift's cooperative pool keeps exactly one per core and a
/// core idles while its thread waits. Started on creation; ``value()`` waits for every part.
public final class BlockingWork<Output: Sendable>: Sendable {
    private let state = Mutex<State>(State())
    private let group = DispatchGroup()

    private struct State {
        var outputs: [Int: Output] = [:]
        var failure: (any Error)?
    }

    /// Starts `body(0)` … `body(count - 1)`, each on a thread of its own.
    public init(parts count: Int, _ body: @escaping @Sendable (Int) throws -> Output) {
        for index in 0..<count {
            DispatchQueue.global().async(group: group) { [self] in
                do {
                    let output = try body(index)
                    state.withLock { $0.outputs[index] = output }
                } catch {
                    state.withLock { if $0.failure == nil { $0.failure = error } }
                }
            }
        }
    }

    /// Starts `body` on each of at most `parts` consecutive slices of `items`, of near-equal size, in order.
    public convenience init<Item: Sendable>(
        slicing items: [Item], into parts: Int, _ body: @escaping @Sendable (ArraySlice<Item>) throws -> Output
    ) {
        let size = max(1, (items.count + max(1, parts) - 1) / max(1, parts))
        let slices = stride(from: 0, to: items.count, by: size).map { items[$0..<min($0 + size, items.count)] }
        self.init(parts: slices.count) { try body(slices[$0]) }
    }

    /// The parts' outputs in order, once every part is done; the first error a part threw, if one did.
    public func value() async throws -> [Output] {
        await withCheckedContinuation { continuation in
            group.notify(queue: .global()) { continuation.resume() }
        }
        return try state.withLock { state in
            if let failure = state.failure { throw failure }
            return (0..<state.outputs.count).map { state.outputs[$0]! }
        }
    }
}
