import DevhubCore
import Testing

/// `VCardReader`: cards as real address books export them — Google (3.0, base64 photo folded across lines),
/// Apple (3.0, `itemN.URL` with `X-ABLabel`, `X-APPLE-OMIT-YEAR`), Android (2.1 quoted-printable) and 4.0.
@Suite struct VCardReaderTests {
    /// `lines` as a vCard file: CRLF after every line.
    private func file(_ lines: [String]) -> String { lines.joined(separator: "\r\n") + "\r\n" }

    /// The only card in `text` (the test fails when there is not exactly one).
    private func onlyCard(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> VCardReader.Card {
        let cards = try VCardReader.cards(text)
        try #require(cards.count == 1, "expected one card, read \(cards.count)", sourceLocation: sourceLocation)
        return cards[0]
    }

    /// A minimal 3.0 card named X with `lines` added.
    private func card(_ lines: String...) -> String {
        file(["BEGIN:VCARD", "VERSION:3.0", "FN:X"] + lines + ["END:VCARD"])
    }

    // MARK: Google

    /// Google Contacts' export: 3.0, `\:` in URLs, `itemN` labels, a JPEG photo folded over several lines.
    static let google = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:Grace Hopper",
        "N:Hopper;Grace;Brewster Murray;;",
        "NICKNAME:Amazing Grace",
        "EMAIL;TYPE=INTERNET;TYPE=WORK:grace.hopper@navy.example",
        "EMAIL;TYPE=INTERNET;TYPE=HOME:grace@hopper.example",
        "TEL;TYPE=CELL:+1 202-555-0143",
        "TEL;TYPE=WORK:+1 202-555-0199",
        "ADR;TYPE=HOME:;;1 Navy Way;Arlington;VA;22201;United States",
        "ORG:US Navy",
        "TITLE:Computer scientist",
        "BDAY:1906-12-09",
        "item1.URL:https\\://github.com/gracehopper",
        "item1.X-ABLabel:GitHub",
        "item2.URL:https\\://grace.example/talks",
        "item2.X-ABLabel:Talks",
        "URL;TYPE=HOME:https\\://grace.example",
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRofHh0a",
        " HBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwhMjIyMjIy",
        " MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAARCAABAAEDASIA",
        " AhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAf/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/9oADAMB",
        " AAIRAxEAPwCwAA//2Q==",
        "CATEGORIES:Navy,COBOL",
        "NOTE:Invented the first compiler.\\nAsk about the nanosecond wire.",
        "END:VCARD",
    ].joined(separator: "\r\n") + "\r\n"

    @Test("Google 3.0: every field lands where it belongs and the folded base64 photo leaks nowhere")
    func googleExport() throws {
        let card = try onlyCard(Self.google)
        var expected = ContactFields()
        expected.name = "Grace Hopper"
        expected.email = "grace.hopper@navy.example"
        expected.phone = "+1 202-555-0143"
        expected.location = "Arlington, VA, United States"
        expected.company = "US Navy"
        expected.relationship = "Computer scientist"
        expected.birthday = "1906-12-09"
        expected.github = "gracehopper"
        expected.website = "https://grace.example"
        expected.links = [ProfileLink(label: "Talks", url: "https://grace.example/talks")]
        expected.tags = ["Navy", "COBOL"]
        expected.notes = "Invented the first compiler.\nAsk about the nanosecond wire."
        #expect(card.fields == expected)
        #expect(card.index == 1)
        #expect(card.emails == ["grace.hopper@navy.example", "grace@hopper.example"])
        #expect(card.phones == ["+1 202-555-0143", "+1 202-555-0199"])
    }

    @Test("Google 3.0: the card validates into a contact")
    func googleValidates() throws {
        let contact = try onlyCard(Self.google).fields.validated(source: "vcard")
        #expect(contact.name == "Grace Hopper")
        #expect(contact.birthday == Birthday(month: 12, day: 9, year: 1906))
        #expect(contact.github == "gracehopper")
        #expect(contact.source == "vcard")
    }

    // MARK: Apple

    /// macOS / iOS Contacts' export: 3.0, `itemN.` groups with `_$!<…>!$_` labels, a yearless birthday with
    /// `X-APPLE-OMIT-YEAR`, a GitHub social profile with `x-user`, escaped commas, a folded photo.
    static let apple = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Apple Inc.//macOS 14.4//EN",
        "N:Lovelace;Ada;;;",
        "FN:Ada Lovelace",
        "ORG:Analytical Engines Ltd;",
        "TITLE:Collaborator",
        "item1.EMAIL;type=INTERNET;type=pref:ada@analytical.example",
        "item1.X-ABLabel:_$!<Other>!$_",
        "EMAIL;type=INTERNET;type=HOME:ada.lovelace@icloud.example",
        "TEL;type=CELL;type=VOICE;type=pref:+44 20 7946 0958",
        "item2.ADR;type=HOME;type=pref:;;12 St James's Square;London;;SW1Y 4JH;United Kingdom",
        "item2.X-ABADR:gb",
        "item3.URL;type=pref:https://ada.example",
        "item3.X-ABLabel:_$!<HomePage>!$_",
        "item4.URL:https://mastodon.social/@ada",
        "item4.X-ABLabel:Mastodon",
        "X-SOCIALPROFILE;type=github;x-user=ada-lovelace:x-apple:ada-lovelace",
        "BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-10",
        "NOTE:Likes tea\\, dislikes meetings before 10.\\nMet at WWDC.",
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAASABIAAD/4QBMRXhpZgAATU0AKgAAAAgAAYdpAAQAAAABAAAAGgAAAAAA",
        " A6ABAAMAAAABAAEAAKACAAQAAAABAAAAAaADAAQAAAABAAAAAQAAAAD/7QA4UGhvdG9zaG9wIDMu",
        " MAA4QklNBAQAAAAAAAA4QklNBCUAAAAAABDUHYzZjwCyBOmACZjs+EJ+/9k=",
        "CATEGORIES:swift,london",
        "X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE:ABPerson",
        "END:VCARD",
    ].joined(separator: "\r\n") + "\r\n"

    @Test("Apple 3.0: HomePage label is the website, other labels are links, the birthday has no year")
    func appleExport() throws {
        let card = try onlyCard(Self.apple)
        var expected = ContactFields()
        expected.name = "Ada Lovelace"
        expected.company = "Analytical Engines Ltd"
        expected.relationship = "Collaborator"
        expected.email = "ada@analytical.example"
        expected.phone = "+44 20 7946 0958"
        expected.location = "London, United Kingdom"
        expected.website = "https://ada.example"
        expected.links = [ProfileLink(label: "Mastodon", url: "https://mastodon.social/@ada")]
        expected.github = "ada-lovelace"
        expected.birthday = "--12-10"
        expected.notes = "Likes tea, dislikes meetings before 10.\nMet at WWDC."
        expected.tags = ["swift", "london"]
        #expect(card.fields == expected)
        #expect(card.emails == ["ada@analytical.example", "ada.lovelace@icloud.example"])
        #expect(card.phones == ["+44 20 7946 0958"])
        let contact = try card.fields.validated(source: "vcard")
        #expect(contact.birthday == Birthday(month: 12, day: 10))
        #expect(contact.birthday?.year == nil)
    }

    @Test("Apple: a yearless Feb 29 birthday, and a birthday with its year")
    func appleBirthdays() throws {
        let leapling = try onlyCard(card("BDAY;X-APPLE-OMIT-YEAR=1604;VALUE=date:1604-02-29"))
        #expect(leapling.fields.birthday == "--02-29")
        #expect(try leapling.fields.validated().birthday == Birthday(month: 2, day: 29))
        let withYear = try onlyCard(card("BDAY;VALUE=date:1815-12-10"))
        #expect(withYear.fields.birthday == "1815-12-10")
    }

    @Test("Apple: a label of its own on a URL without a website keeps the URL as a link")
    func appleCustomLabels() throws {
        let read = try onlyCard(card(
            "item1.URL:https://ada.example/cv.pdf", "item1.X-ABLabel:CV",
            "item2.URL;type=pref:https://blog.ada.example", "item2.X-ABLabel:_$!<HomePage>!$_"))
        #expect(read.fields.website == "https://blog.ada.example")
        #expect(read.fields.links == [ProfileLink(label: "CV", url: "https://ada.example/cv.pdf")])
    }

    // MARK: Android

    /// Android's contacts export: vCard 2.1, UTF-8 quoted-printable with soft line breaks, bare TEL types, and
    /// a base64 photo indented and ended by a blank line.
    static let android = [
        "BEGIN:VCARD",
        "VERSION:2.1",
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen;;;",
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller",
        "TEL;CELL:+49 151 23456789",
        "TEL;HOME:+49 30 1234567",
        "EMAIL;HOME:juergen@example.de",
        "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:B=C3=A4ckerei M=C3=BCller GmbH",
        "TITLE:CTO",
        "ADR;HOME;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;Stra=C3=9Fe 1;K=C3=B6ln;;50667;Deutschland",
        "BDAY:1984-07-30",
        "URL:https://juergen.example",
        "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Mag Br=C3=B6tchen und Kaffee. Kennt sich mit Kubernetes aus, w=",
        "ohnt in K=C3=",
        "=B6ln.",
        "PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U",
        " HRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwh",
        " AAIRAxEAPwCwAA//2Q==",
        "",
        "END:VCARD",
    ].joined(separator: "\r\n") + "\r\n"

    @Test("Android 2.1: quoted-printable UTF-8 is decoded, soft line breaks joined, the photo skipped")
    func androidExport() throws {
        let card = try onlyCard(Self.android)
        var expected = ContactFields()
        expected.name = "Jürgen Müller"
        expected.company = "Bäckerei Müller GmbH"
        expected.relationship = "CTO"
        expected.email = "juergen@example.de"
        expected.phone = "+49 151 23456789"
        expected.location = "Köln, Deutschland"
        expected.birthday = "1984-07-30"
        expected.website = "https://juergen.example"
        expected.notes = "Mag Brötchen und Kaffee. Kennt sich mit Kubernetes aus, wohnt in Köln."
        #expect(card.fields == expected)
        #expect(card.phones == ["+49 151 23456789", "+49 30 1234567"])
        #expect(card.emails == ["juergen@example.de"])
        let contact = try card.fields.validated(source: "vcard")
        #expect(contact.name == "Jürgen Müller")
        #expect(contact.birthday == Birthday(month: 7, day: 30, year: 1984))
    }

    @Test("Android 2.1: a whole address book of several cards, in order")
    func androidSeveralCards() throws {
        let second = file([
            "BEGIN:VCARD", "VERSION:2.1", "N:;Priya;;;", "FN:Priya", "TEL;CELL;PREF:+91 98765 43210", "END:VCARD",
        ])
        let third = file(["BEGIN:VCARD", "VERSION:2.1", "EMAIL;INTERNET:noname@example.in", "END:VCARD"])
        let cards = try VCardReader.cards(Self.android + second + third)
        #expect(cards.map(\.index) == [1, 2, 3])
        #expect(cards.map(\.fields.name) == ["Jürgen Müller", "Priya", "noname@example.in"])
        #expect(cards[1].fields.phone == "+91 98765 43210")
        #expect(cards[2].fields.email == "noname@example.in")
    }

    // MARK: vCard 4.0

    static let version4 = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "FN:Linus Example",
        "N:Example;Linus;;;",
        "EMAIL;TYPE=work;PREF=1:linus@work.example",
        "EMAIL;TYPE=home:linus@home.example",
        "TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+1-555-010-0300",
        "BDAY:--0412",
        "URL;TYPE=work:https://linus.example",
        "URL:https://github.com/linus-example",
        "URL;TYPE=blog:https://blog.linus.example",
        "X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/linus-example",
        "ADR;TYPE=home:;;;Portland;OR;;USA",
        "CATEGORIES:kernel,friends,Open Source",
        "NOTE:Maintainer\\; likes git\\, hates CVS.",
        "END:VCARD",
    ].joined(separator: "\r\n") + "\r\n"

    @Test("vCard 4.0: tel: URIs, quoted TYPE lists, --MMDD birthdays, several URLs")
    func version4Card() throws {
        let card = try onlyCard(Self.version4)
        var expected = ContactFields()
        expected.name = "Linus Example"
        expected.email = "linus@work.example"
        expected.phone = "+1-555-010-0300"
        expected.birthday = "--04-12"
        expected.website = "https://linus.example"
        expected.github = "linus-example"
        expected.links = [
            ProfileLink(label: "blog", url: "https://blog.linus.example"),
            ProfileLink(label: "linkedin", url: "https://www.linkedin.com/in/linus-example"),
        ]
        expected.location = "Portland, OR, USA"
        expected.tags = ["kernel", "friends", "Open Source"]
        expected.notes = "Maintainer; likes git, hates CVS."
        #expect(card.fields == expected)
        #expect(card.emails == ["linus@work.example", "linus@home.example"])
        #expect(card.phones == ["+1-555-010-0300"])
        let contact = try card.fields.validated(source: "vcard")
        #expect(contact.birthday == Birthday(month: 4, day: 12))
        #expect(contact.tags == ["kernel", "friends", "Open Source"])
    }

    // MARK: Details

    @Test("BDAY in every form address books write", arguments: [
        ("BDAY:--0412", "--04-12"),
        ("BDAY:--04-12", "--04-12"),
        ("BDAY:19900412", "1990-04-12"),
        ("BDAY:1990-04-12", "1990-04-12"),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-12", "--04-12"),
        ("BDAY:1990-04-12T00:00:00Z", "1990-04-12"),
        ("BDAY;VALUE=date:1990-04-12", "1990-04-12"),
    ])
    func birthdayForms(line: String, expected: String) throws {
        let read = try onlyCard(card(line))
        #expect(read.fields.birthday == expected)
        #expect(try read.fields.validated().birthday?.description == expected)
    }

    @Test("Folded lines continue after a space or a tab, across CRLF, LF or CR line ends")
    func foldedLines() throws {
        for end in ["\r\n", "\n", "\r"] {
            let text = ["BEGIN:VCARD", "VERSION:3.0", "FN:Margaret", " Hamilton", "NOTE:Apollo guidance", "\tsoftware, on", "  time", "END:VCARD"]
                .joined(separator: end)
            let read = try onlyCard(text)
            #expect(read.fields.name == "MargaretHamilton")
            #expect(read.fields.notes == "Apollo guidancesoftware, on time")
        }
    }

    @Test("A fold between a character and its combining mark or emoji modifier is joined (RFC 6350 folds by octets)")
    func foldInsideCharacter() throws {
        // Exporters fold at 75 octets and keep only UTF-8 sequences whole, so a continuation line may start with
        // U+FE0F (emoji presentation), U+0301 (combining acute) or U+200D (zero-width joiner).
        let read = try onlyCard(file([
            "BEGIN:VCARD", "VERSION:3.0", "FN:Zoe\u{301}",
            "NOTE:Loves \u{2764}", " \u{FE0F} and tea. Cafe", " \u{301} regular. Dev \u{1F469}", " \u{200D}\u{1F4BB} at heart.",
            "ORG:Fold Inc.", "END:VCARD",
        ]))
        #expect(read.fields.name == "Zoe\u{301}")
        #expect(read.fields.notes == "Loves \u{2764}\u{FE0F} and tea. Cafe\u{301} regular. Dev \u{1F469}\u{200D}\u{1F4BB} at heart.")
        #expect(read.fields.company == "Fold Inc.")
    }

    @Test("Without FN the name comes from N, then the first email, then the company")
    func nameFallbacks() throws {
        let fromN = try onlyCard(file(["BEGIN:VCARD", "VERSION:3.0", "N:Lovelace;Ada;Augusta;Countess;", "FN:", "END:VCARD"]))
        #expect(fromN.fields.name == "Countess Ada Augusta Lovelace")
        let fromEmail = try onlyCard(file(["BEGIN:VCARD", "VERSION:3.0", "N:;;;;", "EMAIL:someone@example.org", "ORG:Acme", "END:VCARD"]))
        #expect(fromEmail.fields.name == "someone@example.org")
        let fromCompany = try onlyCard(file(["BEGIN:VCARD", "VERSION:3.0", "ORG:Acme Corp;Research", "END:VCARD"]))
        #expect(fromCompany.fields.name == "Acme Corp")
        #expect(fromCompany.fields.company == "Acme Corp")
        let nameless = try onlyCard(file(["BEGIN:VCARD", "VERSION:3.0", "NOTE:who?", "END:VCARD"]))
        #expect(nameless.fields.name == nil)
        #expect(throws: CoreError.self) { try nameless.fields.validatedLeniently(source: "vcard") }
    }

    @Test("GitHub comes from X-SOCIALPROFILE, X-GITHUB or a github.com URL")
    func githubSources() throws {
        #expect(try onlyCard(card("X-SOCIALPROFILE;TYPE=github:https://github.com/octocat")).fields.github == "octocat")
        #expect(try onlyCard(card("X-SOCIALPROFILE;type=github;x-user=octocat:x-apple:octocat")).fields.github == "octocat")
        #expect(try onlyCard(card("X-GITHUB:octocat")).fields.github == "octocat")
        #expect(try onlyCard(card("URL:https://github.com/octocat/")).fields.github == "octocat")
        let twitter = try onlyCard(card("X-SOCIALPROFILE;type=twitter:https://twitter.com/octocat"))
        #expect(twitter.fields.github == nil)
        #expect(twitter.fields.links == [ProfileLink(label: "twitter", url: "https://twitter.com/octocat")])
    }

    @Test("Lines outside BEGIN/END are ignored, and property names are case-insensitive")
    func outsideCards() throws {
        let text = "garbage before\r\nVERSION:3.0\r\nbegin:vcard\r\nversion:3.0\r\nfn:Lower Case\r\nemail:lc@example.org\r\nend:vcard\r\nFN:Not in a card\r\n"
        let read = try onlyCard(text)
        #expect(read.fields.name == "Lower Case")
        #expect(read.fields.email == "lc@example.org")
        #expect(try VCardReader.cards("").isEmpty)
        #expect(try VCardReader.cards("FN:nobody\r\n").isEmpty)
    }

    @Test("A file that starts with a UTF-8 byte-order mark still yields its first card")
    func byteOrderMark() throws {
        let cards = try VCardReader.cards("\u{FEFF}" + Self.apple + Self.version4)
        #expect(cards.map(\.fields.name) == ["Ada Lovelace", "Linus Example"])
    }

    @Test("A bad value on an imported card is dropped leniently, keeping the contact")
    func lenientImportOfOddCard() throws {
        let read = try onlyCard(card("EMAIL:not-an-email", "BDAY:sometime in spring", "URL:ftp://files.example", "TEL:+1 555 0100"))
        let result = try read.fields.validatedLeniently(source: "vcard")
        #expect(result.contact.name == "X")
        #expect(result.contact.phone == "+1 555 0100")
        #expect(result.dropped.map(\.field) == ["birthday", "email", "website"])
    }
}
