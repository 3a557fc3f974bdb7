import Crypto
import Foundation

/// Standard Webhooks signing: secrets are `whsec_` + base64 of 24 random bytes; a signature is
/// `v1,` + base64(HMAC-SHA256(secret bytes, "{webhook-id}.{webhook-timestamp}.{body}")).
enum WebhookSecret {
    /// The prefix of every secret.
    static let prefix = "whsec_"

    /// A new random secret.
    static func generate() -> String {
        prefix + Data(SymmetricKey(size: .bits192).withUnsafeBytes { Array($0) }).base64EncodedString()
    }

    /// The `v1,…` signature of `body` sent as message `id` at `timestamp` (unix seconds) under `secret`; nil when the
    /// secret is not a `whsec_` base64 key.
    static func signature(id: String, timestamp: Int64, body: String, secret: String) -> String? {
        guard secret.hasPrefix(prefix), let key = Data(base64Encoded: String(secret.dropFirst(prefix.count))), !key.isEmpty else { return nil }
        let signed = Data("\(id).\(timestamp).\(body)".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The `webhook-signature` header: one signature per secret, space-separated (the new one first during a
    /// rotation's overlap).
    static func header(id: String, timestamp: Int64, body: String, secrets: [String]) -> String {
        secrets.compactMap { signature(id: id, timestamp: timestamp, body: body, secret: $0) }.joined(separator: " ")
    }
}
