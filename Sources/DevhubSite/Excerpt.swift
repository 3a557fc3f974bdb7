/// Short plain-text summaries for meta descriptions and listings.
public enum Excerpt {
    /// `text` cut to at most `limit` characters at a word boundary, with "…" when cut.
    public static func make(_ text: String, limit: Int = 160) -> String {
        let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard collapsed.count > limit else { return collapsed }
        let hard = collapsed.prefix(limit - 1)
        var cut = hard
        if let space = hard.lastIndex(of: " "), hard.distance(from: hard.startIndex, to: space) > limit / 2 {
            cut = hard[..<space]
        }
        while let last = cut.last, last.isPunctuation || last == " " { cut.removeLast() }
        return cut + "…"
    }
}
