/// A sortable unique id: 48 bits of milliseconds and 80 random bits, in Crockford base 32 (26 characters).
public struct ULID: Hashable, Sendable, CustomStringConvertible {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// The 26-character text form.
    public let value: String

    /// A new id for `milliseconds` since 1970.
    public init<R: RandomNumberGenerator>(milliseconds: Int64, using generator: inout R) {
        var bytes = [UInt8](repeating: 0, count: 16)
        let ms = UInt64(max(0, milliseconds))
        for i in 0..<6 { bytes[i] = UInt8(truncatingIfNeeded: ms >> (8 * (5 - i))) }
        // Two draws for the 80 random bits (the system's source costs a system call per draw).
        let high = generator.next(), low = generator.next()
        for i in 0..<8 { bytes[6 + i] = UInt8(truncatingIfNeeded: high >> (8 * i)) }
        for i in 0..<2 { bytes[14 + i] = UInt8(truncatingIfNeeded: low >> (8 * i)) }
        value = Self.encode(bytes)
    }

    /// A new id for `milliseconds` from the system's random source.
    public init(milliseconds: Int64) {
        var generator = SystemRandomNumberGenerator()
        self.init(milliseconds: milliseconds, using: &generator)
    }

    public var description: String { value }

    /// 128 bits as 26 base-32 digits, most significant first (two leading pad bits).
    private static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(26)
        var accumulator: UInt32 = 0
        var bits = 2  // 130 bits of output for 128 of input: start with two zero bits
        for byte in bytes {
            accumulator = (accumulator << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int((accumulator >> UInt32(bits)) & 31)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
