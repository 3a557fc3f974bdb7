import Foundation
import Testing

/// Issue #12, class 4: imports cost what their size says. vCard and CSV import time grows linearly with the file
/// (two sizes timed in one run), and input over a cap — too many EMAILs, properties, columns, a line or cell too
/// long, too many form parts or fields — answers 413 in the documented error shape on the API and the import pages,
/// with nothing written.
@Suite("Import caps and linear parsing", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ImportCapsTests {
    /// A card named `name` with `lines` (LF-joined, CRLF in the file).
    static func card(_ name: String, _ lines: [String] = []) -> String {
        (["BEGIN:VCARD", "VERSION:3.0", "FN:\(name)"] + lines + ["END:VCARD"]).joined(separator: "\r\n") + "\r\n"
    }

    /// A card whose base64 PHOTO is folded over physical lines of 75 bytes, about `bytes` long in all.
    static func photoCard(_ name: String, bytes: Int) -> String {
        let line = String(repeating: "QUJD", count: 18) + "QU"  // 74 base64 characters
        let count = bytes / 77
        let photo = "PHOTO;ENCODING=b;TYPE=JPEG:" + line + String(repeating: "\r\n " + line, count: count)
        return card(name, ["EMAIL:\(name.lowercased().replacingOccurrences(of: " ", with: "."))@example.test", photo])
    }

    /// A CSV file of `rows` contacts with a wide notes column (about 1,000 bytes a row).
    static func csv(_ prefix: String, rows: Int) -> String {
        let note = String(repeating: "n", count: 960)
        var text = "name,email,notes\r\n"
        for index in 0..<rows { text += "\(prefix) \(index),\(prefix.lowercased())\(index)@example.test,\"\(note) \(index)\"\r\n" }
        return text
    }

    /// The shortest of three timings of `body` (the least disturbed by other work on the machine).
    static func fastest(_ body: (Int) async throws -> Void) async rethrows -> Double {
        var best = Double.infinity
        for attempt in 0..<3 {
            let start = ContinuousClock.now
            try await body(attempt)
            let elapsed = ContinuousClock.now - start
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        return best
    }

    @Test("importing a vCard of 4 MB takes less than 8 times as long as one of 1 MB (linear: about 4; quadratic: 16)")
    func vCardImportIsLinear() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("linear-vcard@example.test")
            func timeImport(_ bytes: Int, _ label: String) async throws -> Double {
                try await Self.fastest { attempt in
                    let text = Self.photoCard("Photo \(label) \(attempt)", bytes: bytes)
                    let response = try await server.postText("/api/import/vcard", text, contentType: "text/vcard", session: session)
                    let summary = try ContactImportResult(response)
                    #expect(summary.created == 1, "\(label): \(summary)")
                }
            }
            let small = try await timeImport(1_000_000, "Small")
            let large = try await timeImport(4_000_000, "Large")
            #expect(large / small < 8, "1 MB: \(small) s, 4 MB: \(large) s, ratio \(large / small)")
        }
    }

    @Test("importing a CSV of 800 rows (800 KB) takes less than 8 times as long as one of 200 rows")
    func csvImportIsLinear() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("linear-csv@example.test")
            func timeImport(_ rows: Int, _ label: String) async throws -> Double {
                try await Self.fastest { attempt in
                    let response = try await server.postText("/api/import/csv", Self.csv("\(label)\(attempt)", rows: rows), contentType: "text/csv", session: session)
                    let summary = try ContactImportResult(response)
                    #expect(summary.created == rows, "\(label): \(summary.created) created of \(rows)")
                }
            }
            let small = try await timeImport(200, "Small")
            let large = try await timeImport(800, "Large")
            #expect(large / small < 8, "200 rows: \(small) s, 800 rows: \(large) s, ratio \(large / small)")
        }
    }

    /// Fails unless `response` is a 413 in the error shape naming `field`.
    static func expectTooLarge(_ response: ServerResponse, field: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == 413, "\(what): \(response.status) \(response.body.prefix(300))", sourceLocation: sourceLocation)
        #expect(response.hasErrorShape && response.errorFields == [field], "\(what): \(response.body.prefix(300))", sourceLocation: sourceLocation)
    }

    @Test("over-cap vCards and CSVs answer 413 naming file (or columns) and write nothing; a card with 12 EMAILs keeps 10 and says so")
    func apiCaps() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("caps@example.test")
            let emails = (1...12).map { "EMAIL:many\($0)@example.test" }
            let many = try ContactImportResult(try await server.postText("/api/import/vcard", Self.card("Many Mails", emails), contentType: "text/vcard", session: session))
            #expect(many.created == 1, "\(many)")
            #expect(many.dropped.contains { $0["field"] as? String == "email" && ($0["message"] as? String)?.contains("first 10") == true }, "\(many)")
            let stored = try await server.contactNamed("Many Mails", session: session)
            #expect(stored["email"] as? String == "many1@example.test")
            // The 11th address was dropped, so it is no duplicate of this contact.
            let eleventh = try ContactImportResult(try await server.postText(
                "/api/import/vcard", Self.card("Eleventh", ["EMAIL:many11@example.test"]), contentType: "text/vcard", session: session))
            #expect(eleventh.created == 1, "\(eleventh)")
            let before = try await server.allContacts(session: session).count

            let crowded = Self.card("Fine") + Self.card("Crowded", (1...600).map { "EMAIL:c\($0)@example.test" })
            Self.expectTooLarge(try await server.postText("/api/import/vcard", crowded, contentType: "text/vcard", session: session), field: "file", "600 EMAILs")
            let longNote = Self.card("Long Note", ["NOTE:" + String(repeating: "x", count: 70 * 1024)])
            let long = try await server.postText("/api/import/vcard", Self.card("Fine") + longNote, contentType: "text/vcard", session: session)
            Self.expectTooLarge(long, field: "file", "a 70 KiB NOTE line")
            #expect(long.body.contains("line 8 (NOTE)"), "the error names the line: \(long.body.prefix(300))")
            let cards = String(repeating: Self.card("Same"), count: 10_001)
            Self.expectTooLarge(try await server.postText("/api/import/vcard", cards, contentType: "text/vcard", session: session), field: "file", "10,001 cards")

            let wide = (0..<60).map { "c\($0)" }.joined(separator: ",") + "\r\n" + (0..<60).map { "v\($0)" }.joined(separator: ",") + "\r\n"
            Self.expectTooLarge(try await server.postText("/api/import/csv", "name\r\nFine\r\n" + wide, contentType: "text/csv", session: session), field: "file", "60 columns")
            let cell = "name,notes\r\nFine,ok\r\nWide,\"" + String(repeating: "y", count: 65 * 1024) + "\"\r\n"
            Self.expectTooLarge(try await server.postText("/api/import/csv", cell, contentType: "text/csv", session: session), field: "file", "a 65 KiB cell")
            let columns = "?columns=" + Array(repeating: "name", count: 51).joined(separator: ",")
            Self.expectTooLarge(try await server.postText("/api/import/csv" + columns, "a\r\nb\r\n", contentType: "text/csv", session: session), field: "columns", "51 mapped columns")

            #expect(try await server.allContacts(session: session).count == before, "an over-cap import wrote contacts")
        }
    }

    @Test("the import pages answer over-cap uploads with 413 and the message, never a 500; forms are capped in parts and fields")
    func pageCaps() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("page-caps@example.test")
            let longNote = Self.card("Long Note", ["NOTE:" + String(repeating: "x", count: 70 * 1024)])
            let vcard = try await server.uploadFile("/app/import/vcard", contents: longNote, filename: "long.vcf", type: "text/vcard", session: session)
            #expect(vcard.status == 413 && vcard.body.contains("longer than 64 KiB"), "vCard page: \(vcard.status) \(vcard.body.prefix(500))")
            #expect(vcard.header("content-type")?.hasPrefix("text/html") == true, "\(vcard)")

            let wide = (0..<60).map { "c\($0)" }.joined(separator: ",") + "\r\n"
            let csv = try await server.uploadFile("/app/import/csv", contents: wide, filename: "wide.csv", type: "text/csv", session: session)
            #expect(csv.status == 413 && csv.body.contains("more than 50 columns"), "CSV page: \(csv.status) \(csv.body.prefix(500))")

            let confirm = try await server.postForm("/app/import/csv/confirm", [("csv", wide), ("map_0", "name")], session: session)
            #expect(confirm.status == 413 && confirm.body.contains("more than 50 columns"), "CSV confirm: \(confirm.status) \(confirm.body.prefix(500))")

            let fields = (0..<1_001).map { ("f\($0)", "x") }
            let form = try await server.postForm("/app/settings", fields, session: session)
            #expect(form.status == 413, "1,001 form fields: \(form.status) \(form.body.prefix(300))")

            var parts = ""
            for index in 0..<25 { parts += "--b\r\nContent-Disposition: form-data; name=\"f\(index)\"\r\n\r\nx\r\n" }
            parts += "--b--\r\n"
            let multipart = try await server.sendRaw("POST", "/app/import/vcard", body: Data(parts.utf8), contentType: "multipart/form-data; boundary=b", session: session)
            #expect(multipart.status == 413, "25 multipart parts: \(multipart.status) \(multipart.body.prefix(300))")
            #expect(try await server.allContacts(session: session).isEmpty, "an over-cap upload wrote contacts")
        }
    }
}
