import DevhubCore
import Testing

/// `VCardText` (escaping, folding) and `ContactVCard.make`: the export, and the round trip export → read → validate.
@Suite struct VCardExportTests {
    // MARK: Text layer

    @Test("Escaping covers backslash, comma, semicolon and newlines; unescaping undoes it")
    func escaping() {
        #expect(VCardText.escape("a\\b,c;d\ne\r\nf") == "a\\\\b\\,c\\;d\\ne\\nf")
        #expect(VCardText.unescape("a\\\\b\\,c\\;d\\ne\\Nf") == "a\\b,c;d\ne\nf")
        #expect(VCardText.unescape("https\\://example.com") == "https://example.com")
        #expect(VCardText.unescape("plain") == "plain")
        for value in ["", "plain", "Analytical Engines; Ltd", "C, C++", "back\\slash", "two\nlines", "trailing\\"] {
            #expect(VCardText.unescape(Substring(VCardText.escape(value))) == value)
        }
    }

    @Test("Structured values split on unescaped separators only")
    func splitting() {
        #expect(VCardText.split(";;1 Navy Way;Arlington;VA;22201;USA", on: ";") == ["", "", "1 Navy Way", "Arlington", "VA", "22201", "USA"])
        #expect(VCardText.split("Acme\\; Sons;R&D", on: ";") == ["Acme; Sons", "R&D"])
        #expect(VCardText.split("swift,C\\, C++,go", on: ",") == ["swift", "C, C++", "go"])
        #expect(VCardText.split("", on: ",") == [""])
    }

    @Test("Short lines are not folded")
    func shortLinesStay() {
        let line = "NOTE:" + String(repeating: "x", count: 70)
        #expect(line.utf8.count == 75)
        #expect(VCardText.fold(line) == line)
    }

    @Test("Folded lines are at most 75 octets, continue with a space, and never split a UTF-8 sequence")
    func foldingLimits() {
        let values = [
            String(repeating: "a", count: 400),
            String(repeating: "é", count: 200),
            String(repeating: "日本語", count: 60),
            String(repeating: "🦊", count: 90),
            "Mixed ü 日本 🦊 text " + String(repeating: "ab日🦊", count: 40),
        ]
        for value in values {
            let line = "NOTE:" + value
            let folded = VCardText.fold(line)
            let physical = folded.components(separatedBy: "\r\n")
            #expect(physical.count > 1)
            #expect(physical.allSatisfy { $0.utf8.count <= 75 })
            #expect(physical.dropFirst().allSatisfy { $0.hasPrefix(" ") })
            #expect(physical.first!.utf8.count >= 72)
            #expect(VCardText.unfold(folded).map(String.init) == [line])
        }
    }

    @Test("Unfolding undoes folding even when a fold lands inside a grapheme cluster (combining marks, emoji sequences)")
    func foldingInsideGraphemes() {
        // Decomposed é (e + U+0301), a ZWJ emoji sequence, a skin-tone modifier and a variation selector: a 75-octet
        // fold can fall between the scalars of one character; the padding moves the fold across every position.
        let tails = ["e\u{301}e\u{301}e\u{301}", "👩‍💻👩‍💻", "👍🏽👍🏽", "❤️❤️❤️"]
        for tail in tails {
            for padding in 60...75 {
                let line = "NOTE:" + String(repeating: "a", count: padding) + tail + " end"
                let unfolded = VCardText.unfold(VCardText.fold(line)).map(String.init)
                #expect(unfolded == [line], "padding \(padding), tail \(tail.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
    }

    @Test("Quoted-printable decodes UTF-8 bytes and leaves other text alone")
    func quotedPrintable() {
        #expect(VCardText.decodeQuotedPrintable("Caf=C3=A9 =E6=97=A5=E6=9C=AC") == "Café 日本")
        #expect(VCardText.decodeQuotedPrintable("a=3Db=0D=0Ac") == "a=b\r\nc")
        #expect(VCardText.decodeQuotedPrintable("lower =c3=a9") == "lower é")
        #expect(VCardText.decodeQuotedPrintable("no escapes, = alone, =Z9") == "no escapes, = alone, =Z9")
    }

    // MARK: Export

    @Test("The export writes the documented 4.0 lines, CRLF-terminated")
    func exportLines() throws {
        var contact = Contact(name: "Ada Lovelace")
        contact.company = "Analytical Engines; Ltd"
        contact.relationship = "Collaborator"
        contact.email = "ada@example.org"
        contact.phone = "+44 20 7946 0958"
        contact.birthday = Birthday(month: 12, day: 10, year: 1815)
        contact.location = "London, UK"
        contact.website = "https://ada.example"
        contact.github = "ada-lovelace"
        contact.links = [ProfileLink(label: "Mastodon", url: "https://mastodon.social/@ada")]
        contact.notes = "Line one\nLine two"
        contact.tags = ["swift", "C, C++"]
        let expected = [
            "BEGIN:VCARD",
            "VERSION:4.0",
            "FN:Ada Lovelace",
            "N:Ada Lovelace;;;;",
            "ORG:Analytical Engines\\; Ltd",
            "TITLE:Collaborator",
            "EMAIL:ada@example.org",
            "TEL:+44 20 7946 0958",
            "BDAY:18151210",
            "ADR:;;;London\\, UK;;;",
            "URL;TYPE=home:https://ada.example",
            "X-SOCIALPROFILE;TYPE=github:https://github.com/ada-lovelace",
            "item1.URL:https://mastodon.social/@ada",
            "item1.X-ABLabel:Mastodon",
            "NOTE:Line one\\nLine two",
            "CATEGORIES:swift,C\\, C++",
            "UID:urn:devhub:contact:01HZY3J7Q2W5X8N4M6B9C0D1EF",
            "END:VCARD",
        ].joined(separator: "\r\n") + "\r\n"
        #expect(ContactVCard.make(contact, id: "01HZY3J7Q2W5X8N4M6B9C0D1EF") == expected)
    }

    @Test("A yearless birthday is written --MMDD; a name-only contact writes only the required lines")
    func exportMinimal() {
        var contact = Contact(name: "Leap")
        #expect(ContactVCard.make(contact, id: "c1") == "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Leap\r\nN:Leap;;;;\r\nUID:urn:devhub:contact:c1\r\nEND:VCARD\r\n")
        contact.birthday = Birthday(month: 2, day: 29)
        #expect(ContactVCard.make(contact, id: "c1").contains("\r\nBDAY:--0229\r\n"))
    }

    @Test("Exported lines longer than 75 octets are folded")
    func exportFolds() {
        var contact = Contact(name: "Folded")
        contact.notes = String(repeating: "Grüße aus Köln. ", count: 20)
        let card = ContactVCard.make(contact, id: "c1")
        #expect(card.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        #expect(card.contains("\r\n "))
    }

    // MARK: Round trip

    /// A contact with every field the vCard export carries, with values that need escaping and folding.
    private func vCardContact() -> Contact {
        var contact = Contact(name: "Ada Lovelace, Countess; of Lovelace", source: "manual")
        contact.relationship = "Collaborator: engines"
        contact.company = "Analytical Engines; Ltd"
        contact.location = "London, United Kingdom"
        contact.birthday = Birthday(month: 12, day: 10, year: 1815)
        contact.email = "ada.lovelace@example.org"
        contact.phone = "+44 (20) 7946-0958 x12"
        contact.github = "ada-lovelace"
        contact.website = "https://ada.example/?lang=en,fr;v=2"
        contact.notes = """
            Wrote the first program (Note G) — for Babbage's engine.
            Likes: tea, poetry; dislikes: back\\slashes.
            日本語のメモも。 Grüße 🦊 \(String(repeating: "long line ", count: 12))end.
            """
        contact.links = [
            ProfileLink(label: "Mastodon", url: "https://mastodon.social/@ada"),
            ProfileLink(label: "Talk: Notes, on G", url: "https://talks.example/ada?id=1,2"),
            ProfileLink(label: "Mail", url: "mailto:ada@example.org"),
        ]
        contact.tags = ["swift", "C, C++", "history of computing"]
        return contact
    }

    /// `contact` exported, read back and validated with `source`.
    private func roundTrip(_ contact: Contact, source: String = "vcard", sourceLocation: SourceLocation = #_sourceLocation) throws -> Contact {
        let cards = try VCardReader.cards(ContactVCard.make(contact, id: "01HZY3J7Q2W5X8N4M6B9C0D1EF"))
        try #require(cards.count == 1, sourceLocation: sourceLocation)
        return try cards[0].fields.validated(source: source)
    }

    @Test("Every field the export carries comes back equal through make → read → validate")
    func roundTripVCardFields() throws {
        let contact = vCardContact()
        var expected = contact
        expected.source = "vcard"
        let back = try roundTrip(contact)
        #expect(back == expected)
    }

    @Test("A yearless Feb 29 birthday and a minimal contact round trip")
    func roundTripSmall() throws {
        var contact = Contact(name: "Leap Day")
        contact.birthday = Birthday(month: 2, day: 29)
        #expect(try roundTrip(contact, source: "manual") == contact)
        #expect(try roundTrip(Contact(name: "Only A Name"), source: "manual") == Contact(name: "Only A Name"))
    }

    @Test("A fully-filled contact round trips equal except for its source")
    func roundTripFullyFilled() throws {
        let contact = ContactValidationTests.fullContact()
        let back = try roundTrip(contact, source: "manual")
        #expect(back == contact)
        // The fields a plain address-book card has no standard property for, one by one:
        #expect(back.industry == contact.industry)
        #expect(back.mainApp == contact.mainApp)
        #expect(back.background == contact.background)
        #expect(back.vip == contact.vip)
        #expect(back.cadenceDays == contact.cadenceDays)
        #expect(back.importance == contact.importance)
        #expect(back.reminder == contact.reminder)
    }

    @Test("Links keep their labels and addresses even when the contact has no website or GitHub username")
    func roundTripLinksWithoutWebsiteOrGitHub() throws {
        var contact = Contact(name: "Link Keeper")
        contact.links = [
            ProfileLink(label: "Homepage", url: "https://keeper.example"),
            ProfileLink(label: "Engine repo", url: "https://github.com/ada/engine"),
        ]
        let back = try roundTrip(contact, source: "manual")
        #expect(back.links == contact.links)
        #expect(back.website == nil)
        #expect(back.github == nil)
        #expect(back == contact)
    }

    @Test("A long note with accents and emoji round trips whatever the fold position")
    func roundTripNotesAtEveryFoldPosition() throws {
        for padding in 60...80 {
            var contact = Contact(name: "Fold")
            contact.notes = String(repeating: "n", count: padding) + "Zoe\u{301} ❤️ 👩‍💻 ok"
            let back = try roundTrip(contact, source: "manual")
            #expect(back.notes == contact.notes, "padding \(padding)")
        }
    }
}
