/// What an API key may do: `read` keys only read (GET and HEAD); `write` keys may also change data.
public enum APIKeyScope: String, CaseIterable, Sendable, Comparable {
    case read
    case write

    public static func < (lhs: APIKeyScope, rhs: APIKeyScope) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The scopes stored in the database's `scopes` column (space-separated names), unknown names left out.
    public static func parse(stored: String) -> [APIKeyScope] {
        stored.split(separator: " ").compactMap { APIKeyScope(rawValue: String($0)) }.sorted()
    }

    /// `scopes` as the database stores them: sorted names separated by a space.
    public static func stored(_ scopes: [APIKeyScope]) -> String {
        Set(scopes).sorted().map(\.rawValue).joined(separator: " ")
    }
}
