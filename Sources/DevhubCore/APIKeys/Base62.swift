/// Base62 (`0-9A-Za-z`) of unsigned big-endian numbers, at a fixed width: the alphabet of API keys, which a
/// double-click selects whole and no URL or shell needs to escape.
public enum Base62 {
    /// The 62 digits, in value order.
    public static let alphabet: [UInt8] = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `bytes` (a big-endian number) as exactly `width` digits, most significant first, zero-padded; the
    /// caller picks a width that holds the number (43 digits for 32 bytes, 6 for 4).
    public static func encode(_ bytes: [UInt8], width: Int) -> String {
        var number = bytes
        var digits = [UInt8](repeating: alphabet[0], count: width)
        var position = width
        // Long division by 62, one output digit per pass: quadratic in a 32-byte input, which is all it gets.
        while position > 0, number.contains(where: { $0 != 0 }) {
            var remainder = 0
            for index in number.indices {
                let value = remainder * 256 + Int(number[index])
                number[index] = UInt8(value / 62)
                remainder = value % 62
            }
            position -= 1
            digits[position] = alphabet[remainder]
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// Whether `byte` is one of the 62 digits.
    public static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
    }
}
