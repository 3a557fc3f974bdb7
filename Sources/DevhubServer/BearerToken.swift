import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// `Authorization: Bearer …` secrets (the rebuild hook's, the metrics token), compared in constant time.
enum BearerToken {
    /// The token of the request's `Authorization: Bearer` header, or nil.
    static func of(_ request: Request) -> String? {
        request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
    }

    /// Whether the request carries `expected` as its bearer token.
    static func matches(_ request: Request, _ expected: String) -> Bool {
        constantTimeEquals(of(request) ?? "", expected)
    }

    /// Compares the SHA-256 digests of both strings in constant time (lengths do not leak either).
    static func constantTimeEquals(_ given: String, _ expected: String) -> Bool {
        let left = Array(SHA256.hash(data: Data(given.utf8)))
        let right = Array(SHA256.hash(data: Data(expected.utf8)))
        var difference: UInt8 = 0
        for index in 0..<left.count { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
