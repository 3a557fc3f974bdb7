import Foundation
import Testing

/// The same database built into two output directories gives the same bytes.
@Suite("Determinism")
struct DeterminismTests {
    @Test("two builds of one database are byte-identical")
    func sameBytes() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let second = try site.directory("output-2")
        let built = await site.build(into: second)
        try #require(built.status == 0, "\(built)")

        let first = site.files()
        let other = site.files(in: second)
        try #require(!first.isEmpty)
        #expect(first == other, "file lists differ: \(Set(first).symmetricDifference(other).sorted())")
        var differing: [String] = []
        for path in first where other.contains(path) {
            if try site.data(path) != site.data(path, in: second) { differing.append(path) }
        }
        #expect(differing.isEmpty, "bytes differ in \(differing)")
    }
}
