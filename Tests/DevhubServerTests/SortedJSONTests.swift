@testable import DevhubServer
import Foundation
import Testing

/// The API's JSON writer against `JSONSerialization` (sorted keys, slashes unescaped): the same bytes for the
/// documents the API answers with, and a hand-over for values it does not write.
@Suite("SortedJSON: the same bytes as JSONSerialization")
struct SortedJSONTests {
    static func foundation(_ object: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    @Test("contact-shaped documents with awkward keys and strings come out byte for byte as JSONSerialization writes them")
    func sameBytes() throws {
        let awkward = "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u{07} nul \u{00} unit \u{1F} del \u{7F} "
            + "é \u{301} \"\u{301} emoji 🧑‍💻 line sep \u{2028} <script>&"
        let contact: [String: Any] = [
            "id": "01M8NM6A9TXBP5M9845BWNBCYD", "name": awkward, "relationship": NSNull(), "vip": true, "importance": 2,
            "created_at": "2026-11-30T07:02:31Z", "links": [["label": "Site", "url": "https://ada.dev/a/b"]], "tags": ["a", "B", "_c", "10", "9"],
            "background": ["family": NSNull(), "company": "Acme", "likes": awkward], "birthday_soon": false, "cadence_days": Int64(30),
            "main_app": "Signal", "next_follow_up": NSNull(), "status": "ok", "consent": ["given_at": "x", "privacy_notice_sha256": NSNull()],
        ]
        let keys: [String: Any] = [
            "a": 1, "B": 2, "_c": 3, "c_": 4, "item10": 5, "item9": 6, "Item2": 7, "é": 8, "e": 9, "z": 10, "Z": 11, "a b": 12, "a-b": 13,
            "a_b": 14, "ab": 15, "page": 16, "pages": 17, "sha256": 18, "sha_256": 19, "": 20,
        ]
        let documents: [Any] = [
            ["data": [contact, contact], "page": 1, "size": 20, "total": 10_000, "pages": 500],
            contact, keys, [keys, [keys]], ["nested": ["deeper": ["deepest": [NSNull(), true, 0, -1, Int64.max]]]],
            [String: Any](), [Any](), ["ids": [1, 2], "map": ["b": [1], "a": [2]]] as [String: Any],
        ]
        for document in documents {
            let ours = try #require(SortedJSON.data(document), "SortedJSON gave up on \(document)")
            let theirs = try Self.foundation(document)
            #expect(ours == theirs, "\n ours: \(String(decoding: ours, as: UTF8.self))\ntheirs: \(String(decoding: theirs, as: UTF8.self))")
        }
    }

    @Test("a value it does not write (a Double, a Date) makes it hand the whole document over")
    func handsOver() {
        #expect(SortedJSON.data(["ratio": 0.5]) == nil)
        #expect(SortedJSON.data(["when": Date()]) == nil)
        #expect(SortedJSON.data([["n": Int32(1)]] as [Any]) == nil)
    }
}
