/// Comma-separated values (RFC 4180): quoted fields with doubled quotes, any line ending, newlines inside quotes.
/// Reading and writing work on UTF-8 bytes and Unicode scalars, never on `Character`s: a `"` or `,` followed by a
/// combining mark is still a quote or a comma.
public enum CSV {
    /// The rows of `text` (a UTF-8 byte-order mark and blank lines are skipped), in one pass over its bytes. Throws
    /// naming `field` for an unclosed quote (422), and a size limit error (413) for a row with more than
    /// `limits.maxColumns` cells, a cell over `limits.maxCellBytes` bytes, or more than `limits.maxContacts` rows
    /// after the header.
    public static func rows(_ text: String, field: String = "file", limits: ImportLimits = .standard) throws(CoreError) -> [[String]] {
        let bytes = Array(text.utf8)
        var rows: [[String]] = []
        var row: [String] = []
        var cell: [UInt8] = []
        var inQuotes = false
        var quotedCell = false
        func tooLarge(_ message: String) -> CoreError { CoreError(field: field, message, tooLarge: true) }
        func endCell() throws(CoreError) {
            guard row.count < limits.maxColumns else {
                throw tooLarge("row \(rows.count + 1) has more than \(limits.maxColumns) columns")
            }
            row.append(String(decoding: cell, as: UTF8.self))
            cell.removeAll(keepingCapacity: true)
            quotedCell = false
        }
        func endRow() throws(CoreError) {
            let blank = row.isEmpty && cell.isEmpty && !quotedCell
            try endCell()
            if !blank {
                guard rows.count <= limits.maxContacts else {
                    throw tooLarge("has more than \(limits.maxContacts) rows after the header; at most \(limits.maxContacts) per import")
                }
                rows.append(row)
            }
            row = []
        }
        func append(_ byte: UInt8) throws(CoreError) {
            guard cell.count < limits.maxCellBytes else {
                throw tooLarge("row \(rows.count + 1), column \(row.count + 1) is longer than \(limits.maxCellBytes / 1024) KiB")
            }
            cell.append(byte)
        }
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if index < bytes.count, bytes[index] == UInt8(ascii: "\"") { try append(byte); index += 1 } else { inQuotes = false }
                } else {
                    try append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where cell.isEmpty: inQuotes = true; quotedCell = true
            case UInt8(ascii: ","): try endCell()
            case 0x0D:
                if index < bytes.count, bytes[index] == 0x0A { index += 1 }
                try endRow()
            case 0x0A: try endRow()
            default: try append(byte)
            }
        }
        guard !inQuotes else { throw CoreError(field: field, "has a quoted field that is never closed (row \(rows.count + 1))") }
        if !cell.isEmpty || !row.isEmpty || quotedCell { try endRow() }
        return rows
    }

    /// First scalars that make a spreadsheet read a cell as a formula (OWASP's list: `=`, `+`, `-`, `@`, tab, CR).
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// A cell as written before ``line(_:)`` guarded it (`'+44 20…` → `+44 20…`), so exports import back.
    public static func unguarded(_ cell: String) -> String {
        var scalars = cell.unicodeScalars.makeIterator()
        guard scalars.next() == "'", let next = scalars.next(), formulaStarts.contains(next) else { return cell }
        return String(cell.unicodeScalars.dropFirst())
    }

    /// One CSV line (CRLF-terminated). A cell whose first scalar is `=`, `+`, `-`, `@`, tab or CR gets a leading `'`
    /// so spreadsheets do not run it as a formula (by scalar: `=` followed by a combining mark is guarded too); a cell
    /// with a comma, a quote, a line break or a space at either end is quoted, its quotes doubled byte by byte.
    public static func line(_ cells: [String]) -> String {
        var out: [UInt8] = []
        for (index, cell) in cells.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            let guarded = cell.unicodeScalars.first.map(formulaStarts.contains) == true
            let utf8 = cell.utf8
            let needsQuotes = utf8.first == 0x20 || utf8.last == 0x20
                || utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") }
                || cell.unicodeScalars.contains(where: Text.isLineBreak)
            if needsQuotes { out.append(UInt8(ascii: "\"")) }
            if guarded { out.append(UInt8(ascii: "'")) }
            for byte in utf8 {
                out.append(byte)
                if byte == UInt8(ascii: "\""), needsQuotes { out.append(byte) }
            }
            if needsQuotes { out.append(UInt8(ascii: "\"")) }
        }
        out += [0x0D, 0x0A]
        return String(decoding: out, as: UTF8.self)
    }
}
