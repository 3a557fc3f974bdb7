import DevhubStore
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /verify-email?token=…` (the double opt-in link) and `POST /hooks/rebuild` (a bearer-protected full build).
struct VerifyAndHooksController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("verify-email") { request, _ -> Response in
            let token = request.uri.queryParameters["token"].map(String.init) ?? ""
            var response: Response
            switch try services.database.verifyEmail(token: token) {
            case .success:
                // Verification ends every session of the account (one started before it may be someone else's), and
                // this browser is not signed in by the link either: the owner logs in with the password.
                response = try services.pages.message(
                    "Your email address is verified",
                    "Thank you. Log in to continue (any session started before this was signed out). Your profile goes public as soon as you make it public in the editor.",
                    link: ("/app/login", "Log in"))
            case .failure(.expired):
                response = try services.pages.message(
                    "This link has expired", "Verification links work for 24 hours. Ask for a new one.",
                    link: ("/app/resend", "Send a new link"), status: .gone)
            case .failure:
                response = try services.pages.message(
                    "This link is not valid", "It may have been used already, or a newer link replaced it.",
                    link: ("/app/resend", "Send a new link"), status: .badRequest)
            }
            // The token is in this page's URL: never send it to another site.
            response.headers[.referrerPolicy] = "no-referrer"
            return response
        }
        router.post("hooks/rebuild") { request, _ -> Response in
            guard let secret = services.settings.rebuildSecret else {
                throw APIError(.notFound, code: "not_found", "The rebuild hook is not configured.")
            }
            guard BearerToken.matches(request, secret) else {
                throw APIError(.unauthorized, code: "unauthorized", "A valid bearer secret is required.")
            }
            try services.database.enqueueJob(.regenerate(.all))
            return try JSONResponse.make(["status": "queued"], status: .accepted)
        }
    }
}
