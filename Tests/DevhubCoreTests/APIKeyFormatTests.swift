import DevhubCore
import Foundation
import Testing

/// The API key's text (prefix, base62 body, CRC-32 checksum), the create request's rules, and the sync cursor.
@Suite("API keys: format, request rules, sync cursor")
struct APIKeyFormatTests {
    @Test("a generated key is dh_ + 43 + 6 base62 digits and passes its own check; keys differ")
    func generatedKeys() {
        let keys = (0..<50).map { _ in APIKeyFormat.generate() }
        for key in keys {
            #expect(key.utf8.count == 52 && key.hasPrefix("dh_"), "\(key)")
            #expect(APIKeyFormat.isWellFormed(key), "\(key)")
        }
        #expect(Set(keys).count == keys.count)
        #expect(APIKeyFormat.displayPrefix(of: keys[0]) == String(keys[0].prefix(11)))
    }

    @Test("every single-character typo in the body or checksum is caught by the checksum")
    func typosAreCaught() {
        let key = Array(APIKeyFormat.generate().utf8)
        for position in 3..<key.count {
            for replacement in Base62.alphabet where replacement != key[position] {
                var typo = key
                typo[position] = replacement
                #expect(!APIKeyFormat.isWellFormed(String(decoding: typo, as: UTF8.self)), "typo at \(position) passed")
            }
        }
    }

    @Test("wrong length, prefix, alphabet or non-ASCII text is refused")
    func malformed() {
        let key = APIKeyFormat.generate()
        let body = String(key.dropFirst(3))
        var cases: [String] = ["", "dh_", String(key.dropLast()), key + "0", "DH_" + body, "gh_" + body]
        cases.append(String(key.dropLast(2)) + "é")
        cases.append("dh_\u{301}" + String(body.dropFirst()))
        cases.append(String(key.prefix(20)) + "-" + String(key.dropFirst(21)))
        cases.append(key + String(repeating: "A", count: 100_000))
        for text in cases { #expect(!APIKeyFormat.isWellFormed(text), "\(text.prefix(60)) passed") }
    }

    @Test("the checksum is the standard CRC-32 (zlib's): \"123456789\" gives CBF43926")
    func crc32() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Base62.encode([0, 0, 0, 61], width: 6) == "00000z")
        #expect(Base62.encode([0, 0, 0, 62], width: 6) == "000010")
        #expect(Base62.encode([UInt8](repeating: 255, count: 32), width: 43).first != "0", "43 digits hold 32 bytes exactly")
    }

    @Test("keys checked by the README's Python snippet (zlib.crc32, base62 by divmod) pass here too")
    func matchesThePythonScanner() {
        #expect(APIKeyFormat.isWellFormed("dh_" + String(repeating: "0", count: 43) + "2CZclj"))
        #expect(APIKeyFormat.isWellFormed("dh_AbCd1234" + String(repeating: "x", count: 35) + "1VPasU"))
        #expect(!APIKeyFormat.isWellFormed("dh_AbCd1234" + String(repeating: "x", count: 35) + "1VPasV"))
    }

    @Test("the create request's rules name the field")
    func specRules() throws {
        func field(_ name: String?, _ scopes: [String]?, _ days: Int?) -> String? {
            do throws(CoreError) { _ = try APIKeySpec(name: name, scopes: scopes, expiresInDays: days); return nil } catch { return error.field }
        }
        #expect(field(nil, ["read"], nil) == "name")
        #expect(field(String(repeating: "n", count: 101), ["read"], nil) == "name")
        #expect(field(String(repeating: "e\u{301}", count: 51), ["read"], nil) == "name", "102 scalars in 51 characters")
        #expect(field(String(repeating: "n", count: 100), ["read"], nil) == nil)
        #expect(field("ok", [], nil) == "scopes")
        #expect(field("ok", ["read", "root"], nil) == "scopes[1]")
        #expect(field("ok", ["read"], 0) == "expires_in_days")
        #expect(field("ok", ["read"], 3651) == "expires_in_days")
        #expect(field("ok", ["read"], 3650) == nil)
        let spec = try APIKeySpec(name: "  laptop  ", scopes: ["write", "read", "write"], expiresInDays: nil)
        #expect(spec.name == "laptop" && spec.scopes == [.read, .write])
    }

    @Test("a cursor reads back what it wrote; anything else names since")
    func cursor() throws {
        for sequence: Int64 in [0, 1, 499, 1_000_000_007] {
            #expect(try SyncCursor(parsing: SyncCursor(sequence: sequence).text).sequence == sequence)
        }
        for text in ["", "garbage!", "MTIz", "djE6YWJj", "djE6LTE", String(repeating: "A", count: 41), "djE6MQ==", "é"] {
            #expect(throws: CoreError.self, "\(text.prefix(40))") { try SyncCursor(parsing: text) }
        }
    }
}
