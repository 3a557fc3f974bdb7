import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether output goes to a person: tables and colours on a terminal, colours never when `NO_COLOR` is set.
public struct TerminalStyle: Sendable {
    /// Standard output is a terminal.
    public var isTerminal: Bool
    /// ANSI colours may be used.
    public var colours: Bool

    /// Explicit settings (tests, `--json`).
    public init(isTerminal: Bool, colours: Bool) {
        self.isTerminal = isTerminal
        self.colours = colours && isTerminal
    }

    /// The style of this process's standard output under `environment` (`NO_COLOR` set to anything turns colours off,
    /// as no-color.org asks; so does `TERM=dumb`).
    public static func current(environment: [String: String]) -> TerminalStyle {
        let terminal = isatty(STDOUT_FILENO) == 1
        let colours = (environment["NO_COLOR"].map(\.isEmpty) ?? true) && environment["TERM"] != "dumb"
        return TerminalStyle(isTerminal: terminal, colours: colours)
    }

    /// An SGR colour or weight.
    public enum Tint: String, Sendable {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", cyan = "36"
    }

    /// `text` in `tint` when colours are on, else unchanged.
    public func paint(_ text: String, _ tint: Tint) -> String {
        colours ? "\u{1B}[\(tint.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// The tint of a follow-up status.
    public static func tint(forStatus status: String) -> Tint? {
        switch status {
        case "overdue": .red
        case "due_soon": .yellow
        default: nil
        }
    }
}
