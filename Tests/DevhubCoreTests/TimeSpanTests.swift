import DevhubCore
import Testing

/// `TimeSpan`: the duration flags' parser.
@Suite struct TimeSpanTests {
    @Test func readsEachUnit() throws {
        #expect(try TimeSpan(parsing: "250ms", field: "f").milliseconds == 250)
        #expect(try TimeSpan(parsing: "30s", field: "f").milliseconds == 30_000)
        #expect(try TimeSpan(parsing: "15m", field: "f").milliseconds == 900_000)
        #expect(try TimeSpan(parsing: "24h", field: "f").milliseconds == 86_400_000)
        #expect(try TimeSpan(parsing: "7d", field: "f").milliseconds == 604_800_000)
        #expect(try TimeSpan(parsing: "999999999d", field: "f").milliseconds == 999_999_999 * 86_400_000)
    }

    @Test func refusesEverythingElseNamingTheField() {
        for bad in ["", "s", "30", "30 s", " 30s", "30S", "1.5h", "-1h", "+1h", "1w", "1hh", "1h ", "0s", "0000d",
                    "1234567890s", "٣s", "3\u{0301}s", String(repeating: "9", count: 10_000) + "s"] {
            #expect(throws: CoreError.self, "\(bad)") { try TimeSpan(parsing: bad, field: "--backup-every") }
            do {
                _ = try TimeSpan(parsing: bad, field: "--backup-every")
            } catch {
                #expect((error as? CoreError)?.field == "--backup-every")
            }
        }
    }

    @Test func printsInTheLargestWholeUnit() {
        #expect(TimeSpan(milliseconds: 86_400_000).description == "1d")
        #expect(TimeSpan(milliseconds: 90_000).description == "90s")
        #expect(TimeSpan(milliseconds: 1_500).description == "1500ms")
    }
}
