import DevhubCore
import Foundation
import Testing

/// `CollaborationMatching.rank` on a fixed set of contacts: the documented order (shared technologies, then activity
/// in them, then name, then id) and the exact explanation strings.
@Suite struct CollaborationMatchingTests {
    private let today = CalendarDate(year: 2026, month: 3, day: 10)!
    private var now: Int64 { Technologies.instant(endOf: today) }
    private let day = Technologies.dayMilliseconds

    private func candidate(_ id: String, _ name: String, lastContacted: CalendarDate? = nil, tags: [String] = [],
                           _ repositories: [(String?, [String], Int64)]) -> MatchCandidate {
        let activity = repositories.map { RepositoryActivity(language: $0.0, topics: $0.1, pushedAt: now - $0.2 * day) }
        return MatchCandidate(id: id, name: name, technologies: Technologies.weigh(repositories: activity, tags: tags, now: now), lastContacted: lastContacted)
    }

    /// The fixed network (deliberately not in the expected order).
    private var network: [MatchCandidate] {
        [
            // Rust only, written 20 days ago: "monthly".
            candidate("c-lin", "Lin", lastContacted: today.adding(days: -3), [("Rust", [], 20)]),
            // Rust and WebAssembly: Rust pushed 2 days ago, three old WebAssembly topic repositories.
            candidate("c-sam", "Sam", lastContacted: today.adding(days: -125), [
                ("Rust", ["webassembly"], 2), ("JavaScript", ["webassembly"], 200), ("C", ["webassembly"], 400),
            ]),
            // Both as well, but less recent activity: ranks after Sam.
            candidate("c-kim", "Kim", [("Rust", [], 300), ("WebAssembly", [], 100)]),
            // Only the owner's tag.
            candidate("c-ada", "Ada", lastContacted: today, tags: ["tech:rust"], []),
            // Nothing shared.
            candidate("c-bob", "Bob", lastContacted: today, [("Go", ["cli"], 1)]),
            // Same activity as Lin (Rust 20 days ago), name sorts after: Lin first ("lin" < "zed").
            candidate("c-zed", "zed", lastContacted: today.adding(days: -800), [("Rust", [], 20)]),
        ]
    }

    @Test("ranks by shared technologies, then activity, then name; explains each line as documented")
    func fixedNetwork() {
        let matches = CollaborationMatching.rank(network, wanted: ["Rust", "WebAssembly"], now: now, today: today)
        // Ada's tag weighs 1, more than Lin's and zed's Rust pushed 20 days ago (0.5 ^ (21 / 90) ≈ 0.85).
        #expect(matches.map(\.contactID) == ["c-sam", "c-kim", "c-ada", "c-lin", "c-zed"])
        #expect(matches.map(\.explanation) == [
            "writes Rust weekly; 3 WebAssembly repos; last in touch 4 months ago",
            "1 Rust repo; 1 WebAssembly repo; never in touch",
            "tagged Rust; last in touch today",
            "writes Rust monthly; last in touch 3 days ago",
            "writes Rust monthly; last in touch 2 years ago",
        ])
        #expect(matches.map(\.shared) == [["Rust", "WebAssembly"], ["Rust", "WebAssembly"], ["Rust"], ["Rust"], ["Rust"]], "spelled as asked")
        #expect(!matches.contains { $0.contactID == "c-bob" })
        #expect(matches[3].activity == matches[4].activity, "Lin and zed tie on activity and are ordered by name")
        #expect(matches[0].activity > matches[1].activity, "Sam and Kim share both; Sam's are more recent")
    }

    @Test("wanted technologies match any ASCII case; repeats count once; nothing shared gives nothing")
    func caseAndRepeats() {
        let matches = CollaborationMatching.rank(network, wanted: ["rust", "RUST"], now: now, today: today)
        #expect(matches.count == 5)
        #expect(matches.allSatisfy { $0.shared.count == 1 })
        #expect(CollaborationMatching.rank(network, wanted: ["Haskell"], now: now, today: today).isEmpty)
    }

    @Test("last in touch in words: today, yesterday, days under 14, weeks under 60 days, 30-day months under a year, years")
    func inTouch() {
        let words = [0, 1, 13, 14, 59, 60, 125, 364, 365, 800].map { CollaborationMatching.inTouch(today.adding(days: -$0), today: today) }
        #expect(words == [
            "last in touch today", "last in touch yesterday", "last in touch 13 days ago", "last in touch 2 weeks ago",
            "last in touch 8 weeks ago", "last in touch 2 months ago", "last in touch 4 months ago", "last in touch 12 months ago",
            "last in touch 1 year ago", "last in touch 2 years ago",
        ])
        #expect(CollaborationMatching.inTouch(nil, today: today) == "never in touch")
    }
}
