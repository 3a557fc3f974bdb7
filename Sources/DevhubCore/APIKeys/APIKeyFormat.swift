/// The text of an API key: `dh_`, 43 base62 digits of 32 random bytes, and 6 base62 digits of the CRC-32 of
/// those 43 digits — 52 ASCII characters. The prefix makes a leaked key easy to spot and to scan for; the checksum
/// lets a scanner (and the server, before any database lookup) tell a real key from a typo or a random string.
public enum APIKeyFormat {
    /// What every key starts with.
    public static let prefix = "dh_"
    /// Digits of the random part (32 bytes in base62).
    public static let bodyLength = 43
    /// Digits of the checksum (a CRC-32 in base62).
    public static let checksumLength = 6
    /// The whole key's length, in ASCII characters.
    public static let length = 3 + bodyLength + checksumLength
    /// Characters of a key shown in lists (`dh_` and the first 8 digits): enough to tell keys apart, useless to an attacker.
    public static let displayLength = 11

    /// A new key from the system's random source.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// A new key from `generator`.
    public static func generate<R: RandomNumberGenerator>(using generator: inout R) -> String {
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let body = Base62.encode(bytes, width: bodyLength)
        return prefix + body + checksum(of: Array(body.utf8))
    }

    /// The shown part of `key` (`dh_AbCd1234`).
    public static func displayPrefix(of key: String) -> String {
        String(String.UnicodeScalarView(key.unicodeScalars.prefix(displayLength)))
    }

    /// Whether `text` is a well-formed key: the length, the prefix, base62 digits and a matching checksum. Looks at
    /// bytes, at most ``length`` of them: anything longer, shorter or not ASCII is refused before it is scanned.
    public static func isWellFormed(_ text: String) -> Bool {
        let bytes = Array(text.utf8.prefix(length + 1))
        guard bytes.count == length, bytes.starts(with: prefix.utf8) else { return false }
        let body = bytes[3..<(3 + bodyLength)]
        let check = bytes[(3 + bodyLength)...]
        guard body.allSatisfy(Base62.isDigit), check.allSatisfy(Base62.isDigit) else { return false }
        return Array(check) == Array(checksum(of: Array(body)).utf8)
    }

    /// The 6 base62 digits of the CRC-32 of `body`.
    static func checksum(of body: [UInt8]) -> String {
        let crc = CRC32.checksum(body)
        return Base62.encode([24, 16, 8, 0].map { UInt8(truncatingIfNeeded: crc >> $0) }, width: checksumLength)
    }
}
