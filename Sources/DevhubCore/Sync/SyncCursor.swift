import Foundation

/// The opaque cursor of `GET /api/sync`: base64url (no padding) of `v1:` and the decimal number of the last change
/// the client has seen. Clients store it and send it back; they are not meant to read it.
public struct SyncCursor: Equatable, Sendable {
    /// The sequence number of the last change seen (0: none yet).
    public let sequence: Int64

    /// A cursor after change `sequence`.
    public init(sequence: Int64) {
        self.sequence = max(0, sequence)
    }

    /// At most this many characters in a cursor (a 19-digit number and the tag need 31).
    public static let maxLength = 40

    /// Reads a cursor sent back by a client; throws naming `field` for anything this server did not hand out.
    /// Looks at no more than ``maxLength`` + 1 bytes of `text`.
    public init(parsing text: String, field: String = "since") throws(CoreError) {
        let invalid = CoreError(field: field, "is not a cursor this server handed out (send the cursor of the last answer, or leave it out)")
        let bytes = Array(text.utf8.prefix(Self.maxLength + 1))
        guard !bytes.isEmpty, bytes.count <= Self.maxLength,
              bytes.allSatisfy({ Base62.isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
        else { throw invalid }
        var base64 = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { throw invalid }
        let decoded = Array(data)
        guard decoded.starts(with: Array("v1:".utf8)) else { throw invalid }
        let digits = decoded.dropFirst(3)
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let sequence = Int64(String(decoding: digits, as: UTF8.self))
        else { throw invalid }
        self.sequence = sequence
    }

    /// The text handed to clients.
    public var text: String {
        Data("v1:\(sequence)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
