import HTTPTypes
import Hummingbird
import Synchronization

/// The methods each `/api/` path pattern is routed for, read from the router once its routes are added, so a request
/// with an undeclared method can answer 405 with `Allow` instead of 404.
final class APIRouteTable: Sendable {
    /// One path pattern and the methods routed on it.
    struct Entry: Sendable {
        var path: RouterPath
        var methods: Set<HTTPRequest.Method>
    }

    private let entries = Mutex<[Entry]>([])

    init() {}

    /// Takes the router's `/api/` routes (call once every route is added).
    func load(_ routes: [(path: RouterPath, method: HTTPRequest.Method)]) {
        var byPath: [String: Entry] = [:]
        for route in routes where route.path.description.hasPrefix("/api/") {
            byPath[route.path.description, default: Entry(path: route.path, methods: [])].methods.insert(route.method)
        }
        let sorted = byPath.keys.sorted().compactMap { byPath[$0] }
        entries.withLock { $0 = sorted }
    }

    /// The methods routed on `path` (a request path without query), sorted, HEAD with GET; empty when no pattern
    /// matches it. As in the router's trie, a literal segment beats a capture: `/api/contacts/bulk` is only the
    /// bulk route, not also `/api/contacts/{id}`.
    func allowedMethods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var best: (literals: [Bool], methods: Set<HTTPRequest.Method>)?
        entries.withLock { entries in
            for entry in entries where Self.matches(entry.path, segments) {
                let literals = entry.path.components.map { $0 == $0.description }
                // `false < true`: a capture where the other has a literal makes the entry less specific.
                let lessSpecific: (Bool, Bool) -> Bool = { !$0 && $1 }
                if let current = best {
                    if literals == current.literals {
                        best?.methods.formUnion(entry.methods)
                        continue
                    }
                    if literals.lexicographicallyPrecedes(current.literals, by: lessSpecific) { continue }
                }
                best = (literals, entry.methods)
            }
        }
        var methods = best?.methods ?? []
        if methods.contains(.get) { methods.insert(.head) }
        return methods.sorted { $0.rawValue < $1.rawValue }
    }

    /// Whether every segment matches the pattern's element at its place (a capture matches any one segment).
    private static func matches(_ pattern: RouterPath, _ segments: [Substring]) -> Bool {
        guard pattern.components.count == segments.count else { return false }
        return zip(pattern.components, segments).allSatisfy { element, segment in element ~= segment }
    }
}
