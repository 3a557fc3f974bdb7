import Foundation

/// What one publish did: the summary line's counts and every failure.
public struct PublishReport: Sendable, CustomStringConvertible {
    public var uploaded = 0
    public var skipped = 0
    public var deleted = 0
    public var purged = 0
    public var seconds: Double = 0
    /// One entry per path or URL that did not make it.
    public var failures: [PublishFailure] = []

    /// `U uploaded, S skipped, D deleted, P purged in T s`.
    public var description: String {
        "\(uploaded) uploaded, \(skipped) skipped, \(deleted) deleted, \(purged) purged in \(String(format: "%.2f", seconds)) s"
    }
}
