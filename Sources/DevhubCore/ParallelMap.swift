import Dispatch

/// `map` across all cores for CPU-bound work on independent items (parsing files, say), keeping order.
public enum ParallelMap {
    /// `items.map(transform)`, with the calls spread over the machine's cores.
    public static func map<Item: Sendable, Output: Sendable>(
        _ items: [Item], _ transform: @Sendable (Item) -> Output
    ) -> [Output] {
        let results = ResultSlots<Output>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            results.set(index, transform(items[index]))
        }
        return results.values()
    }
}

/// Write-once slots filled from several threads, each index by exactly one of them.
private final class ResultSlots<Value>: @unchecked Sendable {
    // Safe: every index is written once, by one iteration, and read only after `concurrentPerform` returns.
    private let slots: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func set(_ index: Int, _ value: Value) { slots[index] = value }

    func values() -> [Value] { slots.map { $0! } }
}
