import Crypto
import DevhubCore
import Foundation

/// Renders a Quick Connect code's public files — `connect/TOKEN/index.html` (the form while the code is active, the
/// closed page after) and `connect/TOKEN/qr.svg` — and, for the server, the form again with a visitor's values and errors.
public struct ConnectPageRenderer: Sendable {
    let context: RenderContext
    /// The privacy page's body (`content/pages/privacy.md`), shown with the consent box.
    let privacyHTML: String?
    /// The version of that notice a visitor consents to: lower-case hex SHA-256 of its Markdown text (nil without one).
    /// The server stores it with the contact.
    public let privacyNoticeVersion: String?

    /// The folder every code's page lives under.
    public static let folder = "connect"

    /// A renderer for `context`, taking the privacy notice from `pages`.
    public init(context: RenderContext, pages: [StaticPage]) {
        self.context = context
        let privacy = pages.first { $0.slug == "privacy" }
        privacyHTML = privacy.map { context.markdown.render($0.markdown, headingOffset: 1).html }
        privacyNoticeVersion = privacy.map { Hex.encode(SHA256.hash(data: Data($0.markdown.utf8))) }
    }

    /// The token of an output path `connect/TOKEN/…`, nil for any other path.
    public static func token(inPath path: String) -> String? {
        let parts = path.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == folder, QuickConnectToken.isWellFormed(parts[1]) else { return nil }
        return String(parts[1])
    }

    /// Where visitors open the form: `BASE/connect/TOKEN/`.
    public func formURL(token: String) -> String { "\(context.settings.baseURL)/\(Self.folder)/\(token)/" }

    /// The QR code of the form URL: `BASE/connect/TOKEN/qr.svg`.
    public func qrURL(token: String) -> String { formURL(token: token) + "qr.svg" }

    /// Where the form posts: `APP/connect/TOKEN` on the companion server.
    public func actionURL(token: String) -> String { "\(context.settings.appURL)/\(Self.folder)/\(token)" }

    /// The code's files as of `now` (milliseconds), sorted by path.
    public func files(_ page: QuickConnectPage, now: Int64) throws(SiteError) -> [OutputFile] {
        let state = page.state(now: now)
        let html = state == .active ? try form(page) : try closed(page, state: state)
        guard let qr = QRCode.svg(for: formURL(token: page.token), title: "QR code: connect with \(ownerName(page)) at \(page.event)") else {
            throw SiteError("rendering \(Self.folder)/…/qr.svg", reason: "the form URL is too long for a QR code")
        }
        let directory = "\(Self.folder)/\(page.token)"
        return [OutputFile("\(directory)/index.html", html), OutputFile("\(directory)/qr.svg", qr)]
    }

    /// The form, with the values a visitor sent and the problems found in them (the server's 422 answer).
    public func form(_ page: QuickConnectPage, values: [String: String] = [:], errors: [CoreError] = []) throws(SiteError) -> String {
        var data = common(page, state: .active)
        data["action"] = actionURL(token: page.token)
        data["github_api"] = "\(context.settings.appURL)/api/github/"
        if let script = context.templates.assetURL("connect.js") { data["script"] = script }
        if let privacyHTML { data["privacy_html"] = privacyHTML }
        data["uses"] = page.useCount
        data["uses_text"] = usesText(page)
        for key in ["name", "email", "github", "note"] {
            if let value = values[key], !value.isEmpty { data["value_\(key)"] = value }
        }
        if values["consent"]?.isEmpty == false { data["consent_checked"] = true }
        if !errors.isEmpty {
            data["has_errors"] = true
            data["errors"] = errors.map { ["field": $0.field, "message": $0.message] }
            for error in errors { data["error_\(error.field)"] = error.message }
        }
        return try context.page("connect", layout: layout(page, title: "Connect with \(ownerName(page))"), data)
    }

    /// The page of a code that no longer takes submissions, saying why.
    public func closed(_ page: QuickConnectPage, state: QuickConnectState) throws(SiteError) -> String {
        var data = common(page, state: state)
        switch state {
        case .revoked: data["reason"] = "Its owner closed it."
        case .usedUp: data["reason"] = "It has reached its limit of \(page.maxSubmissions ?? page.useCount) people."
        case .expired, .active: data["reason"] = "It expired on \(Timestamp.readableDate(page.expiresAt))."
        }
        return try context.page("connect", layout: layout(page, title: "Quick Connect code no longer active"), data)
    }

    private func common(_ page: QuickConnectPage, state: QuickConnectState) -> [String: Any] {
        var data: [String: Any] = ["state": state.rawValue, "owner_name": ownerName(page), "event": page.event]
        if state == .active { data["active"] = true }
        if let location = page.location { data["location"] = location }
        if let session = page.session { data["session"] = session }
        if let username = page.ownerUsername { data["owner_url"] = "\(context.settings.baseURL)/\(username.handle)/" }
        data["expires"] = Timestamp.readableDateTime(page.expiresAt)
        return data
    }

    private func layout(_ page: QuickConnectPage, title: String) -> [String: Any] {
        let description = "Leave your contact details for \(ownerName(page)) at \(page.event)."
        return context.layout(title: "\(title) · \(context.settings.title)", description: description, canonical: nil)
    }

    private func ownerName(_ page: QuickConnectPage) -> String { page.ownerName ?? "a Devhub member" }

    private func usesText(_ page: QuickConnectPage) -> String {
        if let limit = page.maxSubmissions { return "\(page.useCount) of \(limit) places taken" }
        return page.useCount == 1 ? "1 person has connected" : "\(page.useCount) people have connected"
    }
}
