import Foundation

/// Sends any HTTP request over `curl` (method, headers, body; redirects are not followed), for the
/// companion server's JSON API, pages and hooks.
enum ServerHTTP {
    /// Sends `method url` with `headers` and an optional `body`; `timeout` bounds the whole exchange.
    static func send(
        _ method: String, _ url: String, headers: [String: String] = [:], body: String? = nil, timeout: Int = 15
    ) async -> ServerResponse {
        // `Expect:` (empty) stops curl from waiting for `100 Continue`; `--globoff` keeps `[]{}` in URLs literal.
        var args = ["-s", "-i", "--globoff", "--max-time", String(timeout), "-X", method, "-H", "Expect:"]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            args += ["-H", "\(name): \(value)"]
        }
        if let body { args += ["--data-binary", body] }
        let result = await Devhub.tool("curl", args + [url])
        guard result.status == 0 else {
            return ServerResponse(status: 0, headerLines: [], body: "curl exit \(result.status): \(result.stderr)")
        }
        return parse(result.stdout)
    }

    /// Sends `value` encoded as JSON (`Content-Type: application/json`).
    static func sendJSON(
        _ method: String, _ url: String, _ value: Any, headers: [String: String] = [:], timeout: Int = 15
    ) async -> ServerResponse {
        var headers = headers
        headers["Content-Type"] = "application/json"
        return await send(method, url, headers: headers, body: jsonText(value), timeout: timeout)
    }

    /// `value` as compact JSON text with sorted keys.
    static func jsonText(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// Splits curl's `-i` output into the final response's status, headers and body (skipping `1xx` heads).
    static func parse(_ output: String) -> ServerResponse {
        var rest = Substring(output)
        while true {
            guard let split = rest.range(of: "\r\n\r\n") else {
                return ServerResponse(status: 0, headerLines: [], body: String(rest))
            }
            let head = rest[..<split.lowerBound].components(separatedBy: "\r\n")
            let status = head.first?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            rest = rest[split.upperBound...]
            if (100..<200).contains(status) { continue }
            var lines: [(name: String, value: String)] = []
            for line in head.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                lines.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
            return ServerResponse(status: status, headerLines: lines, body: String(rest))
        }
    }
}
