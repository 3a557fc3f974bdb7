/// Which IP addresses an outgoing webhook may connect to. Loopback, private (RFC 1918, carrier-grade NAT 100.64/10,
/// unique-local fc00::/7) are refused unless the operator allows private addresses (`--webhooks-allow-private`, for
/// tests and home labs); link-local (169.254/16, fe80::/10: cloud metadata lives there), multicast, unspecified,
/// broadcast and reserved addresses are always refused. IPv4 addresses inside IPv6 (`::ffff:a.b.c.d`, `::a.b.c.d`,
/// NAT64 `64:ff9b::/96`) are judged as the IPv4 address they carry.
public enum WebhookAddressPolicy {
    /// Why an address is refused.
    public enum Refusal: String, Sendable, Equatable {
        case loopback, `private` = "private", linkLocal = "link-local", multicast, unspecified, reserved

        /// Whether `--webhooks-allow-private` lifts this refusal.
        public var isLiftedByAllowPrivate: Bool { self == .loopback || self == .private }
    }

    /// Why `address` (4 bytes for IPv4, 16 for IPv6, network order) is refused, or nil when it may be reached.
    public static func refusal(_ address: [UInt8]) -> Refusal? {
        switch address.count {
        case 4: return refusal(v4: address)
        case 16: return refusal(v6: address)
        default: return .reserved
        }
    }

    /// The refusal that applies when private addresses are `allowPrivate`d, or nil.
    public static func refusal(_ address: [UInt8], allowPrivate: Bool) -> Refusal? {
        guard let refusal = refusal(address) else { return nil }
        return allowPrivate && refusal.isLiftedByAllowPrivate ? nil : refusal
    }

    private static func refusal(v4 a: [UInt8]) -> Refusal? {
        switch (a[0], a[1]) {
        case (0, _): return .unspecified
        case (127, _): return .loopback
        case (10, _): return .private
        case (172, 16...31), (192, 168): return .private
        case (100, 64...127): return .private
        case (169, 254): return .linkLocal
        case (224...239, _): return .multicast
        case (240...255, _): return .reserved
        case (192, 0) where a[2] == 0 || a[2] == 2: return .reserved  // IETF protocol assignments, TEST-NET-1
        case (198, 18...19): return .reserved  // benchmarking
        case (198, 51) where a[2] == 100, (203, 0) where a[2] == 113: return .reserved  // TEST-NET-2, -3
        default: return nil
        }
    }

    private static func refusal(v6 a: [UInt8]) -> Refusal? {
        let head = a.prefix(12)
        if head.allSatisfy({ $0 == 0 }) {
            // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
            if a[12...].allSatisfy({ $0 == 0 }) { return .unspecified }
            if a[12..<15].allSatisfy({ $0 == 0 }) && a[15] == 1 { return .loopback }
            return refusal(v4: Array(a[12...]))
        }
        if head.prefix(10).allSatisfy({ $0 == 0 }) && a[10] == 0xFF && a[11] == 0xFF { return refusal(v4: Array(a[12...])) }
        if Array(head) == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] { return refusal(v4: Array(a[12...])) }
        if a[0] == 0xFF { return .multicast }
        if a[0] & 0xFE == 0xFC { return .private }
        if a[0] == 0xFE && a[1] & 0xC0 == 0x80 { return .linkLocal }
        if a[0] == 0xFE && a[1] & 0xC0 == 0xC0 { return .private }  // deprecated site-local fec0::/10
        if a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0D && a[3] == 0xB8 { return .reserved }  // documentation 2001:db8::/32
        return nil
    }
}
