import Crypto
import Foundation

extension ServerSecretKey {
    /// Seals an owner's GitHub token for the database: AES-256-GCM under a key derived (HKDF-SHA256) from this one for
    /// this purpose only, with the owner's id as authenticated data (a sealed token copied to another account does not
    /// open); base64 of nonce, ciphertext and tag. A database or backup without the key file yields no token.
    public func sealGitHubToken(_ token: String, userID: String) throws -> String {
        let box = try AES.GCM.seal(Data(token.utf8), using: derivedKey(purpose: Self.gitHubPurpose), authenticating: Data(userID.utf8))
        guard let combined = box.combined else { throw StoreError("sealing a GitHub token", reason: "no combined form") }
        return combined.base64EncodedString()
    }

    /// The token `sealed` holds for `userID`; throws when it was sealed under another key or for another owner, or altered.
    public func openGitHubToken(_ sealed: String, userID: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw StoreError("opening a GitHub token", reason: "it is not base64") }
        let box = try AES.GCM.SealedBox(combined: data)
        let clear = try AES.GCM.open(box, using: derivedKey(purpose: Self.gitHubPurpose), authenticating: Data(userID.utf8))
        return String(decoding: clear, as: UTF8.self)
    }

    private static let gitHubPurpose = "devhub github tokens v1"
}
