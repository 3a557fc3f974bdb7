import DevhubCore
import Testing

@Suite("Retry schedule and address redaction")
struct RetryScheduleTests {
    @Test("the default is the Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h")
    func standardWebhooks() {
        #expect(RetrySchedule.standardWebhooks.text == "5s,5m,30m,2h,5h,10h,14h,20h,1d")
        #expect(RetrySchedule.standardWebhooks.waits.count == 9)
    }

    @Test("entries with units s, m, h and d, spaces allowed around them")
    func parsesUnits() throws {
        let schedule = try RetrySchedule(parsing: "1s, 5s,5m , 2h,1d")
        #expect(schedule.waits == [1_000, 5_000, 300_000, 7_200_000, 86_400_000])
        #expect(try RetrySchedule(parsing: "0s").waits == [0])
    }

    @Test("bad entries are refused with the flag's name and the entry's position", arguments: [
        ("", "entry 1"), ("5", "entry 1"), ("5x", "entry 1"), ("1s,,2s", "entry 2"), ("1s,-2s", "entry 2"),
        ("1s,2.5m", "entry 2"), ("s", "entry 1"), ("1s,31d", "entry 2"), ("1s,１s", "entry 2"), ("999999999999999s", "entry 1"),
    ])
    func refusesBadEntries(text: String, position: String) {
        #expect {
            try RetrySchedule(parsing: text)
        } throws: { error in
            let message = "\(error)"
            return message.hasPrefix("--retry-schedule") && message.contains(position)
        }
    }

    @Test("the length and the number of entries are capped")
    func capped() {
        #expect(throws: CoreError.self) { try RetrySchedule(parsing: Array(repeating: "1s", count: 51).joined(separator: ",")) }
        #expect(throws: CoreError.self) { try RetrySchedule(parsing: String(repeating: " ", count: 1_000) + "1s") }
        #expect((try? RetrySchedule(parsing: Array(repeating: "1s", count: 50).joined(separator: ",")))?.waits.count == 50)
    }

    @Test("entry N is the wait before retry N; after the last one the job is dead")
    func waitsByAttempt() {
        let schedule = RetrySchedule(waits: [1_000, 60_000], jitter: 0)
        #expect(schedule.wait(afterAttempts: 1) == 1_000)
        #expect(schedule.wait(afterAttempts: 2) == 60_000)
        #expect(schedule.wait(afterAttempts: 3) == nil)
        #expect(schedule.wait(afterAttempts: 0) == nil)
    }

    @Test("jitter stays within ±10% and reaches both ends")
    func jitterBounds() {
        let schedule = RetrySchedule(waits: [100_000])
        #expect(schedule.wait(afterAttempts: 1, random: 0) == 90_000)
        #expect(schedule.wait(afterAttempts: 1, random: 1) == 110_000)
        #expect(schedule.wait(afterAttempts: 1, random: 0.5) == 100_000)
        for _ in 0..<1_000 {
            let wait = schedule.wait(afterAttempts: 1) ?? -1
            #expect((90_000...110_000).contains(wait), "jittered wait \(wait) outside ±10%")
        }
    }

    @Test("addresses are cut from error text, by word, whatever surrounds them")
    func redactsAddresses() {
        let text = "sendmail: recipient <Jane.Doe@example.com> refused; to=bob@mail.test, 550 user unknown"
        let redacted = AddressRedaction.redact(text)
        #expect(!redacted.contains("@"), "\(redacted)")
        #expect(redacted == "sendmail: recipient <[address]> refused; to=[address], 550 user unknown")
        #expect(AddressRedaction.redact("exit 75\nno route") == "exit 75\nno route")
        #expect(!AddressRedaction.redact("jöe\u{301}@exämple.test").contains("exämple"))
    }
}
