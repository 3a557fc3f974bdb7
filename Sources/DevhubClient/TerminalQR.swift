/// A QR code drawn with Unicode half blocks: each character is two modules stacked (`▀` top, `▄` bottom, `█` both),
/// so the code stays square on a terminal. The blocks are the light modules, so on a dark terminal the code reads
/// dark-on-light as scanners expect; with colours on, it is drawn white on black whatever the terminal's theme.
public enum TerminalQR {
    /// Modules of light border around the symbol (the standard's quiet zone).
    public static let quietZone = 4

    /// The lines for `modules` (rows of `true` = dark), border included, each ending in a newline.
    public static func render(_ modules: [[Bool]], style: TerminalStyle) -> String {
        let size = modules.count + 2 * quietZone
        func light(_ x: Int, _ y: Int) -> Bool {
            let row = y - quietZone, column = x - quietZone
            guard row >= 0, row < modules.count, column >= 0, column < modules.count else { return true }
            return !modules[row][column]
        }
        var text = ""
        var y = 0
        while y < size {
            var line = ""
            for x in 0..<size {
                let top = light(x, y)
                let bottom = y + 1 < size ? light(x, y + 1) : false
                line += top ? (bottom ? "█" : "▀") : (bottom ? "▄" : " ")
            }
            text += (style.colours ? "\u{1B}[97;40m\(line)\u{1B}[0m" : line) + "\n"
            y += 2
        }
        return text
    }
}
