import DevhubCore
import Testing

/// `ULID`: 26 Crockford base-32 characters that sort by creation time.
@Suite struct ULIDTests {
    private static let crockford = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    @Test func isTwentySixCrockfordCharacters() {
        for ms: Int64 in [0, 1, 1_469_918_176_385, 1_800_000_000_000, (1 << 48) - 1] {
            let id = ULID(milliseconds: ms).value
            #expect(id.count == 26)
            #expect(id.allSatisfy { Self.crockford.contains($0) }, "\(id)")
            // 130 bits of text for 128 bits of id: the first digit carries only three bits.
            #expect(id.first.map { "01234567".contains($0) } == true, "\(id)")
        }
    }

    @Test func encodesTheTimeInTheFirstTenCharacters() {
        #expect(ULID(milliseconds: 0).value.hasPrefix("0000000000"))
        // The example from the ULID specification.
        #expect(ULID(milliseconds: 1_469_918_176_385).value.hasPrefix("01ARYZ6S41"))
        #expect(ULID(milliseconds: (1 << 48) - 1).value.hasPrefix("7ZZZZZZZZZ"))
    }

    @Test func sortsByTime() {
        var generator = SplitMix64(seed: 42)
        var times: [Int64] = [0, 1, 2, 31, 32, 255, 256, 65_535, 65_536, 1_000_000, 1_469_918_176_385]
        var ms: Int64 = 1_700_000_000_000
        for _ in 0..<500 {
            ms += Int64(generator.next() % 5_000) + 1
            times.append(ms)
        }
        let ids = times.map { ULID(milliseconds: $0, using: &generator).value }
        #expect(ids.sorted() == ids)
        #expect(Set(ids).count == ids.count)
    }

    @Test func sameSeedGivesSameID() {
        var first = SplitMix64(seed: 7)
        var second = SplitMix64(seed: 7)
        let a = ULID(milliseconds: 1_700_000_000_000, using: &first)
        let b = ULID(milliseconds: 1_700_000_000_000, using: &second)
        #expect(a == b)
        #expect(a.description == a.value)
    }

    @Test func uniqueOverTenThousand() {
        let ids = Set((0..<10_000).map { _ in ULID(milliseconds: 1_700_000_000_000).value })
        #expect(ids.count == 10_000)
    }
}

/// A small seeded generator so the tests are repeatable.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
