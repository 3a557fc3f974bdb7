import Foundation

/// One answer of the companion server as curl saw it, keeping every header line (a response may set
/// several cookies) and reading the API's JSON and error shape.
struct ServerResponse: CustomStringConvertible {
    /// The status code (0 when there was no response at all).
    var status: Int
    /// Every header line of the final response, names lower-cased, in order.
    var headerLines: [(name: String, value: String)]
    /// The body as UTF-8 text (curl's error text when there was no response).
    var body: String

    /// The first value of header `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headerLines.first { $0.name == name.lowercased() }?.value
    }

    /// Every value of header `name` (case-insensitive).
    func headers(_ name: String) -> [String] {
        headerLines.filter { $0.name == name.lowercased() }.map(\.value)
    }

    /// The body parsed as JSON, or nil.
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed]) }

    /// The body parsed as a JSON object, or nil.
    var object: [String: Any]? { json as? [String: Any] }

    /// `error` of the documented error shape `{"error": {"code", "message", "details": [{"field", "message"}]}}`.
    var error: [String: Any]? { object?["error"] as? [String: Any] }

    /// `error.code`, when the body has the error shape.
    var errorCode: String? { error?["code"] as? String }

    /// The `field` of every entry of `error.details`.
    var errorFields: [String] {
        ((error?["details"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }
    }

    /// Whether the body has the documented error shape: `code` and `message` strings and a `details` array.
    var hasErrorShape: Bool {
        guard let error else { return false }
        return error["code"] is String && error["message"] is String && error["details"] is [Any]
    }

    /// The `Set-Cookie` line that sets cookie `name`, parsed.
    func cookie(_ name: String) -> SetCookie? {
        headers("set-cookie").lazy.compactMap(SetCookie.init).first { $0.name == name }
    }

    /// `Retry-After` as a number of seconds, when it is one.
    var retryAfterSeconds: Int? { header("retry-after").flatMap { Int($0) } }

    /// Status, headers and the start of the body, for failure messages.
    var description: String {
        let head = headerLines.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
        return "HTTP \(status)\n\(head)\n\n\(body.prefix(600))"
    }
}

/// One `Set-Cookie` header: the cookie's name and value and its attributes (names lower-cased).
struct SetCookie {
    /// The cookie's name.
    var name: String
    /// The cookie's value.
    var value: String
    /// Attributes by lower-cased name (`httponly`, `samesite`, `path`, `secure`, `max-age`…); flags map to "".
    var attributes: [String: String]

    /// Parses `name=value; Attr=x; Flag`; nil when there is no `name=`.
    init?(_ line: String) {
        let parts = line.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = parts.first, let equals = first.firstIndex(of: "=") else { return nil }
        name = String(first[..<equals])
        value = String(first[first.index(after: equals)...])
        var attributes: [String: String] = [:]
        for part in parts.dropFirst() {
            if let equals = part.firstIndex(of: "=") {
                attributes[part[..<equals].lowercased()] = String(part[part.index(after: equals)...])
            } else {
                attributes[part.lowercased()] = ""
            }
        }
        self.attributes = attributes
    }

    /// Whether the cookie deletes itself (`Max-Age=0`, or an empty value).
    var isExpired: Bool { attributes["max-age"] == "0" || value.isEmpty }
}
