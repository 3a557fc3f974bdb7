import Foundation
import Testing

/// vCard and CSV import (duplicates skipped, bad fields dropped, bad cards rejected) and the vCard, CSV and JSON
/// exports, including the round trip export → import into the same account (nothing new) and into another one.
@Suite("CRM: import and export", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct CRMImportExportTests {
    /// A base64 "photo" folded the way address books write it: 74 characters after a leading space per line
    /// (LF line ends; ``addressBook`` turns them into CRLF).
    static func foldedPhoto(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let base64 = data.base64EncodedString()
        var lines: [String] = []
        var rest = Substring(base64)
        let first = rest.prefix(40)
        lines.append(String(first))
        rest = rest.dropFirst(first.count)
        while !rest.isEmpty {
            lines.append(" " + rest.prefix(74))
            rest = rest.dropFirst(74)
        }
        return lines.joined(separator: "\n")
    }

    /// An address-book export with six cards: Google (3.0, folded base64 PHOTO, escaped URL), Apple (3.0, `itemN.`
    /// groups with `X-ABLabel`, `BDAY` without a year, `X-SOCIALPROFILE`), a 4.0 card (`--MMDD`, `tel:` URI, github URL),
    /// a card named only by `N`, a card with a `javascript:` URL (the URL is dropped), and a card without any name
    /// (rejected).
    static var addressBook: String {
        let cards = [
            """
            BEGIN:VCARD
            VERSION:3.0
            FN:Grace Hopper
            N:Hopper;Grace;Brewster Murray;;
            EMAIL;TYPE=INTERNET;TYPE=WORK:grace@navy.example
            EMAIL;TYPE=INTERNET;TYPE=HOME:amazing.grace@home.example
            TEL;TYPE=CELL:+1 202-555-0143
            TEL;TYPE=WORK:+1 202 555 0199
            ADR;TYPE=WORK:;;1 Navy Way;Arlington;VA;22202;United States
            ORG:US Navy;Computing Division
            TITLE:Rear Admiral
            BDAY:1906-12-09
            URL:https\\://grace.example
            NOTE:Invented the first compiler.\\nFound a moth\\, too.
            PHOTO;ENCODING=b;TYPE=JPEG:\(foldedPhoto(bytes: 1500))
            CATEGORIES:myContacts,Navy
            END:VCARD
            """,
            """
            BEGIN:VCARD
            VERSION:3.0
            PRODID:-//Apple Inc.//macOS 14.5//EN
            N:Lovelace;Ada;;;
            FN:Ada Lovelace
            ORG:Analytical Engines Ltd.;
            TITLE:Programmer
            EMAIL;type=INTERNET;type=HOME;type=pref:ada@engines.example
            TEL;type=CELL;type=VOICE;type=pref:+44 20 7946 0123
            item1.ADR;type=HOME;type=pref:;;12 St James's Square;London;;SW1Y 4JH;United Kingdom
            item1.X-ABADR:gb
            item2.URL;type=pref:https://ada.example
            item2.X-ABLabel:_$!<HomePage>!$_
            item3.URL:https://notes.ada.example/bernoulli
            item3.X-ABLabel:Notes
            X-SOCIALPROFILE;type=github;x-user=ada-l:https://github.com/ada-l
            BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-10
            NOTE:Met at the Analytical Soc
             iety in 1833.
            PHOTO;ENCODING=b;TYPE=JPEG:\(foldedPhoto(bytes: 900))
            END:VCARD
            """,
            """
            BEGIN:VCARD
            VERSION:4.0
            FN:Linus Torvalds
            EMAIL;TYPE=work:linus@kernel.example
            TEL;VALUE=uri;TYPE="voice,cell":tel:+1-503-555-0100
            BDAY:--1228
            URL:https://github.com/torvalds
            CATEGORIES:kernel,open source
            END:VCARD
            """,
            """
            BEGIN:VCARD
            VERSION:3.0
            N:Hamilton;Margaret;Heafield;;
            EMAIL:margaret@mit.example
            END:VCARD
            """,
            """
            BEGIN:VCARD
            VERSION:3.0
            FN:Mallory Mischief
            URL:javascript:alert(1)
            END:VCARD
            """,
            """
            BEGIN:VCARD
            VERSION:3.0
            NOTE:a card without any name
            END:VCARD
            """,
        ]
        return cards.map { $0.replacingOccurrences(of: "\n", with: "\r\n") }.joined(separator: "\r\n") + "\r\n"
    }

    /// The contacts ``addressBook`` creates.
    static let importedNames = ["Ada Lovelace", "Grace Hopper", "Linus Torvalds", "Mallory Mischief", "Margaret Heafield Hamilton"]

    func importVCard(_ text: String, _ server: ServerProcess, session: String) async throws -> ContactImportResult {
        try ContactImportResult(try await server.postText("/api/import/vcard", text, contentType: "text/vcard", session: session))
    }

    func importCSV(_ text: String, _ server: ServerProcess, session: String, query: String = "") async throws -> ContactImportResult {
        try ContactImportResult(try await server.postText("/api/import/csv\(query)", text, contentType: "text/csv", session: session))
    }

    @Test("a multi-card vCard file imports with the right fields; importing it again creates nothing")
    func vCardImport() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("vcard@example.test")
            let summary = try await importVCard(Self.addressBook, server, session: session)
            #expect(summary.created == 5 && summary.duplicates == 0, "first import: \(summary)")
            #expect(summary.rejected.count == 1 && JSONValue.int(summary.rejected.first?["card"]) == 6
                    && summary.rejected.first?["field"] as? String == "name", "rejected: \(summary)")
            #expect(summary.dropped.count == 1 && JSONValue.int(summary.dropped.first?["card"]) == 5
                    && summary.dropped.first?["field"] as? String == "website", "dropped: \(summary)")
            #expect(summary.rejected.allSatisfy { ($0["message"] as? String)?.isEmpty == false }, "rejected without a message: \(summary)")

            let contacts = try await server.allContacts(session: session)
            #expect(contacts.compactMap { $0["name"] as? String } == Self.importedNames, "imported contacts: \(contacts.map { $0["name"] ?? "" })")
            #expect(contacts.allSatisfy { $0["source"] as? String == "vcard" }, "source of imported contacts")

            let grace = try await server.contactNamed("Grace Hopper", session: session)
            #expect(grace["email"] as? String == "grace@navy.example", "Grace's email: \(grace)")
            #expect(grace["phone"] as? String == "+1 202-555-0143", "Grace's phone: \(grace)")
            #expect(grace["company"] as? String == "US Navy", "Grace's company: \(grace)")
            #expect(grace["relationship"] as? String == "Rear Admiral", "Grace's title: \(grace)")
            #expect(grace["birthday"] as? String == "1906-12-09", "Grace's birthday: \(grace)")
            #expect(grace["location"] as? String == "Arlington, VA, United States", "Grace's location: \(grace)")
            #expect(grace["website"] as? String == "https://grace.example", "Grace's website (escaped colon): \(grace)")
            #expect(grace["notes"] as? String == "Invented the first compiler.\nFound a moth, too.", "Grace's notes: \(grace)")
            #expect(Set(JSONValue.strings(grace["tags"])).isSuperset(of: ["Navy"]), "Grace's tags: \(grace)")
            #expect(!(grace["notes"] as? String ?? "").contains("PHOTO") && !grace.values.contains { ($0 as? String)?.hasPrefix("/9j") == true },
                    "the photo leaked into a field: \(grace)")

            let ada = try await server.contactNamed("Ada Lovelace", session: session)
            #expect(ada["company"] as? String == "Analytical Engines Ltd.", "Ada's company: \(ada)")
            #expect(ada["email"] as? String == "ada@engines.example" && ada["phone"] as? String == "+44 20 7946 0123", "Ada: \(ada)")
            #expect(ada["birthday"] as? String == "--12-10", "Ada's yearless birthday: \(ada)")
            #expect(ada["website"] as? String == "https://ada.example", "Ada's home page (item2.URL, _$!<HomePage>!$_): \(ada)")
            let adaLinks = JSONValue.objects(ada["links"]).map { [$0["label"] as? String ?? "", $0["url"] as? String ?? ""] }
            #expect(adaLinks == [["Notes", "https://notes.ada.example/bernoulli"]], "Ada's labelled link (item3.URL + X-ABLabel): \(adaLinks)")
            #expect(ada["github"] as? String == "ada-l", "Ada's GitHub (X-SOCIALPROFILE): \(ada)")
            #expect(ada["location"] as? String == "London, United Kingdom", "Ada's location: \(ada)")
            #expect(ada["notes"] as? String == "Met at the Analytical Society in 1833.", "Ada's folded note: \(ada)")

            let linus = try await server.contactNamed("Linus Torvalds", session: session)
            #expect(linus["birthday"] as? String == "--12-28" && linus["phone"] as? String == "+1-503-555-0100", "Linus: \(linus)")
            #expect(linus["github"] as? String == "torvalds" && JSONValue.isNull(linus["website"]), "Linus's GitHub URL: \(linus)")
            #expect(JSONValue.strings(linus["tags"]).sorted() == ["kernel", "open source"], "Linus's tags: \(linus)")

            let margaret = try await server.contactNamed("Margaret Heafield Hamilton", session: session)
            #expect(margaret["email"] as? String == "margaret@mit.example", "Margaret (named by N only): \(margaret)")
            let mallory = try await server.contactNamed("Mallory Mischief", session: session)
            #expect(JSONValue.isNull(mallory["website"]), "a javascript: URL was stored: \(mallory)")

            // The same file again: every importable card is a duplicate.
            let again = try await importVCard(Self.addressBook, server, session: session)
            #expect(again.created == 0 && again.duplicates == 5 && again.rejected.count == 1, "re-import: \(again)")
            #expect(try await server.allContacts(session: session).count == 5, "the re-import created contacts")

            // Duplicates by any phone (digits only) and by name when the card has no email.
            let lookalikes = """
                BEGIN:VCARD\r\nVERSION:3.0\r\nFN:G. M. Hopper\r\nEMAIL:gmh@elsewhere.example\r\nTEL:+1 (202) 555-0143\r\nEND:VCARD\r
                BEGIN:VCARD\r\nVERSION:3.0\r\nFN:mallory mischief\r\nEND:VCARD\r
                BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone New\r\nEMAIL:new@example.test\r\nEND:VCARD\r

                """
            let partial = try await importVCard(lookalikes, server, session: session)
            #expect(partial.created == 1 && partial.duplicates == 2, "phone and name duplicates: \(partial)")

            let nothing = try await server.postText("/api/import/vcard", "just some text\r\n", contentType: "text/vcard", session: session)
            #expect(nothing.status == 422 && nothing.errorFields.contains("file"), "a file without cards: \(nothing)")
        }
    }

    @Test("export vCard, import it into the same account (nothing new) and into a second account (same contacts)")
    func vCardRoundTrip() async throws {
        try await CRM.run { server in
            let alice = try await server.verifiedSession("roundtrip-a@example.test")
            _ = try await importVCard(Self.addressBook, server, session: alice)
            try await server.createContact([
                "name": "O'Brien, Jr.; Pat", "email": "pat@obrien.example", "company": "Commas, Semicolons; & Co",
                "notes": "Zürich → Köln, mit Grüßen; a note long enough to be folded across several lines of the vCard file ✓✓✓",
                "website": "https://pat.example/", "links": [["label": "Blog", "url": "https://blog.pat.example/"]], "tags": ["Irish", "friends"],
                "birthday": "--02-29", "github": "pat-ob", "relationship": "neighbour", "location": "Dublin",
            ], session: alice)
            try await server.createContact(["name": "Only A Name"], session: alice)
            let original = try await server.allContacts(session: alice)
            try #require(original.count == 7, "contacts before the export: \(original.map { $0["name"] ?? "" })")

            let export = await server.get("/api/export/vcard", session: alice)
            #expect(export.status == 200, "GET /api/export/vcard: \(export)")
            #expect(export.header("content-type")?.lowercased().hasPrefix("text/vcard") == true, "content type: \(export)")
            #expect(export.header("content-disposition")?.lowercased().contains("attachment") == true, "disposition: \(export)")
            #expect(export.body.components(separatedBy: "BEGIN:VCARD").count - 1 == 7, "cards in the export: \(export.body.prefix(400))")
            let physical = export.body.components(separatedBy: "\r\n")
            #expect(physical.allSatisfy { $0.utf8.count <= 75 }, "a line of the export is longer than 75 octets")
            #expect(!export.body.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "a bare LF in the export")

            let same = try await importVCard(export.body, server, session: alice)
            #expect(same.created == 0 && same.duplicates == 7 && same.rejected.isEmpty, "the export into the same account: \(same)")
            #expect(try await server.allContacts(session: alice).count == 7, "re-importing the export created contacts")

            let bob = try await server.verifiedSession("roundtrip-b@example.test")
            let fresh = try await importVCard(export.body, server, session: bob)
            #expect(fresh.created == 7 && fresh.duplicates == 0 && fresh.rejected.isEmpty && fresh.dropped.isEmpty,
                    "the export into a fresh account: \(fresh)")
            let copied = try await server.allContacts(session: bob)
            #expect(copied.compactMap { $0["name"] as? String } == original.compactMap { $0["name"] as? String }, "names after the round trip")
            // Every field a vCard carries survives the trip.
            let carried = ["name", "email", "phone", "company", "relationship", "birthday", "location", "website", "github", "notes"]
            for (before, after) in zip(original, copied) {
                let name = before["name"] as? String ?? "?"
                for key in carried {
                    #expect(JSONValue.canonical([before[key] ?? NSNull()]) == JSONValue.canonical([after[key] ?? NSNull()]),
                            "\(name): \(key) \(before[key] ?? "nil") → \(after[key] ?? "nil")")
                }
                #expect(JSONValue.canonical(before["links"] ?? []) == JSONValue.canonical(after["links"] ?? []), "\(name): links")
                #expect(JSONValue.strings(before["tags"]).sorted() == JSONValue.strings(after["tags"]).sorted(), "\(name): tags")
            }
        }
    }

    @Test("CSV import maps headers by name or by ?columns=, skips duplicates and reports rejected rows; CSV export lists everyone")
    func csvImportAndExport() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("csv@example.test")
            let csv = "\u{FEFF}Name,E-mail Address,Mobile Phone,Company,Tags,Notes\r\n"
                + "Alan Turing,alan@bletchley.example,+44 1908 640404,Bletchley Park,\"codebreakers; math\",\"Enigma, bombe and \"\"Colossus\"\"\r\nsecond line\"\r\n"
                + "Joan Clarke,joan@bletchley.example,,Bletchley Park,codebreakers,\r\n"
                + ",nobody@example.test,,No Name Co,,\r\n"
                + "Alan M. Turing,ALAN@bletchley.example,,,,duplicate by email\r\n"
            let summary = try await importCSV(csv, server, session: session)
            #expect(summary.created == 2 && summary.duplicates == 1, "CSV import: \(summary)")
            #expect(summary.rejected.count == 1 && JSONValue.int(summary.rejected.first?["card"]) == 4
                    && summary.rejected.first?["field"] as? String == "name", "the row without a name: \(summary)")

            let alan = try await server.contactNamed("Alan Turing", session: session)
            #expect(alan["email"] as? String == "alan@bletchley.example" && alan["phone"] as? String == "+44 1908 640404", "Alan: \(alan)")
            #expect(alan["company"] as? String == "Bletchley Park" && alan["source"] as? String == "csv", "Alan: \(alan)")
            #expect(JSONValue.strings(alan["tags"]).sorted() == ["codebreakers", "math"], "Alan's tags: \(alan)")
            #expect(alan["notes"] as? String == "Enigma, bombe and \"Colossus\"\r\nsecond line"
                    || alan["notes"] as? String == "Enigma, bombe and \"Colossus\"\nsecond line", "Alan's quoted notes: \(alan)")
            let codebreakers = try await server.names("/api/contacts?tag=codebreakers&sort=name", session: session)
            #expect(codebreakers == ["Alan Turing", "Joan Clarke"], "tagged by the CSV: \(codebreakers)")

            let again = try await importCSV(csv, server, session: session)
            #expect(again.created == 0 && again.duplicates == 3, "the same CSV again: \(again)")

            // Explicit mapping: the third column is ignored.
            let unnamed = "Who,Address,Secret,Org\nKatherine Johnson,katherine@nasa.example,do-not-store,NASA\nDorothy Vaughan,dorothy@nasa.example,also-secret,NASA\n"
            let mapped = try await importCSV(unnamed, server, session: session, query: "?columns=name,email,,company")
            #expect(mapped.created == 2 && mapped.duplicates == 0 && mapped.rejected.isEmpty, "?columns= import: \(mapped)")
            let katherine = try await server.contactNamed("Katherine Johnson", session: session)
            #expect(katherine["email"] as? String == "katherine@nasa.example" && katherine["company"] as? String == "NASA", "Katherine: \(katherine)")
            let everyone = try await server.allContacts(session: session)
            #expect(!JSONValue.canonical(everyone).contains("do-not-store"), "an ignored column was stored")

            let unmapped = try await server.postText("/api/import/csv", "Foo,Bar\nx,y\n", contentType: "text/csv", session: session)
            #expect(unmapped.status == 422 && unmapped.hasErrorShape, "a CSV without a name column: \(unmapped)")
            let badColumn = try await server.postText("/api/import/csv?columns=name,shoe_size", "a,b\nx,y\n", contentType: "text/csv", session: session)
            #expect(badColumn.status == 422 && badColumn.hasErrorShape, "?columns= naming an unknown field: \(badColumn)")
            let unclosed = try await server.postText("/api/import/csv", "name\n\"Never closed\n", contentType: "text/csv", session: session)
            #expect(unclosed.status == 422 && unclosed.hasErrorShape, "an unclosed quote: \(unclosed)")
            #expect(try await server.allContacts(session: session).count == 4, "refused CSV files created contacts")

            let export = await server.get("/api/export/csv", session: session)
            #expect(export.status == 200, "GET /api/export/csv: \(export)")
            #expect(export.header("content-type")?.lowercased().hasPrefix("text/csv") == true, "content type: \(export)")
            #expect(export.header("content-disposition")?.lowercased().contains("attachment") == true, "disposition: \(export)")
            let rows = CSVText.rows(export.body)
            let header = rows.first ?? []
            #expect(Array(header.prefix(3)) == ["name", "email", "phone"], "CSV header: \(header)")
            #expect(rows.count == 5, "CSV rows (header + 4 contacts): \(rows.count)")
            let nameColumn = rows.dropFirst().compactMap { $0.first }
            #expect(nameColumn == ["Alan Turing", "Dorothy Vaughan", "Joan Clarke", "Katherine Johnson"], "CSV names: \(nameColumn)")
            // The export reads back: into a fresh account it creates the same people.
            let other = try await server.verifiedSession("csv-copy@example.test")
            let copy = try await importCSV(export.body, server, session: other)
            #expect(copy.created == 4 && copy.rejected.isEmpty, "the CSV export imported into another account: \(copy)")
            #expect(copy.dropped.isEmpty, "importing the CSV export dropped fields: \(copy)")
            let alanCopy = try await server.contactNamed("Alan Turing", session: other)
            for key in ["email", "phone", "company", "notes"] {
                #expect(JSONValue.canonical([alan[key] ?? NSNull()]) == JSONValue.canonical([alanCopy[key] ?? NSNull()]),
                        "Alan's \(key) after CSV export → import: \(alan[key] ?? "nil") → \(alanCopy[key] ?? "nil")")
            }
            #expect(JSONValue.strings(alanCopy["tags"]).sorted() == ["codebreakers", "math"], "Alan's tags after CSV export → import: \(alanCopy)")
        }
    }

    @Test("the JSON export holds the account, contacts, interactions, tags, custom types and digests")
    func jsonExport() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("json-export@example.test")
            let ada = try #require(try await server.createContact(["name": "Ada Lovelace", "tags": ["math", "mentors"], "cadence_days": 7],
                                                                  session: session)["id"] as? String)
            try await server.createContact(["name": "Grace Hopper", "tags": ["math"]], session: session)
            #expect(await server.post("/api/interaction-types", json: ["name": "Tea"], session: session).status == 201)
            let interaction = try await server.logInteraction(ada, ["type": "tea", "date": "2026-11-01", "notes": "Bernoulli numbers"], session: session)
            #expect(await server.get("/api/digest", session: session).status == 200, "GET /api/digest")

            let response = await server.get("/api/export/json", session: session)
            #expect(response.status == 200, "GET /api/export/json: \(response)")
            let export = try #require(response.object, "the JSON export is not an object: \(response)")
            #expect(export["format"] as? String == "devhub-export-1", "format: \(export["format"] ?? "missing")")
            for key in ["account", "contacts", "interactions", "tags", "interaction_types", "digests", "profile"] {
                #expect(export[key] != nil, "the export has no \(key)")
            }
            let account = export["account"] as? [String: Any] ?? [:]
            #expect(account["email"] as? String == "json-export@example.test", "account: \(account)")
            #expect(account["password_hash"] == nil && !response.body.contains("argon2"), "the export contains the password hash")

            let contacts = JSONValue.objects(export["contacts"])
            #expect(contacts.compactMap { $0["name"] as? String }.sorted() == ["Ada Lovelace", "Grace Hopper"], "contacts: \(contacts)")
            #expect(contacts.allSatisfy { Set($0.keys) == CRM.contactKeys }, "exported contacts lack keys")
            let exportedAda = contacts.first { $0["id"] as? String == ada }
            #expect(exportedAda?["last_contacted"] as? String == "2026-11-01" && JSONValue.strings(exportedAda?["tags"]).sorted() == ["math", "mentors"],
                    "Ada in the export: \(exportedAda ?? [:])")

            let interactions = JSONValue.objects(export["interactions"])
            #expect(interactions.count == 1 && interactions.first?["id"] as? String == interaction["id"] as? String
                    && interactions.first?["notes"] as? String == "Bernoulli numbers" && interactions.first?["type"] as? String == "tea",
                    "interactions: \(interactions)")
            let tags = JSONValue.objects(export["tags"])
            let tagCounts = Dictionary(uniqueKeysWithValues: tags.compactMap { tag in (tag["name"] as? String).map { ($0, JSONValue.int(tag["contacts"]) ?? -1) } })
            #expect(tagCounts == ["math": 2, "mentors": 1], "tags: \(tags)")
            #expect(JSONValue.strings(export["interaction_types"]) == ["tea"], "interaction types: \(export["interaction_types"] ?? "")")
            let digests = JSONValue.objects(export["digests"])
            #expect(digests.count == 1 && digests.first?["date"] as? String == CRM.today, "digests: \(digests)")
        }
    }

    @Test("uploads may be larger than 64 KiB but not over 5 MiB (413, nothing imported)")
    func uploadLimits() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("uploads@example.test")
            let bigPhoto = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\nPHOTO;ENCODING=b;TYPE=JPEG:\(Self.foldedPhoto(bytes: 600 * 1024))\r\nEND:VCARD\r\n"
            #expect(bigPhoto.utf8.count > 64 * 1024)
            let accepted = try await importVCard(bigPhoto, server, session: session)
            #expect(accepted.created == 1, "an 800 KiB vCard: \(accepted)")

            var huge = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Too Big\r\nNOTE:"
            huge += String(repeating: "x", count: 5 * 1024 * 1024 + 1024)
            huge += "\r\nEND:VCARD\r\n"
            let refused = try await server.postText("/api/import/vcard", huge, contentType: "text/vcard", session: session)
            #expect(refused.status == 413, "a vCard upload over 5 MiB: \(refused.status) \(refused.body.prefix(300))")
            #expect(refused.hasErrorShape, "the 413 of an oversized upload is not in the error shape: \(refused.description.prefix(300))")
            var csv = "name,notes\n"
            csv += "Too Big," + String(repeating: "y", count: 5 * 1024 * 1024 + 1024) + "\n"
            let refusedCSV = try await server.postText("/api/import/csv", csv, contentType: "text/csv", session: session)
            #expect(refusedCSV.status == 413, "a CSV upload over 5 MiB: \(refusedCSV.status) \(refusedCSV.body.prefix(300))")
            #expect(try await server.names("/api/contacts", session: session) == ["Big Photo"], "an oversized upload created contacts")
        }
    }
}

/// A small RFC 4180 reader for the CSV export (quoted fields, doubled quotes, CRLF or LF).
enum CSVText {
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var inQuotes = false
        var characters = Substring(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        while let character = characters.popFirst() {
            if inQuotes {
                if character == "\"" {
                    if characters.first == "\"" { cell.append("\""); characters.removeFirst() } else { inQuotes = false }
                } else {
                    cell.append(character)
                }
                continue
            }
            switch character {
            case "\"": inQuotes = true
            case ",": row.append(cell); cell = ""
            case "\r\n", "\n":
                row.append(cell)
                rows.append(row)
                row = []
                cell = ""
            default: cell.append(character)
            }
        }
        if !cell.isEmpty || !row.isEmpty { row.append(cell); rows.append(row) }
        return rows
    }
}
