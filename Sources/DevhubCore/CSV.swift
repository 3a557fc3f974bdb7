import Foundation

/// Comma-separated values (RFC 4180): quoted fields with doubled quotes, any line ending, newlines inside quotes.
public enum CSV {
    /// The rows of `text` (a UTF-8 byte-order mark and blank lines are skipped); throws for an unclosed quote.
    public static func rows(_ text: String, field: String = "file") throws(CoreError) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var inQuotes = false
        var quotedCell = false
        var characters = text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text)
        func endRow() {
            row.append(cell)
            if !(row.count == 1 && row[0].isEmpty && !quotedCell) { rows.append(row) }
            row = []
            cell = ""
            quotedCell = false
        }
        while let character = characters.popFirst() {
            if inQuotes {
                if character == "\"" {
                    if characters.first == "\"" { cell.append("\""); characters.removeFirst() } else { inQuotes = false }
                } else {
                    cell.append(character)
                }
                continue
            }
            switch character {
            case "\"" where cell.isEmpty: inQuotes = true; quotedCell = true
            case ",": row.append(cell); cell = ""; quotedCell = false
            case "\r\n", "\n", "\r": endRow()
            default: cell.append(character)
            }
        }
        guard !inQuotes else { throw CoreError(field: field, "has a quoted field that is never closed (row \(rows.count + 1))") }
        if !cell.isEmpty || !row.isEmpty || quotedCell { endRow() }
        return rows
    }

    /// A cell as written before ``line(_:)`` guarded it (`'+44 20…` → `+44 20…`), so exports import back.
    public static func unguarded(_ cell: String) -> String {
        guard cell.hasPrefix("'"), let next = cell.dropFirst().first, "=+-@".contains(next) else { return cell }
        return String(cell.dropFirst())
    }

    /// One CSV line (CRLF-terminated). Cells starting with `=`, `+`, `-`, `@` get a leading `'` so spreadsheets
    /// do not run them as formulas.
    public static func line(_ cells: [String]) -> String {
        cells.map { cell -> String in
            var value = cell
            if let first = value.first, "=+-@".contains(first) { value = "'" + value }
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) || value.hasPrefix(" ") || value.hasSuffix(" ") else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}
