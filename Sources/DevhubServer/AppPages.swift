import DevhubCore
import DevhubSite
import Foundation
import HTTPTypes
import Hummingbird

/// The server's HTML pages (`site-templates/app/*.mustache`), rendered with the public site's layout.
struct AppPages: Sendable {
    static let required = SiteTemplates.required + ["app/signup", "app/login", "app/resend", "app/forgot", "app/reset", "app/message", "app/profile",
                                                              "app/nav", "app/dashboard", "app/contacts", "app/contact", "app/contact-form", "app/import",
                                                              "app/import-csv", "app/settings", "app/connect", "app/connect-code", "app/connect-print", "app/webhooks", "app/webhook", "app/network",
                                                              "app/admin-nav", "app/admin-users", "app/admin-reports", "app/admin-reserved", "app/admin-jobs", "app/admin-audit"]

    let templates: SiteTemplates
    let context: RenderContext

    init(directory: String, settings: SiteSettings) throws {
        templates = try SiteTemplates(directory: directory, required: Self.required, subdirectory: "app")
        context = RenderContext(settings: settings, templates: templates)
    }

    /// A page response: `template` with the layout values, no caching, `status`.
    func render(_ template: String, title: String, status: HTTPResponse.Status = .ok, _ values: [String: Any] = [:]) throws -> Response {
        Self.html(try renderText(template, title: title, values), status: status)
    }

    /// The HTML of ``render(_:title:status:_:)``.
    func renderText(_ template: String, title: String, _ values: [String: Any] = [:]) throws -> String {
        var layout = context.layout(title: "\(title) · \(context.settings.title)", description: title, canonical: nil)
        layout["home_url"] = context.settings.baseURL + "/"
        layout["stylesheet"] = context.settings.baseURL + context.stylesheetPath
        var values = values
        // `{{#has_contacts}}` wraps a list's markup once when the list is not empty.
        for (key, value) in values { if let list = value as? [Any], !list.isEmpty { values["has_\(key)"] = true } }
        return try templates.render("app/\(template)", layout.merging(values) { _, new in new })
    }

    /// An HTML response of `text`.
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A result page with a heading, a sentence and an optional link.
    func message(_ heading: String, _ message: String, link: (url: String, label: String)? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        Self.html(try messageText(heading, message, link: link), status: status)
    }

    /// The HTML of ``message(_:_:link:status:)``.
    func messageText(_ heading: String, _ message: String, link: (url: String, label: String)? = nil) throws -> String {
        var values: [String: Any] = ["heading": heading, "message": message]
        if let link { values["link_url"] = link.url; values["link_label"] = link.label }
        return try renderText("message", title: heading, values)
    }

    /// `errors` in the shape the templates show (`has_errors`, `errors[]`), nothing when empty.
    static func errorValues(_ error: APIError) -> [String: Any] {
        errorValues(error.details.isEmpty ? [("", error.message)] : error.details)
    }

    static func errorValues(_ errors: [(field: String, message: String)]) -> [String: Any] {
        guard !errors.isEmpty else { return [:] }
        return ["has_errors": true, "errors": errors.map { error -> [String: Any] in
            var item: [String: Any] = ["message": error.message]
            if !error.field.isEmpty { item["field"] = error.field }
            return item
        }]
    }
}

/// A 303 redirect (after a form post).
func seeOther(_ location: String, cookies: [Cookie] = []) -> Response {
    var headers = HTTPFields()
    headers[.location] = location
    for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie.description)) }
    return Response(status: .seeOther, headers: headers)
}

/// `application/x-www-form-urlencoded` bodies as a dictionary (last value wins; `+` is a space). Parsed on bytes in
/// one pass: `&`, `=` and `%` are found byte by byte, at most ``maxPairs`` pairs.
enum FormBody {
    /// Pairs per form body (413 beyond); a query string's pairs past it are ignored.
    static let maxPairs = 1_000

    static func decode(_ request: Request, context: AppRequestContext, limit: Int? = nil) async throws -> [String: String] {
        var fields: [String: String] = [:]
        for (key, value) in try await pairs(request, context: context, limit: limit) { fields[key] = value }
        return fields
    }

    /// Every `key=value` pair of a form body in order (checkbox lists send one key many times).
    static func pairs(_ request: Request, context: AppRequestContext, limit: Int? = nil) async throws -> [(key: String, value: String)] {
        let buffer = try await RequestBody.bytes(request, limit: limit ?? context.maxUploadSize)
        let scanned = scan(Array(buffer.readableBytesView))
        guard !scanned.truncated else {
            throw APIError(.contentTooLarge, code: "payload_too_large", "The form has more than \(maxPairs) fields.",
                           details: [("body", "has more than \(maxPairs) fields")])
        }
        return scanned.pairs
    }

    /// The pairs of `application/x-www-form-urlencoded` text: a form body, or a query string as a GET form sends it.
    static func pairs(in text: String) -> [(key: String, value: String)] {
        scan(Array(text.utf8)).pairs
    }

    /// The first ``maxPairs`` pairs, and whether there were more. A key that does not decode drops its pair; a
    /// value that does not decode is empty.
    private static func scan(_ bytes: [UInt8]) -> (pairs: [(key: String, value: String)], truncated: Bool) {
        var pairs: [(key: String, value: String)] = []
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
            let pair = bytes[start..<end]
            start = end + 1
            guard !pair.isEmpty else { continue }
            guard pairs.count < maxPairs else { return (pairs, true) }
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            guard let key = decoded(pair[..<(equals ?? pair.endIndex)]) else { continue }
            pairs.append((key, equals.map { decoded(pair[($0 + 1)...]) ?? "" } ?? ""))
        }
        return (pairs, false)
    }

    /// Percent-decoding on bytes (`+` is a space); nil for a malformed escape or bytes that are not UTF-8.
    static func decoded(_ bytes: ArraySlice<UInt8>) -> String? {
        Hex.percentDecoded(bytes, plusIsSpace: true).flatMap { String(validating: $0, as: UTF8.self) }
    }
}
