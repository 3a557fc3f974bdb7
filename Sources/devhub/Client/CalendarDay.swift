import ArgumentParser

/// A `YYYY-MM-DD` date given on the command line, checked before anything is sent.
enum CalendarDay {
    /// `text` when it is a `YYYY-MM-DD` date, else a usage error naming `option`.
    static func validated(_ text: String, option: String) throws -> String {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].utf8.count == 4, parts[1].utf8.count == 2, parts[2].utf8.count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } }),
              let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day)
        else { throw ValidationError("\(option) must be a date YYYY-MM-DD, got '\(text.prefix(40))'") }
        return text
    }
}
