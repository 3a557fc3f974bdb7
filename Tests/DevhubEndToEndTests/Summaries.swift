import Foundation

/// The numbers in `devhub build`'s summary line: `N profiles, W written, U unchanged, D deleted in T s`.
struct BuildSummary: Equatable {
    var profiles: Int
    var written: Int
    var unchanged: Int
    var deleted: Int

    /// Parses the last summary line in `output`; nil when there is none.
    init?(_ output: String) {
        let pattern = #/(\d+) profiles, (\d+) written, (\d+) unchanged, (\d+) deleted in [0-9.]+ s/#
        guard let match = output.split(separator: "\n").reversed().lazy.compactMap({ $0.firstMatch(of: pattern) }).first,
              let profiles = Int(match.1), let written = Int(match.2), let unchanged = Int(match.3), let deleted = Int(match.4)
        else { return nil }
        self.profiles = profiles
        self.written = written
        self.unchanged = unchanged
        self.deleted = deleted
    }
}

/// The numbers in `devhub import`'s summary line: `imported N profiles from DIR: C created, U updated, K unchanged`.
struct ImportSummary: Equatable {
    var total: Int
    var created: Int
    var updated: Int
    var unchanged: Int

    /// Parses the summary line in `output`; nil when there is none.
    init?(_ output: String) {
        let pattern = #/imported (\d+) profiles from .*: (\d+) created, (\d+) updated, (\d+) unchanged/#
        guard let match = output.firstMatch(of: pattern), let total = Int(match.1), let created = Int(match.2),
              let updated = Int(match.3), let unchanged = Int(match.4)
        else { return nil }
        self.total = total
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
    }
}
