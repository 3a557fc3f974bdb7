import DevhubCore
import Testing

/// The caps of ``ImportLimits`` in the vCard and CSV readers: over a cap is a size-limit error naming `file`
/// (the server's 413), at the cap is fine, binary vCard lines over the line cap are skipped, and extra EMAIL and
/// TEL values are dropped and reported.
@Suite struct ImportLimitsTests {
    /// A card named `name` with `lines` added.
    private func card(_ name: String, _ lines: [String] = []) -> String {
        (["BEGIN:VCARD", "VERSION:3.0", "FN:" + name] + lines + ["END:VCARD"]).joined(separator: "\r\n") + "\r\n"
    }

    private func expectTooLarge(_ mentions: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(CoreError) -> Void) {
        do {
            try body()
            Issue.record("no error; expected one mentioning '\(mentions)'", sourceLocation: sourceLocation)
        } catch {
            #expect(error.isTooLarge && error.field == "file", "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(mentions), "\(error)", sourceLocation: sourceLocation)
        }
    }

    // MARK: vCard

    @Test func vCardLineLengthIsCappedAfterUnfolding() throws {
        let limits = ImportLimits(maxLineBytes: 1024)
        // 40 folded physical lines of 30 bytes: each short, together over the cap.
        let folded = "NOTE:" + (0..<40).map { _ in String(repeating: "n", count: 30) }.joined(separator: "\r\n ")
        expectTooLarge("line 4 (NOTE)") { () throws(CoreError) in _ = try VCardReader.cards(card("Long", [folded]), limits: limits) }
        // Just under the cap: read, and unfolded without the fold's spaces.
        let fits = "NOTE:" + (0..<30).map { _ in String(repeating: "n", count: 30) }.joined(separator: "\r\n ")
        let cards = try VCardReader.cards(card("Fits", [fits]), limits: limits)
        #expect(cards.first?.fields.notes == String(repeating: "n", count: 900))
    }

    @Test func binaryLinesOverTheCapAreSkipped() throws {
        let limits = ImportLimits(maxLineBytes: 1024)
        let photo = "item1.PHOTO;ENCODING=b;TYPE=JPEG:" + (0..<200).map { _ in String(repeating: "A", count: 74) }.joined(separator: "\r\n ")
        let cards = try VCardReader.cards(card("Pictured", [photo, "EMAIL:p@example.org"]) + card("Next"), limits: limits)
        #expect(cards.map { $0.fields.name } == ["Pictured", "Next"])
        #expect(cards.first?.emails == ["p@example.org"])
    }

    @Test func propertiesPerCardAreCapped() throws {
        let limits = ImportLimits(maxPropertiesPerCard: 20)
        let notes = (0..<25).map { "NOTE:n\($0)" }
        expectTooLarge("card 2 has more than 20 properties") { () throws(CoreError) in
            _ = try VCardReader.cards(card("Fine") + card("Crowded", notes), limits: limits)
        }
        // FN and VERSION count: 18 notes + 2 = 20 is fine.
        #expect(try VCardReader.cards(card("Full", Array(notes.prefix(18))), limits: limits).count == 1)
    }

    @Test func cardsPerFileAreCapped() throws {
        let limits = ImportLimits(maxContacts: 3)
        let three = (1...3).map { card("C\($0)") }.joined()
        #expect(try VCardReader.cards(three, limits: limits).count == 3)
        expectTooLarge("more than 3 cards") { () throws(CoreError) in _ = try VCardReader.cards(three + card("C4"), limits: limits) }
    }

    @Test func extraEmailsAndPhonesAreDroppedAndReported() throws {
        let emails = (1...12).map { "EMAIL:a\($0)@example.org" }
        let phones = (1...11).map { "TEL:+1 555 010\($0)" }
        let cards = try VCardReader.cards(card("Many", emails + phones))
        let only = try #require(cards.first)
        #expect(only.emails == (1...10).map { "a\($0)@example.org" })
        #expect(only.phones.count == 10)
        #expect(only.fields.email == "a1@example.org")
        #expect(only.dropped.map(\.field) == ["email", "phone"], "\(only.dropped)")
        #expect(only.dropped.first?.message.contains("12 email addresses") == true, "\(only.dropped)")
        #expect(!only.dropped.contains { $0.isTooLarge })
        let ten = try VCardReader.cards(card("Ten", Array(emails.prefix(10))))
        #expect(ten.first?.dropped.isEmpty == true)
    }

    @Test func unfoldingManyContinuationLinesKeepsEveryByte() {
        let segments = (0..<5000).map { number in String(repeating: "0", count: 5 - String(number).count) + String(number) }
        let unfolded = VCardText.unfold("NOTE:" + segments.joined(separator: "\r\n ") + "\r\nFN:x\r\n")
        #expect(unfolded == ["NOTE:" + segments.joined(), "FN:x"])
    }

    @Test func quotedPrintableSoftBreaksJoinOnlyForQuotedPrintable() {
        let lines = VCardText.unfold("NOTE;ENCODING=QUOTED-PRINTABLE:a=\r\nb=\r\nc\r\nNOTE:plain=\r\nFN:x\r\n")
        #expect(lines == ["NOTE;ENCODING=QUOTED-PRINTABLE:abc", "NOTE:plain=", "FN:x"])
    }

    // MARK: CSV

    @Test func csvColumnsAreCapped() throws {
        let limits = ImportLimits(maxColumns: 5)
        #expect(try CSV.rows("a,b,c,d,e\r\n1,2,3,4,5\r\n", limits: limits).count == 2)
        expectTooLarge("row 2 has more than 5 columns") { () throws(CoreError) in _ = try CSV.rows("a,b\r\n1,2,3,4,5,6\r\n", limits: limits) }
    }

    @Test func csvCellsAreCapped() throws {
        let limits = ImportLimits(maxCellBytes: 2048)
        #expect(try CSV.rows("name\r\n" + String(repeating: "x", count: 2048), limits: limits)[1][0].utf8.count == 2048)
        expectTooLarge("row 2, column 2 is longer than 2 KiB") { () throws(CoreError) in
            _ = try CSV.rows("a,b\r\nx,\"" + String(repeating: "y", count: 2049) + "\"\r\n", limits: limits)
        }
    }

    @Test func csvRowsAreCappedAfterTheHeader() throws {
        let limits = ImportLimits(maxContacts: 3)
        #expect(try CSV.rows("name\r\na\r\nb\r\nc\r\n", limits: limits).count == 4)
        expectTooLarge("more than 3 rows") { () throws(CoreError) in _ = try CSV.rows("name\r\na\r\nb\r\nc\r\nd\r\n", limits: limits) }
        // Blank lines do not count.
        #expect(try CSV.rows("name\r\n\r\n\r\na\r\n\r\nb\r\nc\r\n\r\n", limits: limits).count == 4)
    }
}
