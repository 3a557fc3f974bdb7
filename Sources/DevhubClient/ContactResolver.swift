/// Finds the one contact a command-line argument means: an id, an email address, or a unique name prefix.
public struct ContactResolver: Sendable {
    /// How many candidates an ambiguity error lists.
    public static let candidateLimit = 10

    private let client: APIClient

    /// A resolver asking `client`.
    public init(client: APIClient) { self.client = client }

    /// Whether `text` has the shape of a contact id (26 Crockford base-32 digits, as the server makes them).
    public static func looksLikeID(_ text: String) -> Bool {
        text.utf8.count == 26 && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("A"..."Z").contains($0) }
    }

    /// The contact `argument` names: by id when it has an id's shape and the server knows it; else by email
    /// (case-insensitive, when it holds `@`); else the contact whose name equals it or, failing that, the only one
    /// whose name starts with it (case-insensitive). Not found is exit 3; several matches are a usage failure
    /// listing the candidates.
    public func resolve(_ argument: String) async throws(ClientError) -> Contact {
        let wanted = argument.trimmingCharacters(in: .whitespaces)
        guard !wanted.isEmpty, wanted.utf8.count <= 200 else { throw ClientError(.usage, "give a contact id, email or name") }
        if Self.looksLikeID(wanted) {
            do {
                return try await client.get(Contact.self, "contacts/" + APIClient.segment(wanted)).value
            } catch where error.kind == .notFound {}
        }
        let contacts = try await client.allPages(Contact.self, "contacts", query: [.init(name: "sort", value: "name")]).items
        let matches = Self.matches(wanted, in: contacts)
        switch matches.count {
        case 0: throw ClientError(.notFound, "not found (404)")
        case 1: return matches[0]
        default:
            let lines = matches.prefix(Self.candidateLimit).map { contact in
                "  \(contact.id)  \(TerminalText.clean(contact.name))\(contact.email.map { "  <\(TerminalText.clean($0))>" } ?? "")"
            }
            let more = matches.count > Self.candidateLimit ? "\n  … and \(matches.count - Self.candidateLimit) more" : ""
            throw ClientError(.usage, "'\(TerminalText.clean(wanted))' matches \(matches.count) contacts; use an id or a longer name:\n"
                + lines.joined(separator: "\n") + more)
        }
    }

    /// The contacts `wanted` picks out of `contacts`: by email when it holds `@`, else the exact names, else the
    /// name prefixes (all compared case-insensitively).
    public static func matches(_ wanted: String, in contacts: [Contact]) -> [Contact] {
        let key = wanted.lowercased()
        if key.contains("@") { return contacts.filter { $0.email?.lowercased() == key } }
        let exact = contacts.filter { $0.name.lowercased() == key }
        if !exact.isEmpty { return exact }
        return contacts.filter { $0.name.lowercased().hasPrefix(key) }
    }
}
