import DevhubCore
import DevhubSite
import DevhubStore
import Foundation

/// What the Quick Connect API and pages share: creating a code (and its page, before answering), deriving a code's
/// token, and the JSON of a code.
struct QuickConnectActions {
    let services: AppServices
    var database: AppDatabase { services.database }

    static let notFound = APIError(.notFound, code: "not_found", "No such Quick Connect code.")

    /// Creates a code and renders its form and QR code into the output before returning.
    /// 403 for an unverified account: the form is a public page on the site's origin.
    func create(_ fields: QuickConnectFields, userID: String) async throws -> (code: StoredQuickConnectCode, token: String) {
        try AccountActions(services: services).requireVerified(userID: userID)
        let settings = try CRMActions(services: services).validate { () throws(CoreError) in try fields.validated() }
        let created = try database.createQuickConnectCode(settings, userID: userID, key: services.secretKey)
        try await services.regenerator.renderConnectPages(.codes([created.code.id]))
        return created
    }

    /// The owner's code `id`, or 404.
    func code(id: String, userID: String) throws -> StoredQuickConnectCode {
        guard let code = try database.quickConnectCode(id: id, userID: userID) else { throw Self.notFound }
        return code
    }

    /// Changes the owner's code (new expiry from now, new limit), or 404; 409 for a revoked code; 403 for an unverified
    /// account (it keeps a public page open).
    func change(id: String, userID: String, expiresInHours: Int?, maxSubmissions: Int??) throws -> StoredQuickConnectCode {
        try AccountActions(services: services).requireVerified(userID: userID)
        try CRMActions(services: services).validate { () throws(CoreError) in
            if let hours = expiresInHours { _ = try QuickConnectLimits.checkedHours(hours) }
            if let limit = maxSubmissions ?? nil { _ = try QuickConnectLimits.checkedSubmissions(limit) }
        }
        do {
            guard let code = try database.changeQuickConnectCode(id: id, userID: userID, expiresInHours: expiresInHours, maxSubmissions: maxSubmissions)
            else { throw Self.notFound }
            return code
        } catch is CoreError {
            throw APIError(.conflict, code: "code_revoked", "This code was revoked; create a new one.")
        }
    }

    /// A code as the API shows it; `token` only in the answer to its creation; with `urls`, the URLs of its page when
    /// the server's key derives its token (not for a code made before tokens were derived).
    func json(_ code: StoredQuickConnectCode, token: String? = nil, urls: Bool = true) -> [String: Any] {
        let renderer = services.connectRenderer
        let pageToken = urls ? token ?? services.secretKey.quickConnectToken(of: code) : nil
        var object: [String: Any] = [
            "id": code.id, "event": code.event, "location": CRMJSON.nullable(code.location), "session": CRMJSON.nullable(code.session),
            "max_submissions": CRMJSON.nullable(code.maxSubmissions), "use_count": code.useCount, "status": code.state.rawValue,
            "created_at": Timestamp.iso8601(code.createdAt), "expires_at": Timestamp.iso8601(code.expiresAt),
            "form_url": CRMJSON.nullable(pageToken.map(renderer.formURL(token:))),
            "qr_url": CRMJSON.nullable(pageToken.map(renderer.qrURL(token:))),
        ]
        if let token { object["token"] = token }
        return object
    }
}
