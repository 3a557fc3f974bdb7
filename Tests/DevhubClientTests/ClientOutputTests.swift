import DevhubClient
import Foundation
import Testing

@Suite("Client output: terminal text, tables, patches, QR half blocks, status mapping")
struct ClientOutputTests {
    @Test("clean drops ESC, CSI (U+009B), BEL and bidi overrides scalar by scalar and keeps combining marks")
    func cleanText() {
        #expect(TerminalText.clean("Ada\u{1B}[31m Red\u{07}") == "Ada[31m Red")
        #expect(TerminalText.clean("a\u{9B}2Jb\u{202E}c") == "a2Jbc")
        #expect(TerminalText.clean("line\nbreak\ttab") == "line break tab")
        let quoteWithMark = "\u{22}\u{301}x"
        #expect(TerminalText.clean(quoteWithMark) == quoteWithMark, "a quote followed by a combining mark stays as it is")
        #expect(TerminalText.truncated("abcdefgh", to: 5) == "abcd…")
        #expect(TerminalText.width("日本") == 4)
    }

    @Test("tables pad to the widest cell, clean cells, and colour only when the style allows")
    func tables() {
        var table = Table(["ID", "NAME"])
        table.append([Table.Cell("1"), Table.Cell("Ada\u{1B}]0;pwned\u{07}", tint: .red)])
        table.append([Table.Cell("22"), Table.Cell("Bo")])
        let plain = table.render(TerminalStyle(isTerminal: false, colours: true))
        #expect(plain == "ID  NAME\n1   Ada]0;pwned\n22  Bo\n")
        #expect(!plain.unicodeScalars.contains("\u{1B}"))
        let coloured = table.render(TerminalStyle(isTerminal: true, colours: true))
        #expect(coloured.contains("\u{1B}[31mAda]0;pwned\u{1B}[0m"))
        #expect(!table.render(TerminalStyle(isTerminal: true, colours: false)).unicodeScalars.contains("\u{1B}"))
    }

    @Test("a patch sends only the fields set, an empty text as null")
    func patchEncoding() throws {
        var patch = ContactPatch()
        patch.setText("company", "Engines")
        patch.setText("phone", "")
        patch.setText("email", nil)
        patch.set("tags", .list(["a"]))
        patch.set("cadence_days", .number(30))
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(patch)) as? [String: Any])
        #expect(Set(object.keys) == ["company", "phone", "tags", "cadence_days"])
        #expect(object["phone"] is NSNull)
        #expect(object["company"] as? String == "Engines")
    }

    @Test("statuses map to the documented exit codes")
    func statusKinds() {
        #expect(ClientError.kind(forStatus: 200) == nil)
        #expect(ClientError.kind(forStatus: 401)?.rawValue == 2)
        #expect(ClientError.kind(forStatus: 403)?.rawValue == 2)
        #expect(ClientError.kind(forStatus: 404)?.rawValue == 3)
        #expect(ClientError.kind(forStatus: 422)?.rawValue == 1)
        #expect(ClientError.kind(forStatus: 429)?.rawValue == 4)
        #expect(ClientError.kind(forStatus: 503)?.rawValue == 4)
    }

    @Test("the QR code is drawn two modules per character with a light border, and without escapes when colours are off")
    func halfBlocks() {
        let modules = [[true, false], [false, true]]
        let text = TerminalQR.render(modules, style: TerminalStyle(isTerminal: false, colours: false))
        let lines = text.split(separator: "\n")
        let size = 2 + 2 * TerminalQR.quietZone
        #expect(lines.count == (size + 1) / 2)
        #expect(lines.allSatisfy { $0.unicodeScalars.count == size })
        #expect(lines[0] == Substring(String(repeating: "█", count: size)))
        // Rows 4 and 5 hold the symbol: dark-light over light-dark.
        #expect(Array(lines[2].unicodeScalars)[4] == "▄" && Array(lines[2].unicodeScalars)[5] == "▀")
        #expect(!text.unicodeScalars.contains("\u{1B}"))
        #expect(TerminalQR.render(modules, style: TerminalStyle(isTerminal: true, colours: true)).contains("\u{1B}[97;40m"))
    }

    @Test("names resolve by email, exact name, then unique prefix, case-insensitively")
    func resolution() throws {
        let json = """
            [\(["Sam Carter", "Samantha Jones", "Ada"].enumerated().map { index, name in
                #"{"id":"\#(index)","name":"\#(name)","email":"\#(index)@x.test","vip":false,"importance":2,"status":"ok","tags":[],"source":"manual"}"#
            }.joined(separator: ","))]
            """
        let contacts = try JSONDecoder().decode([Contact].self, from: Data(json.utf8))
        #expect(ContactResolver.matches("sam", in: contacts).map(\.id) == ["0", "1"])
        #expect(ContactResolver.matches("SAM CARTER", in: contacts).map(\.id) == ["0"])
        #expect(ContactResolver.matches("samanth", in: contacts).map(\.id) == ["1"])
        #expect(ContactResolver.matches("2@X.test", in: contacts).map(\.id) == ["2"])
        #expect(ContactResolver.matches("zed", in: contacts).isEmpty)
        #expect(ContactResolver.looksLikeID("01JZZZZZZZZZZZZZZZZZZZZZZZ"))
        #expect(!ContactResolver.looksLikeID("Sam Carter"))
    }
}
