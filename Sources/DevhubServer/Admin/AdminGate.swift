import DevhubCore
import DevhubStore
import HTTPTypes
import Hummingbird

/// Guards `/api/admin/…` and `/app/admin/…`: without a session 401 on the API and a redirect to log-in on the pages,
/// like every private route; a member gets 404, as if the routes did not exist. The role is read on every request, so
/// a demoted admin loses access at once, in the session they have.
struct AdminGate: RouterMiddleware {
    /// How the guarded routes answer.
    enum Answer: Sendable { case api, pages }

    let database: AppDatabase
    let answer: Answer
    let pages: AppPages

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        guard let userID = context.userID else {
            if answer == .pages { return seeOther("/app/login") }
            throw APIError.unauthorized
        }
        guard try database.role(userID: userID) == .admin else {
            if answer == .pages { return try pages.message("Not found", "There is no page at this address.", status: .notFound) }
            throw APIError.notFoundRoute
        }
        return try await next(request, context)
    }
}

extension APIError {
    /// 404 for a route a member may not know about.
    static let notFoundRoute = APIError(.notFound, code: "not_found", "Not found.")

    /// The answer to an admin action that was not done.
    static func refused(_ refusal: AdminRefusal, what: String) -> APIError {
        switch refusal {
        case .notFound: APIError(.notFound, code: "not_found", "No \(what) has that id or name.")
        case .unchanged: APIError(.conflict, code: "conflict", "The \(what) is already in that state.")
        case .ownAccount: APIError(.conflict, code: "own_account", "Admins cannot suspend or delete their own account.")
        }
    }
}

extension AppServices {
    /// The signed-in admin as the audit trail names them (the gate already checked the role).
    func adminActor(_ context: AppRequestContext) throws -> AdminActor {
        guard let userID = context.userID, let account = try database.account(id: userID) else { throw APIError.unauthorized }
        guard try database.role(userID: userID) == .admin else { throw APIError.notFoundRoute }
        return AdminActor(userID: userID, email: account.email)
    }
}
