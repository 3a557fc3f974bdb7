import DevhubSite
import Testing

/// `Excerpt.make`: at most 160 characters, cut at a word boundary with "…", whitespace collapsed.
@Suite struct ExcerptTests {
    @Test func shortTextIsUnchanged() {
        #expect(Excerpt.make("Compiler engineer in Berlin.") == "Compiler engineer in Berlin.")
        #expect(Excerpt.make("") == "")
    }

    @Test func textOfExactlyTheLimitIsUnchanged() {
        let text = String(repeating: "abcd ", count: 31) + "abcde"
        #expect(text.count == 160)
        #expect(Excerpt.make(text) == text)
    }

    @Test func collapsesWhitespace() {
        #expect(Excerpt.make("  Hello \n\n there,\t\tfriend.  ") == "Hello there, friend.")
        #expect(Excerpt.make(" \n\t ") == "")
    }

    @Test func cutsAtAWordBoundaryWithEllipsis() throws {
        let words = (1...60).map { "word\($0)" }
        let text = words.joined(separator: " ")
        let excerpt = Excerpt.make(text)
        #expect(excerpt.count <= 160)
        #expect(excerpt.hasSuffix("…"))
        let body = String(excerpt.dropLast())
        #expect(text.hasPrefix(body))
        // The cut falls right before a space, so the last word is whole.
        let next = text[text.index(text.startIndex, offsetBy: body.count)]
        #expect(next == " ")
        #expect(words.contains(try #require(body.split(separator: " ").last).description))
    }

    @Test func dropsTrailingPunctuationBeforeTheEllipsis() {
        let text = (1...40).map { "word\($0)," }.joined(separator: " ")
        let excerpt = Excerpt.make(text)
        #expect(excerpt.hasSuffix("…"))
        #expect(!excerpt.dropLast().hasSuffix(","))
    }

    @Test func cutsAVeryLongWordHard() {
        let text = String(repeating: "x", count: 500)
        let excerpt = Excerpt.make(text)
        #expect(excerpt == String(repeating: "x", count: 159) + "…")
    }

    @Test func honoursASmallerLimit() {
        let excerpt = Excerpt.make("one two three four five six seven", limit: 12)
        #expect(excerpt.count <= 12)
        #expect(excerpt.hasSuffix("…"))
    }

    /// Pieces of text with one, two, three and four byte scalars and multi-scalar characters.
    static let pieces = ["a", "Z", "é", "e\u{301}", "ß", "ñ", "李", "語", "😀", "👩‍💻", "🇩🇪", "1", ",", ".", "!"]
    static let separators = [" ", "  ", "\n", "\t", " \n\t ", "\r\n"]

    @Test(arguments: 0..<400)
    func isAtMost160CharactersAndAPrefix(_ seed: Int) {
        var generator = SeededGenerator(seed: UInt64(seed))
        var text = ""
        for _ in 0..<Int.random(in: 0...80, using: &generator) {
            let length = Bool.random(using: &generator) && seed % 7 == 0 ? Int.random(in: 50...250, using: &generator) : Int.random(in: 1...14, using: &generator)
            for _ in 0..<length { text += Self.pieces.randomElement(using: &generator)! }
            text += Self.separators.randomElement(using: &generator)!
        }
        let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let excerpt = Excerpt.make(text)

        #expect(excerpt.count <= 160)
        #expect(!excerpt.contains("  ") && !excerpt.contains("\n") && !excerpt.contains("\t"))
        if collapsed.count <= 160 {
            #expect(excerpt == collapsed)
        } else {
            #expect(excerpt.hasSuffix("…"))
            #expect(collapsed.hasPrefix(excerpt.dropLast()))
        }
    }
}

/// A small seeded generator (SplitMix64) so generated cases are repeatable.
struct SeededGenerator: RandomNumberGenerator {
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
