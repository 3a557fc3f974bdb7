import DevhubCore
import Testing

/// The webhook rules that need no network: which addresses may be reached, and what an endpoint's fields accept.
@Suite struct WebhookRulesTests {
    /// `a.b.c.d` as 4 bytes.
    static func v4(_ text: String) -> [UInt8] { text.split(separator: ".").map { UInt8($0)! } }

    /// An IPv6 address from its 8 groups (no `::` shorthand).
    static func v6(_ groups: [UInt16]) -> [UInt8] { groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }

    @Test(arguments: [
        ("127.0.0.1", "loopback"), ("127.255.0.9", "loopback"), ("10.0.0.1", "private"), ("172.16.0.1", "private"),
        ("172.31.255.255", "private"), ("192.168.0.1", "private"), ("100.64.0.1", "private"), ("100.127.255.254", "private"),
        ("169.254.169.254", "link-local"), ("224.0.0.1", "multicast"), ("239.255.255.250", "multicast"), ("0.0.0.0", "unspecified"),
        ("255.255.255.255", "reserved"), ("240.0.0.1", "reserved"),
    ])
    func refusesIPv4(_ address: String, _ reason: String) {
        #expect(WebhookAddressPolicy.refusal(Self.v4(address))?.rawValue == reason, "\(address)")
    }

    @Test(arguments: ["93.184.215.14", "8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "192.169.0.1", "1.1.1.1"])
    func allowsPublicIPv4(_ address: String) {
        #expect(WebhookAddressPolicy.refusal(Self.v4(address)) == nil, "\(address)")
    }

    @Test func judgesIPv6AndTheIPv4ItCarries() {
        #expect(WebhookAddressPolicy.refusal(Self.v6([0, 0, 0, 0, 0, 0, 0, 1])) == .loopback)
        #expect(WebhookAddressPolicy.refusal(Self.v6([0, 0, 0, 0, 0, 0, 0, 0])) == .unspecified)
        #expect(WebhookAddressPolicy.refusal(Self.v6([0xFD00, 0, 0, 0, 0, 0, 0, 1])) == .private)
        #expect(WebhookAddressPolicy.refusal(Self.v6([0xFC12, 0, 0, 0, 0, 0, 0, 1])) == .private)
        #expect(WebhookAddressPolicy.refusal(Self.v6([0xFE80, 0, 0, 0, 0, 0, 0, 1])) == .linkLocal)
        #expect(WebhookAddressPolicy.refusal(Self.v6([0xFF02, 0, 0, 0, 0, 0, 0, 1])) == .multicast)
        // ::ffff:127.0.0.1, ::ffff:169.254.169.254, ::10.0.0.1 and 64:ff9b::192.168.0.1 are what they carry.
        #expect(WebhookAddressPolicy.refusal(Self.v6([0, 0, 0, 0, 0, 0xFFFF, 0x7F00, 0x0001])) == .loopback)
        #expect(WebhookAddressPolicy.refusal(Self.v6([0, 0, 0, 0, 0, 0xFFFF, 0xA9FE, 0xA9FE])) == .linkLocal)
        #expect(WebhookAddressPolicy.refusal(Self.v6([0, 0, 0, 0, 0, 0, 0x0A00, 0x0001])) == .private)
        #expect(WebhookAddressPolicy.refusal(Self.v6([0x64, 0xFF9B, 0, 0, 0, 0, 0xC0A8, 0x0001])) == .private)
        // ::ffff:8.8.8.8 and a global address are allowed.
        #expect(WebhookAddressPolicy.refusal(Self.v6([0, 0, 0, 0, 0, 0xFFFF, 0x0808, 0x0808])) == nil)
        #expect(WebhookAddressPolicy.refusal(Self.v6([0x2606, 0x2800, 0x220, 0x1, 0x248, 0x1893, 0x25c8, 0x1946])) == nil)
    }

    @Test func allowPrivateLiftsOnlyLoopbackAndPrivate() {
        #expect(WebhookAddressPolicy.refusal(Self.v4("127.0.0.1"), allowPrivate: true) == nil)
        #expect(WebhookAddressPolicy.refusal(Self.v4("192.168.1.1"), allowPrivate: true) == nil)
        #expect(WebhookAddressPolicy.refusal(Self.v4("169.254.169.254"), allowPrivate: true) == .linkLocal)
        #expect(WebhookAddressPolicy.refusal(Self.v4("224.0.0.1"), allowPrivate: true) == .multicast)
        #expect(WebhookAddressPolicy.refusal(Self.v4("0.0.0.0"), allowPrivate: true) == .unspecified)
    }

    @Test func endpointFieldsNameTheBadField() throws {
        let good = try WebhookEndpointFields(url: " https://hooks.example/devhub?x=1 ", events: ["profile.published", "contact.created", "contact.created"], description: nil)
        #expect(good.url == "https://hooks.example/devhub?x=1")
        #expect(good.events == [.contactCreated, .profilePublished], "deduplicated, in the documented order")
        #expect(good.description == "")
        let cases: [(String, [String], String?, String)] = [
            ("", ["contact.created"], nil, "url"),
            ("ftp://hooks.example/", ["contact.created"], nil, "url"),
            ("hooks.example/x", ["contact.created"], nil, "url"),
            ("https://user:pw@hooks.example/", ["contact.created"], nil, "url"),
            ("https://hooks.example/a b", ["contact.created"], nil, "url"),
            ("https://hooks.example/#frag", ["contact.created"], nil, "url"),
            ("https://hooks.example/" + String(repeating: "a", count: 2000), ["contact.created"], nil, "url"),
            ("https://hooks.example/", [], nil, "events"),
            ("https://hooks.example/", ["contact.created", "contact.exploded"], nil, "events[1]"),
            ("https://hooks.example/", ["webhook.test"], nil, "events[0]"),
            ("https://hooks.example/", ["contact.created"], String(repeating: "d", count: 201), "description"),
            ("https://hooks.example/", ["contact.created"], "two\nlines", "description"),
        ]
        for (url, events, description, field) in cases {
            #expect(throws: CoreError.self, "\(url.prefix(40)) \(events)") { try WebhookEndpointFields(url: url, events: events, description: description) }
            do {
                _ = try WebhookEndpointFields(url: url, events: events, description: description)
            } catch {
                #expect(error.field == field, "\(url.prefix(40)) \(events): \(error)")
            }
        }
    }
}
