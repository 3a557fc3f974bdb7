import DevhubCore
import Synchronization
import Testing

@Suite("Blocking work")
struct BlockingWorkTests {
    @Test("every part runs once and the outputs come back in the parts' order")
    func outputsInOrder() async throws {
        let work = BlockingWork(parts: 16) { index in index * index }
        #expect(try await work.value() == (0..<16).map { $0 * $0 })
    }

    @Test("slicing covers every item once, in order, in at most the parts asked for")
    func slicing() async throws {
        let work = BlockingWork(slicing: Array(0..<10), into: 4) { Array($0) }
        let slices = try await work.value()
        #expect(slices.count <= 4)
        #expect(slices.flatMap { $0 } == Array(0..<10))
        #expect(try await BlockingWork(slicing: [Int](), into: 4) { Array($0) }.value().isEmpty)
    }

    @Test("a part's error is thrown once every part is done")
    func errorAfterAllParts() async throws {
        struct Refused: Error {}
        let finished = Counter()
        let work = BlockingWork(parts: 8) { index -> Int in
            defer { finished.add() }
            if index == 3 { throw Refused() }
            return index
        }
        await #expect(throws: Refused.self) { try await work.value() }
        #expect(finished.value == 8, "value() returned before every part was done")
    }
}

/// A counter shared by the parts.
private final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
