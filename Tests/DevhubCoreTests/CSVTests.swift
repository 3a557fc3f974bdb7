import DevhubCore
import Testing

/// `CSV`: RFC 4180 reading (quotes, any line ending, newlines in quotes, BOM, unclosed quotes) and writing
/// (quoting, formula-injection guard), and the round trip between them.
@Suite struct CSVTests {
    // MARK: Reading

    @Test("Rows split on commas and on CRLF, LF or CR")
    func lineEndings() throws {
        #expect(try CSV.rows("a,b\r\nc,d\r\n") == [["a", "b"], ["c", "d"]])
        #expect(try CSV.rows("a,b\nc,d\n") == [["a", "b"], ["c", "d"]])
        #expect(try CSV.rows("a,b\rc,d\r") == [["a", "b"], ["c", "d"]])
        #expect(try CSV.rows("a,b\r\nc,d\ne,f\rg,h") == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
    }

    @Test("The last row needs no line end, and empty cells are kept")
    func emptyCells() throws {
        #expect(try CSV.rows("a,b") == [["a", "b"]])
        #expect(try CSV.rows("a,,c\r\n,b,\r\n,") == [["a", "", "c"], ["", "b", ""], ["", ""]])
        #expect(try CSV.rows("a,") == [["a", ""]])
    }

    @Test("Blank lines are skipped; an empty file has no rows")
    func blankLines() throws {
        #expect(try CSV.rows("") == [])
        #expect(try CSV.rows("\r\n\r\n") == [])
        #expect(try CSV.rows("a\r\n\r\n\nb\r\n\r\n") == [["a"], ["b"]])
    }

    @Test("A quoted empty cell is a row, not a blank line")
    func quotedEmptyRow() throws {
        #expect(try CSV.rows("\"\"\r\nx\r\n") == [[""], ["x"]])
        #expect(try CSV.rows("\"\"") == [[""]])
    }

    @Test("Quoted cells keep commas, doubled quotes and line breaks")
    func quotedCells() throws {
        #expect(try CSV.rows(#""Hopper, Grace","She said ""hi""",plain"#) == [["Hopper, Grace", #"She said "hi""#, "plain"]])
        #expect(try CSV.rows("\"line one\nline two\",x\r\ny,z") == [["line one\nline two", "x"], ["y", "z"]])
        #expect(try CSV.rows("\"crlf\r\ninside\",x\r\n") == [["crlf\r\ninside", "x"]])
        #expect(try CSV.rows(#""""","""quoted""""#) == [[#"""#, #""quoted""#]])
        #expect(try CSV.rows(#""",x"#) == [["", "x"]])
    }

    @Test("Spaces around unquoted cells are kept as written")
    func spacesKept() throws {
        #expect(try CSV.rows(" a , b ") == [[" a ", " b "]])
    }

    @Test("A UTF-8 byte-order mark at the start is skipped")
    func byteOrderMark() throws {
        #expect(try CSV.rows("\u{FEFF}Name,E-mail\r\nAda,ada@example.org\r\n") == [["Name", "E-mail"], ["Ada", "ada@example.org"]])
        #expect(try CSV.rows("\u{FEFF}\"Name\",x") == [["Name", "x"]])
    }

    @Test("An unclosed quote throws, naming the field and the row")
    func unclosedQuote() throws {
        let error = try #require(throws: CoreError.self) { try CSV.rows("a,b\r\n\"c,d\r\ne,f\r\n") }
        #expect(error.field == "file")
        #expect(error.message.contains("row 2"))
        let named = try #require(throws: CoreError.self) { try CSV.rows("\"never closed", field: "contacts.csv") }
        #expect(named.field == "contacts.csv")
        #expect(named.message.contains("row 1"))
    }

    @Test("A Google Contacts CSV export reads header and rows")
    func googleContactsCSV() throws {
        let text = "\u{FEFF}Name,Given Name,Family Name,Birthday,Notes,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Name\r\n"
            + "Grace Hopper,Grace,Hopper,1906-12-09,\"Invented the compiler.\nLoves \"\"COBOL\"\".\",* Work,grace@navy.example,Mobile,+1 202-555-0143,US Navy\r\n"
            + "Ada Lovelace,Ada,Lovelace,--12-10,,* Home,ada@example.org ::: ada@work.example,,,\"Analytical Engines, Ltd\"\r\n"
        let rows = try CSV.rows(text)
        #expect(rows.count == 3)
        #expect(rows.allSatisfy { $0.count == 10 })
        #expect(rows[0].first == "Name")
        #expect(rows[1] == [
            "Grace Hopper", "Grace", "Hopper", "1906-12-09", "Invented the compiler.\nLoves \"COBOL\".", "* Work", "grace@navy.example",
            "Mobile", "+1 202-555-0143", "US Navy",
        ])
        #expect(rows[2][6] == "ada@example.org ::: ada@work.example")
        #expect(rows[2][9] == "Analytical Engines, Ltd")
    }

    // MARK: Writing

    @Test("Plain cells are joined with commas and the line ends with CRLF")
    func plainLine() {
        #expect(CSV.line(["a", "b", "c"]) == "a,b,c\r\n")
        #expect(CSV.line(["Ada Lovelace", "", "ada@example.org"]) == "Ada Lovelace,,ada@example.org\r\n")
        #expect(CSV.line([]) == "\r\n")
    }

    @Test("Cells with commas, quotes, line breaks or edge spaces are quoted, quotes doubled")
    func quoting() {
        #expect(CSV.line(["Hopper, Grace"]) == "\"Hopper, Grace\"\r\n")
        #expect(CSV.line([#"She said "hi""#]) == #""She said ""hi""""# + "\r\n")
        #expect(CSV.line(["one\ntwo"]) == "\"one\ntwo\"\r\n")
        #expect(CSV.line(["one\r\ntwo"]) == "\"one\r\ntwo\"\r\n")
        #expect(CSV.line([" padded"]) == "\" padded\"\r\n")
        #expect(CSV.line(["padded "]) == "\"padded \"\r\n")
        #expect(CSV.line(["in side"]) == "in side\r\n")
    }

    @Test("Cells starting with = + - @ get a leading apostrophe so spreadsheets do not run them", arguments: [
        ("=HYPERLINK(\"http://evil.example\",\"x\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""),
        ("+1 202-555-0143", "'+1 202-555-0143"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("=1,2", "\"'=1,2\""),
        ("a=b", "a=b"),
        ("ada@example.org", "ada@example.org"),
    ])
    func formulaGuard(cell: String, written: String) {
        #expect(CSV.line([cell]) == written + "\r\n")
    }

    // MARK: Round trip

    @Test("Rows written with line() read back unchanged")
    func roundTrip() throws {
        let rows: [[String]] = [
            ["name", "email", "notes", "tags"],
            ["Hopper, Grace", "grace@navy.example", "Said \"hi\"\nthen left", "navy;cobol"],
            ["", "", "", ""],
            ["Jürgen Müller", "", "Grüße aus Köln 🦊", " spaced "],
            ["crlf", "a\r\nb", "lone\rcr", "'already quoted"],
            ["\"leading quote", "trailing quote\"", "x", ","],
        ]
        let text = rows.map(CSV.line).joined()
        #expect(try CSV.rows(text) == rows)
        #expect(try CSV.rows("\u{FEFF}" + text) == rows)
    }

    @Test("Formula cells read back with the apostrophe the writer added")
    func roundTripFormula() throws {
        let text = CSV.line(["=cmd|' /C calc'!A0", "+1 555", "-x", "@x", "plain"])
        #expect(try CSV.rows(text) == [["'=cmd|' /C calc'!A0", "'+1 555", "'-x", "'@x", "plain"]])
    }
}
