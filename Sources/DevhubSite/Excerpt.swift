import DevhubCore

/// Short plain-text summaries for meta descriptions and listings.
public enum Excerpt {
    /// `text` cut to at most `limit` characters at a word boundary, with "…" when cut.
    public static func make(_ text: String, limit: Int = 160) -> String {
        let collapsed = Text.collapsingWhitespace(text)
        // Walk at most `limit` characters: counting the whole text would cost a full grapheme scan.
        guard collapsed.utf8.count > limit,
              collapsed.index(collapsed.startIndex, offsetBy: limit, limitedBy: collapsed.endIndex) != nil,
              collapsed.index(collapsed.startIndex, offsetBy: limit) != collapsed.endIndex
        else { return collapsed }
        let hard = collapsed.prefix(limit - 1)
        var cut = hard
        if let space = hard.lastIndex(of: " "), hard.distance(from: hard.startIndex, to: space) > limit / 2 {
            cut = hard[..<space]
        }
        while let last = cut.last, last.isPunctuation || last == " " { cut.removeLast() }
        return cut + "…"
    }
}
