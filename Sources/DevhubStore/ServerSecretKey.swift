import Crypto
import DevhubCore
import Foundation

/// The server's secret: 32 random bytes from which every Quick Connect code's public token is derived
/// (HMAC-SHA256 of the code's id), so the output folder can be rebuilt from the database alone while the database
/// holds no token. It lives outside the SQLite file (`--secret-key-file`, `DEVHUB_SECRET_KEY`, or a file beside the
/// database): a stolen database or backup without it yields no token. Its bytes are never printed.
public struct ServerSecretKey: Sendable, CustomStringConvertible {
    /// The key's length in bytes.
    public static let byteCount = 32
    /// The file a database at `databasePath` uses when neither a flag nor the environment names a key.
    public static func defaultPath(databasePath: String) -> String { databasePath + ".secret-key" }

    /// The key's bytes (`SymmetricKey` is not `Sendable`; one is made per derivation).
    private let bytes: [UInt8]

    /// A key from its base64 text (`openssl rand -base64 32`; surrounding white space ignored); `source` names where
    /// the text came from in the error.
    public init(base64 text: String, source: String) throws(StoreError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count <= 256, let data = Data(base64Encoded: trimmed), data.count == Self.byteCount else {
            throw StoreError("reading the secret key from \(source)", reason: "expected \(Self.byteCount) bytes in base64 (as `openssl rand -base64 32` prints)")
        }
        bytes = Array(data)
    }

    /// A new random key.
    public static func random() -> ServerSecretKey {
        ServerSecretKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// The key's base64 text (what a key file holds).
    public var base64: String { Data(bytes).base64EncodedString() }

    /// Never the key itself.
    public var description: String { "ServerSecretKey(…)" }

    /// Reads the key file at `path`, which must exist.
    public static func read(path: String) throws(StoreError) -> ServerSecretKey {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw StoreError("reading the secret key file \(path)", reason: "it cannot be read (create one with `openssl rand -base64 32 > \(path); chmod 600 \(path)`)")
        }
        return try ServerSecretKey(base64: text, source: path)
    }

    /// Reads the key file at `path`, creating it with a new random key (mode 0600) when there is none.
    public static func readOrCreate(path: String) throws(StoreError) -> ServerSecretKey {
        if FileManager.default.fileExists(atPath: path) { return try read(path: path) }
        let fresh = random()
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            // Another process created it first: use theirs.
            if errno == EEXIST { return try read(path: path) }
            throw StoreError("creating the secret key file \(path)", reason: String(cString: strerror(errno)))
        }
        let bytes = Array((fresh.base64 + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, synced == 0 else {
            unlink(path)
            throw StoreError("writing the secret key file \(path)", reason: "the key could not be written completely")
        }
        return fresh
    }

    /// The public token of the Quick Connect code `codeID`: HMAC-SHA256(key, id), the first 128 bits as 32 lower-case
    /// hex digits (the shape ``QuickConnectToken/isWellFormed(_:)`` accepts).
    public func quickConnectToken(codeID: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(codeID.utf8), using: SymmetricKey(data: bytes))
        return Hex.encode(Array(mac).prefix(16))
    }

    /// A key for `purpose` derived from this one (HKDF-SHA256), so no two uses share key material.
    func derivedKey(purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: bytes), info: Data(purpose.utf8), outputByteCount: 32)
    }

    /// The token of `code` when this key derives it (its hash is the stored one), nil for a code made under another
    /// key or before tokens were derived.
    public func quickConnectToken(of code: StoredQuickConnectCode) -> String? {
        derivedToken(codeID: code.id, tokenHash: code.tokenHash)
    }

    /// The derived token of `codeID` if its SHA-256 is `tokenHash`.
    func derivedToken(codeID: String, tokenHash: String) -> String? {
        let token = quickConnectToken(codeID: codeID)
        return SecretToken.hash(token) == tokenHash ? token : nil
    }
}
