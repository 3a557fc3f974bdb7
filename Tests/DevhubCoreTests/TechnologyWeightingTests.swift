import DevhubCore
import Foundation
import Testing

/// `Technologies.weigh`: a contact's technologies from repositories and `tech:` tags, weighted by recent activity as
/// documented (half-life 90 days, topics half, forks a quarter, tags 1), with spellings folded by ASCII case.
@Suite struct TechnologyWeightingTests {
    private let day = Technologies.dayMilliseconds
    /// "Now" in every test: 2026-03-10T00:00Z.
    private let now = Int64(CalendarDate(year: 2026, month: 3, day: 10)!.dayNumber) * Technologies.dayMilliseconds

    private func pushed(daysAgo days: Int64) -> Int64 { now - days * day }

    @Test("activity halves every 90 days since the last push; a fork counts a quarter; no push date counts nothing")
    func activity() {
        #expect(Technologies.activity(pushedAt: now, now: now) == 1)
        #expect(abs(Technologies.activity(pushedAt: pushed(daysAgo: 90), now: now) - 0.5) < 1e-9)
        #expect(abs(Technologies.activity(pushedAt: pushed(daysAgo: 180), now: now) - 0.25) < 1e-9)
        #expect(abs(Technologies.activity(pushedAt: now, fork: true, now: now) - 0.25) < 1e-9)
        #expect(Technologies.activity(pushedAt: nil, now: now) == 0)
        #expect(Technologies.activity(pushedAt: now + 5 * day, now: now) == 1, "a push in the future counts as today")
    }

    @Test("language full weight, topics half, tags 1; one line per spelling folded by ASCII case, named tag > language > topic; heaviest first")
    func weighing() {
        let repositories = [
            RepositoryActivity(language: "Rust", topics: ["webassembly", "cli"], pushedAt: pushed(daysAgo: 0)),
            RepositoryActivity(language: "Rust", topics: ["rust"], pushedAt: pushed(daysAgo: 90)),
            RepositoryActivity(language: "WebAssembly", topics: [], pushedAt: pushed(daysAgo: 180)),
            RepositoryActivity(language: "Go", topics: [], pushedAt: pushed(daysAgo: 0), fork: true),
            RepositoryActivity(language: nil, topics: ["cli", "cli"], pushedAt: nil),
        ]
        let technologies = Technologies.weigh(repositories: repositories, tags: ["tech:SWIFT", "friends", "Tech: cli", "tech:"], now: now)
        let byName = Dictionary(uniqueKeysWithValues: technologies.map { ($0.name, $0) })
        // Rust: 1 + 0.5 (language) + 0.25 (topic "rust" of the second repository) = 1.75.
        #expect(abs((byName["Rust"]?.weight ?? 0) - 1.75) < 1e-9)
        #expect(byName["Rust"]?.repositories == 2)
        #expect(byName["Rust"]?.lastLanguagePush == pushed(daysAgo: 0))
        // WebAssembly: topic 0.5 × 1 + language 0.25 = 0.75, spelled as the language spells it.
        #expect(abs((byName["WebAssembly"]?.weight ?? 0) - 0.75) < 1e-9)
        #expect(byName["webassembly"] == nil)
        // cli: topic 0.5 (once per repository, and 0 without a push date) + tag 1, spelled as the tag does.
        #expect(abs((byName["cli"]?.weight ?? 0) - 1.5) < 1e-9)
        #expect(byName["cli"]?.tagged == true)
        #expect(byName["cli"]?.repositories == 2)
        #expect(byName["SWIFT"]?.weight == 1)
        #expect(byName["SWIFT"]?.repositories == 0)
        // A fork pushed today: a quarter; its push does not count as "writing" Go.
        #expect(abs((byName["Go"]?.weight ?? 0) - 0.25) < 1e-9)
        #expect(byName["Go"]?.lastLanguagePush == nil)
        #expect(technologies.map(\.name) == ["Rust", "cli", "SWIFT", "WebAssembly", "Go"])
        #expect(!technologies.contains { $0.name == "friends" || $0.name.isEmpty })
    }

    @Test("keys fold ASCII letters only (as SQLite's lower()); tech: tags are recognised case-insensitively")
    func keysAndTags() {
        #expect(TechnologyName.key("WebAssembly") == "webassembly")
        #expect(TechnologyName.key("ÉLM") == "Élm", "non-ASCII letters are left as they are, like SQLite's lower()")
        #expect(TechnologyName.fromTag("TECH:Rust") == "Rust")
        #expect(TechnologyName.fromTag("tech: Rust ") == "Rust")
        #expect(TechnologyName.fromTag("tech:") == nil)
        #expect(TechnologyName.fromTag("technology") == nil)
        #expect(TechnologyName.fromTag("rust") == nil)
    }

    @Test("the tech list: 1–5 names of 1–50 scalars, no control, no empty name, no space at an end; repeats once; errors name the field")
    func techList() throws {
        #expect(try TechnologyName.list("Rust,WebAssembly") == ["Rust", "WebAssembly"])
        #expect(try TechnologyName.list("Rust,rust,RUST") == ["Rust"])
        #expect(try TechnologyName.list("C++,Objective-C") == ["C++", "Objective-C"])
        #expect(try TechnologyName.list(String(repeating: "a", count: 50)).count == 1)
        for bad in ["", "Rust,", ",Rust", "Rust,,Go", " Rust", "Rust ", "a,b,c,d,e,f", String(repeating: "a", count: 51),
                    "Ru\u{0}st", "Ru\u{85}st", "Rust\n", "\u{7F}"] {
            #expect(throws: CoreError.self, "\(bad.debugDescription) was accepted") { try TechnologyName.list(bad) }
            do { _ = try TechnologyName.list(bad) } catch { #expect(error.field == "tech") }
        }
        // A combining mark after a comma is one Character with it, but a comma scalar all the same.
        #expect(try TechnologyName.list("Rust,\u{301}Go") == ["Rust", "\u{301}Go"])
        #expect(try TechnologyName.single(nil) == nil)
        #expect(try TechnologyName.single("") == nil)
        #expect(try TechnologyName.single("Rust") == "Rust")
        #expect(throws: CoreError.self) { try TechnologyName.single("Rust,Go") }
        #expect(TechnologyName.tidied(" Rust , WebAssembly ,, ") == "Rust,WebAssembly")
    }

    @Test("a million commas are refused after the sixth name: the parser stops at the first problem")
    func boundedParsing() {
        let huge = String(repeating: "a,", count: 1_000_000)
        #expect(throws: CoreError.self) { try TechnologyName.list(huge) }
    }
}
