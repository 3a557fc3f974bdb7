/// Text from the server made safe to print on a terminal: control characters (ESC, CR, BEL, the C1 range, bidi
/// overrides) are dropped scalar by scalar, so a contact's name cannot move the cursor or rewrite the screen.
public enum TerminalText {
    /// `text` without control scalars; line breaks and tabs become spaces, so one value stays on one line.
    public static func clean(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D, 0x2028, 0x2029: scalars.append(" ")
            case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// How many terminal columns `text` takes, approximately: one per scalar, none for combining marks and
    /// zero-width scalars, two for East Asian wide and emoji ranges.
    public static func width(_ text: String) -> Int {
        var columns = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x20D0...0x20FF, 0xFE00...0xFE0F, 0xFE20...0xFE2F, 0x200B...0x200D: continue
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
                 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD: columns += 2
            default: columns += 1
            }
        }
        return columns
    }

    /// `text` cut to at most `limit` columns, with `…` when something was cut.
    public static func truncated(_ text: String, to limit: Int) -> String {
        guard width(text) > limit else { return text }
        var result = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            let step = width(String(scalar))
            if used + step > limit - 1 { break }
            result.append(scalar)
            used += step
        }
        result.append("…")
        return String(result)
    }
}
