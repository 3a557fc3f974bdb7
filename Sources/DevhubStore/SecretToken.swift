import Crypto
import DevhubCore
import Foundation

/// A random secret handed to a person (session cookie, email link) and its SHA-256, which is all we store.
public struct SecretToken: Sendable {
    /// The text the person holds: base64url of `bits` random bits.
    public let value: String

    /// A new token of `bits` random bits (256 for sessions and email links).
    public init(bits: Int = 256) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<(bits / 8)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        value = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// `bits` random bits as lower-case hex (domain challenge values).
    public static func hex(bits: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<(bits / 8)).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The stored form of `token`.
    public static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }

    /// The stored form of this token.
    public var hash: String { Self.hash(value) }
}
