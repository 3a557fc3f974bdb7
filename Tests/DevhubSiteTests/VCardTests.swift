import DevhubCore
import DevhubSite
import Foundation
import Testing

/// `VCard`: RFC 6350 folding at 75 octets, value escaping and a CRLF-only 4.0 document.
@Suite struct VCardTests {
    // MARK: - Folding

    /// The physical lines of a folded line, as bytes.
    static func physicalLines(_ folded: String) -> [[UInt8]] {
        var lines: [[UInt8]] = [[]]
        let bytes = Array(folded.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                lines.append([])
                i += 2
            } else {
                lines[lines.count - 1].append(bytes[i])
                i += 1
            }
        }
        return lines
    }

    /// Lines whose multi-byte characters land at every offset around the 75- and 149-octet boundaries.
    static let foldCases: [String] = {
        var cases: [String] = []
        for character in ["é", "李", "😀", "👩‍💻"] {
            for padding in 55...160 {
                cases.append("NOTE:" + String(repeating: "a", count: padding) + String(repeating: character, count: 4) + "tail")
            }
            cases.append("NOTE:" + String(repeating: character, count: 120))
        }
        return cases
    }()

    @Test func foldsEveryCase() throws {
        for line in Self.foldCases {
            let folded = VCardText.fold(line)
            let physical = Self.physicalLines(folded)
            #expect((physical.count > 1) == (line.utf8.count > 75), "\(line.utf8.count) octets in \(physical.count) lines")
            for (index, bytes) in physical.enumerated() {
                #expect(bytes.count <= 75, "line \(index) has \(bytes.count) octets")
                // Never splits a UTF-8 sequence: every physical line is valid UTF-8 on its own.
                #expect(String(validating: bytes, as: UTF8.self) != nil, "line \(index) of \(line) splits a character")
                if index > 0 {
                    #expect(bytes.first == 0x20, "continuation line \(index) must start with a space")
                }
                if index < physical.count - 1 {
                    // Folding uses the room it has: only a whole character that does not fit moves on
                    // (at most 11 octets here, 👩‍💻; characters are never split, so readers that unfold by them agree).
                    #expect(bytes.count >= 75 - 11, "line \(index) folded early at \(bytes.count) octets")
                }
            }
            #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
        }
    }

    @Test func continuationLinesStartWithExactlyOneSpace() {
        let folded = VCardText.fold("NOTE:" + String(repeating: "x", count: 200))
        let physical = Self.physicalLines(folded)
        #expect(physical.count == 3)
        for bytes in physical.dropFirst() {
            #expect(bytes.first == 0x20)
            #expect(bytes.dropFirst().first == UInt8(ascii: "x"))
        }
    }

    @Test func shortLinesAreUnchanged() {
        let line = String(repeating: "a", count: 75)
        #expect(VCardText.fold(line) == line)
        #expect(VCardText.fold("FN:Ada") == "FN:Ada")
        #expect(VCardText.fold(line + "b") == line + "\r\n b")
    }

    // MARK: - Escaping

    @Test(arguments: [
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("a\\b", "a\\\\b"),
        ("a\nb", "a\\nb"),
        ("a\r\nb", "a\\nb"),
        ("\\,;\n", "\\\\\\,\\;\\n"),
        ("plain text é 李", "plain text é 李"),
    ])
    func escapes(_ value: String, _ expected: String) {
        #expect(VCardText.escape(value) == expected)
    }

    // MARK: - The document

    static func snapshot() throws -> ProfileSnapshot {
        let profile = Profile(
            username: try Username("ada"),
            name: "Example, Ada",
            headline: "Compilers; LLVM \\ Swift",
            location: "Berlin",
            website: "https://ada.dev",
            avatar: "https://ada.dev/me.jpg",
            links: [
                ProfileLink(label: "GitHub", url: "https://github.com/ada"),
                ProfileLink(label: "Mail", url: "mailto:ada@ada.dev"),
                ProfileLink(label: "Long", url: "https://example.com/" + String(repeating: "long-path-", count: 12) + "李"),
            ],
            skills: ["Swift", "LLVM"],
            bio: "Line one\nLine two"
        )
        return ProfileSnapshot(id: "01ARYZ6S41TSV4RRFFQ69G5FAV", profile: profile, createdAt: 1_700_000_000_000, updatedAt: 1_800_000_000_000, contentHash: "test")
    }

    static func card() throws -> String {
        VCard.make(try snapshot(), url: "https://devhub.example/@ada", revision: Timestamp.basic(1_800_000_000_000))
    }

    @Test func usesCRLFOnly() throws {
        let bytes = Array(try Self.card().utf8)
        for (i, byte) in bytes.enumerated() {
            if byte == 0x0A { #expect(i > 0 && bytes[i - 1] == 0x0D, "bare LF at \(i)") }
            if byte == 0x0D { #expect(i + 1 < bytes.count && bytes[i + 1] == 0x0A, "bare CR at \(i)") }
        }
    }

    @Test func beginsAndEnds() throws {
        let card = try Self.card()
        #expect(card.hasPrefix("BEGIN:VCARD\r\nVERSION:4.0\r\n"))
        #expect(card.hasSuffix("\r\nEND:VCARD\r\n"))
    }

    @Test func everyPhysicalLineFits() throws {
        for bytes in Self.physicalLines(try Self.card()) {
            #expect(bytes.count <= 75)
        }
    }

    @Test func containsEscapedFields() throws {
        let unfolded = try Self.card().replacingOccurrences(of: "\r\n ", with: "")
        let lines = unfolded.components(separatedBy: "\r\n")
        #expect(lines.contains("FN:Example\\, Ada"))
        #expect(lines.contains("TITLE:Compilers\\; LLVM \\\\ Swift"))
        #expect(lines.contains("NICKNAME:ada"))
        #expect(lines.contains("URL;TYPE=home:https://devhub.example/@ada"))
        #expect(lines.contains { $0.hasSuffix("EMAIL:ada@ada.dev") })
        #expect(!unfolded.contains("mailto:"))
        #expect(lines.contains("CATEGORIES:Swift,LLVM"))
        #expect(lines.contains("REV:20270115T080000Z"))
        #expect(lines.contains { $0.hasSuffix(":https://example.com/" + String(repeating: "long-path-", count: 12) + "李") })
        let uid = try #require(lines.first { $0.hasPrefix("UID:urn:uuid:") })
        #expect(uid.range(of: "^UID:urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression) != nil, "\(uid)")
    }

    @Test func isDeterministic() throws {
        #expect(try Self.card() == Self.card())
    }
}
