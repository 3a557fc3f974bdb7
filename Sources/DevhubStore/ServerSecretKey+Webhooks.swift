import Crypto
import Foundation

extension ServerSecretKey {
    /// Seals a webhook signing secret for the database: ChaCha20-Poly1305 under a key derived from this one, base64
    /// of nonce, ciphertext and tag. A database or backup without the key file yields no secret.
    public func sealWebhookSecret(_ secret: String) throws -> String {
        try ChaChaPoly.seal(Data(secret.utf8), using: derivedKey(purpose: Self.webhookPurpose)).combined.base64EncodedString()
    }

    /// The secret `sealed` holds; throws when it was sealed under another key or was altered.
    public func openWebhookSecret(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw StoreError("opening a webhook secret", reason: "it is not base64") }
        let box = try ChaChaPoly.SealedBox(combined: data)
        return String(decoding: try ChaChaPoly.open(box, using: derivedKey(purpose: Self.webhookPurpose)), as: UTF8.self)
    }

    private static let webhookPurpose = "devhub webhook signing secrets v1"
}
