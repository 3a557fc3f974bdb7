import DevhubCore
import Foundation

/// What a build did; its ``description`` is the summary line the CLI prints.
public struct BuildReport: Equatable, Sendable, CustomStringConvertible {
    /// Public profiles in the site.
    public var profiles = 0
    /// Files written (new or changed bytes).
    public var written = 0
    /// Files whose bytes were already right.
    public var unchanged = 0
    /// Files removed because the build no longer produces them.
    public var deleted = 0
    /// Wall-clock seconds.
    public var seconds = 0.0
    /// Paths written, relative to the output directory (for deploy hooks), sorted.
    public var writtenPaths: [String] = []
    /// Paths deleted, sorted.
    public var deletedPaths: [String] = []
    /// The code id behind each Quick Connect token among those paths (token → id), so that what is stored about the
    /// paths (a deploy job) can name the code instead of its token.
    public var connectCodes: [String: String] = [:]
    /// Whether ``writtenPaths``, ``deletedPaths`` and ``connectCodes`` are filled in.
    var collectsPaths = false

    /// Creates an empty report.
    public init() {}

    /// `N profiles, W written, U unchanged, D deleted in T s`.
    public var description: String {
        "\(profiles) profiles, \(written) written, \(unchanged) unchanged, \(deleted) deleted in \(String(format: "%.2f", seconds)) s"
    }

    mutating func add(_ other: UnitOutcome) {
        written += other.written.count
        unchanged += other.unchanged
        deleted += other.deleted.count
        if collectsPaths {
            writtenPaths += other.written
            deletedPaths += other.deleted
        }
    }
}

/// What committing one unit did.
struct UnitOutcome: Sendable {
    var entry: ManifestEntry
    var written: [String] = []
    var unchanged = 0
    var deleted: [String] = []
}
