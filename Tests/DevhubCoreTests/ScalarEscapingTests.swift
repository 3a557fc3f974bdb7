import DevhubCore
import Testing

/// Escapers and validators work by Unicode scalar or byte: ASCII punctuation followed by a combining mark (U+0301),
/// a variation selector (U+FE0F) or a zero-width joiner (one grapheme cluster with the punctuation) is still found.
@Suite struct ScalarEscapingTests {
    /// Scalars that cluster onto the character before them.
    static let marks: [Unicode.Scalar] = ["\u{301}", "\u{FE0F}", "\u{200D}"]

    /// Punctuation that some escaper must act on, each followed by every mark.
    static func hostile(_ punctuation: [String]) -> [String] {
        punctuation.flatMap { p in marks.map { p + String($0) } }
    }

    static let cases = hostile(["\"", "&", "<", ";", ",", "\\", "\n", "\r\n", "=", "'"])

    // MARK: vCard

    @Test(arguments: cases)
    func vCardEscapeHidesEveryDelimiter(_ hostile: String) {
        let value = "a" + hostile + "b"
        let escaped = VCardText.escape(value)
        let scalars = Array(escaped.unicodeScalars)
        // Every `,` `;` is preceded by a backslash, every backslash is part of a pair, and no line break is left.
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            #expect(!Text.isLineBreak(scalar), "a raw line break in \(escaped.debugDescription)")
            if scalar == "\\" {
                index += 2
                continue
            }
            #expect(scalar != "," && scalar != ";", "an unescaped delimiter in \(escaped.debugDescription)")
            index += 1
        }
        let expected = Text.replacingLineBreaks(value, with: "\n")
        #expect(VCardText.unescape(Substring(escaped)) == expected, "round trip of \(value.debugDescription)")
    }

    @Test func vCardSplitAndPropertyFindDelimitersBeforeMarks() throws {
        #expect(VCardText.split("a;\u{301}b;c", on: ";") == ["a", "\u{301}b", "c"])
        #expect(VCardText.split("a\\;\u{301}b", on: ";") == ["a;\u{301}b"])
        #expect(VCardText.split("x,\u{FE0F}y", on: ",") == ["x", "\u{FE0F}y"])
        let property = try #require(VCardProperty(line: "item1.EMAIL;TYPE=work,\u{301}home:\u{301}ada@example.org"))
        #expect(property.group == "item1" && property.name == "EMAIL")
        #expect(property.parameters["TYPE"] == ["work", "\u{301}home"])
        #expect(property.rawValue == "\u{301}ada@example.org")
        // A quoted parameter value keeps its colon; the value starts after the first unquoted one.
        let quoted = try #require(VCardProperty(line: "ADR;LABEL=\"a:\u{301}b\":;;x"))
        #expect(quoted.parameters["LABEL"] == ["a:\u{301}b"] && quoted.rawValue == ";;x")
        // An empty parameter segment is ignored, never a crash.
        let empty = try #require(VCardProperty(line: "TEL;;=;TYPE=cell:+1"))
        #expect(empty.rawValue == "+1" && empty.parameters["TYPE"]?.contains("cell") == true)
    }

    @Test func vCardReaderReadsValuesWithMarksAfterDelimiters() throws {
        let text = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\\,\u{301} Lovelace\r\nN:Lovelace;\u{301}Ada;;;\r\nCATEGORIES:a,\u{301}b\r\nEND:VCARD\r\n"
        let cards = try VCardReader.cards(text)
        try #require(cards.count == 1)
        #expect(cards[0].fields.name == "Ada,\u{301} Lovelace")
        #expect(cards[0].fields.tags == ["a", "\u{301}b"])
    }

    // MARK: CSV

    @Test(arguments: cases)
    func csvQuotesAndRoundTrips(_ hostile: String) throws {
        let cells = [hostile + "x", "x" + hostile, hostile]
        let line = CSV.line(cells)
        let rows = try CSV.rows(line)
        try #require(rows.count == 1, "\(line.debugDescription) → \(rows)")
        #expect(rows[0].map(CSV.unguarded) == cells, "\(line.debugDescription) → \(rows)")
        if hostile.unicodeScalars.first == "\"" {
            #expect(line.utf8.starts(with: "\"\"\"".utf8), "a quote followed by a mark is doubled inside quotes: \(line.debugDescription)")
        }
    }

    @Test(arguments: ["=\u{301}1+1", "+\u{FE0F}1", "-\u{200D}x", "@\u{301}SUM(A1)", "\tx", "=cmd|' /C calc'!A0"])
    func csvGuardsFormulasByScalar(_ cell: String) throws {
        let line = CSV.line([cell])
        let written = try #require(try CSV.rows(line).first?.first)
        #expect(written.unicodeScalars.first == "'", "not guarded: \(line.debugDescription)")
        #expect(CSV.unguarded(written) == cell)
    }

    @Test func csvSplitsOnDelimitersBeforeMarks() throws {
        #expect(try CSV.rows("a,\u{301}b\r\n\"c\"\"\u{301}\",d\n") == [["a", "\u{301}b"], ["c\"\u{301}", "d"]])
    }

    // MARK: Email addresses

    @Test(arguments: hostile(["\"", "<", ">", "(", ")", "[", "]", ",", ";", ":", "\\", "@"]) + ["a\u{202E}", "\u{FEFF}", "\u{2028}"])
    func emailRefusesSpecialsFollowedByMarks(_ hostile: String) {
        #expect(throws: CoreError.self) { try EmailAddress("ada" + hostile + "x@example.org") }
    }

    @Test func emailAcceptsOrdinaryAddresses() throws {
        #expect(try EmailAddress(" Ada.Lovelace+crm@Example.ORG ").value == "Ada.Lovelace+crm@example.org")
        #expect(try EmailAddress("jos\u{E9}@example.org").value == "jos\u{E9}@example.org")
    }

    // MARK: Line breaks

    @Test func lineBreaksAreReplacedByScalar() {
        #expect(Text.replacingLineBreaks("a\r\nb\rc\nd\u{85}e\u{2028}f\u{2029}g\u{B}h\u{C}i\n\u{301}", with: " ") == "a b c d e f g h i \u{301}")
        #expect(Text.replacingLineBreaks("plain", with: " ") == "plain")
    }
}

/// Free-text fields are capped in code points (what JSON Schema's `maxLength` counts), not characters: a pile of
/// combining marks on one letter, or a letter with an emoji modifier, is one character but several code points.
@Suite struct FieldWidthTests {
    @Test func combiningMarksCountTowardTheWidth() throws {
        let stacked = "a" + String(repeating: "\u{301}", count: 500)
        #expect(stacked.count == 1)
        #expect(throws: CoreError.self) { try FieldText.optional(stacked, field: "name", limit: 100) }
        #expect(throws: CoreError.self) { try FieldText.notes(stacked, field: "notes", limit: 100) }
        let accented = String(repeating: "e\u{301}", count: 50)
        #expect(try FieldText.optional(accented, field: "name", limit: 100) == accented)
        #expect(throws: CoreError.self) { try FieldText.optional(accented + "e", field: "name", limit: 100) }
        // 50 characters but 51 code points: "ı" and a skin-tone modifier are one character.
        let modified = String(repeating: "x", count: 48) + "\u{131}\u{1F3FB}"
        #expect(modified.count == 49 && modified.unicodeScalars.count == 50)
        #expect(try TagName.validated(modified) == modified)
        #expect(throws: CoreError.self) { try TagName.validated(modified + "y") }
        let family = String(repeating: "\u{1F469}\u{200D}\u{1F4BB}", count: 30)
        #expect(try FieldText.optional(family, field: "name", limit: 100) == family)
    }
}
