import DevhubCore
import DevhubSite
import DevhubStore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /connect/{token}`: a visitor's Quick Connect form (a plain form post from the static page, no session).
/// Answers HTML: thank you (200), the form with its errors (422), unknown code (404), closed code (410), too large
/// (413), too many (429). Limits per client address and per code keep spam out; the address is never stored.
struct ConnectFormController {
    let services: AppServices
    var database: AppDatabase { services.database }
    /// The thank-you pages already rendered, by owner.
    let thankYouPages = ThankYouPages()
    /// Records the posts, several to a transaction under load.
    let submissions: QuickConnectGroupCommit

    init(services: AppServices) {
        self.services = services
        submissions = QuickConnectGroupCommit(database: services.database)
    }

    /// A form with a 1,000-character note fits easily; anything bigger is not a person typing.
    static let bodyLimit = 8 * 1024
    static let window: TimeInterval = 600

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("connect/:token") { request, context -> Response in
            var response = try await submit(request, context: context)
            // The token is in this page's URL: never send it to another site; never cache an answer to a post.
            response.headers[.referrerPolicy] = "no-referrer"
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }

    private func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let settings = services.settings
        let address = services.clientAddress(request, context)
        if let wait = await services.limiter.hit("connect-address:\(address)", limit: settings.connectSubmissionsPerAddress, window: Self.window) {
            return try tooMany(wait)
        }
        guard QuickConnectToken.isWellFormed(token), let page = try database.quickConnectPage(token: token) else {
            return try notValid()
        }
        if let wait = await services.limiter.hit("connect-code:\(page.id)", limit: settings.connectSubmissionsPerCode, window: Self.window) {
            return try tooMany(wait)
        }
        let state = page.state(now: database.currentTime())
        guard state == .active else { return try closed(page, state: state) }

        let form: [String: String]
        do {
            form = try await FormBody.decode(request, context: context, limit: Self.bodyLimit)
        } catch let error as APIError where error.status == .contentTooLarge {
            return try services.pages.message(
                "That was too much text", "The form takes a short note; please shorten it and send it again.", status: .contentTooLarge)
        }
        // Bots fill every field; people never see this one. Answer as if it worked, keep nothing.
        if !(form[QuickConnectSubmission.honeypotField] ?? "").isEmpty { return try thanks(page) }

        switch QuickConnectSubmission.validate(form) {
        case .failure(let problems):
            return AppPages.html(try services.connectRenderer.form(page, values: form, errors: problems.errors), status: .unprocessableContent)
        case .success(let submission):
            let outcome = try await submissions.submit(QuickConnectPost(
                token: token, submission, privacyNotice: services.connectRenderer.privacyNoticeVersion, pacing: settings.connectPacing,
                events: WebhookEmitter.quickConnectSubmitted))
            switch outcome {
            case .unknown: return try notValid()
            case .closed(let state): return try closed(page, state: state)
            case .accepted:
                return try thanks(page)
            }
        }
    }

    private func thanks(_ page: QuickConnectPage) throws -> Response {
        AppPages.html(try thankYouPages.page(for: .init(name: page.ownerName, handle: page.ownerUsername?.handle)) { owner in
            let name = owner.name ?? "the owner of this code"
            let link = owner.handle.map { ("\(services.settings.baseURL)/\($0)/", "See \(name)'s profile") }
            return try services.pages.messageText(
                "Thank you", "Your details are on their way to \(name), and nowhere else. To have them deleted, ask \(name) "
                    + "or the operator of this site.", link: link)
        })
    }

    private func closed(_ page: QuickConnectPage, state: QuickConnectState) throws -> Response {
        AppPages.html(try services.connectRenderer.closed(page, state: state), status: .gone)
    }

    private func notValid() throws -> Response {
        try services.pages.message(
            "This Quick Connect link is not valid", "Check that the whole address was copied, or scan the QR code again.", status: .notFound)
    }

    private func tooMany(_ wait: Int) throws -> Response {
        var response = try services.pages.message(
            "Too many submissions", "Please wait a few minutes and send the form again.", status: .tooManyRequests)
        response.headers[.retryAfter] = String(wait)
        return response
    }
}
