/// A plain-text table: a header row and columns padded to the widest cell (measured in terminal columns), every
/// cell cleaned of control characters and cut at ``maxCellWidth``.
public struct Table: Sendable {
    /// The widest a cell may be, in columns.
    public static let maxCellWidth = 40

    /// A cell: its text and an optional tint.
    public struct Cell: Sendable, ExpressibleByStringLiteral {
        public var text: String
        public var tint: TerminalStyle.Tint?
        /// A cell of `text` (cleaned and cut), tinted when colours are on.
        public init(_ text: String, tint: TerminalStyle.Tint? = nil) {
            self.text = TerminalText.truncated(TerminalText.clean(text), to: Table.maxCellWidth)
            self.tint = tint
        }
        public init(stringLiteral value: String) { self.init(value) }
    }

    /// The column titles.
    public var headers: [String]
    /// The rows, each as many cells as ``headers``.
    public var rows: [[Cell]] = []

    /// An empty table with `headers`.
    public init(_ headers: [String]) { self.headers = headers }

    /// Adds a row.
    public mutating func append(_ row: [Cell]) { rows.append(row) }

    /// The table as lines, with a trailing newline; headers bold when `style` has colours.
    public func render(_ style: TerminalStyle) -> String {
        var widths = headers.map(TerminalText.width)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], TerminalText.width(cell.text)) }
        }
        func line(_ cells: [Cell], header: Bool) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let last = index == cells.count - 1
                let padded = last ? cell.text : cell.text + String(repeating: " ", count: max(0, widths[index] - TerminalText.width(cell.text)))
                if header { parts.append(style.paint(padded, .bold)) }
                else if let tint = cell.tint { parts.append(style.paint(padded, tint)) }
                else { parts.append(padded) }
            }
            return parts.joined(separator: "  ")
        }
        var text = line(headers.map { Cell($0) }, header: true) + "\n"
        for row in rows { text += line(row, header: false) + "\n" }
        return text
    }
}
