/// Why a publish stopped as a whole (one file's failure is a ``PublishFailure`` instead).
public enum PublishError: Error, CustomStringConvertible, Sendable {
    /// The storage zone or the purge API refused its key; the message names the zone and the answer, never the key.
    case keyRefused(String)
    /// The zone could not be listed or the output folder read.
    case failed(String)

    public var description: String {
        switch self {
        case .keyRefused(let message), .failed(let message): message
        }
    }
}

/// One path that did not reach the zone (or one URL the CDN did not purge), with the last answer.
public struct PublishFailure: Sendable, CustomStringConvertible {
    /// The output path (a Quick Connect page's by its code's id, `connect/ID/…`) or the purge URL (a Quick Connect
    /// page's shown as `connect/…`: its URL holds the token).
    public var path: String
    /// The last answer: `500 Internal Server Error`, `timed out`, …
    public var answer: String
    public var description: String { "\(path): \(answer)" }
}
