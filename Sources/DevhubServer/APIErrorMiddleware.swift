import DevhubCore
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let allow = HTTPField.Name("Allow")!
}

/// The one error path of `/api/`: whatever a route or the router throws leaves as an ``APIError`` in the documented
/// shape. A path no route matches answers 404 `not_found`; a path routed for other methods answers 405
/// `method_not_allowed` with `Allow` (OPTIONS there: 204 with `Allow`); Hummingbird's own errors (a missing parameter, a body past its limit) keep their
/// status with a code named after it; a domain error is 422 (413 for a size limit) naming its field; anything else is
/// a 500 `internal_error` that says nothing about its cause (the request log has the status, the server log the error
/// type). Paths outside `/api/`, and the site's profile JSON under `/api/profiles/`, pass untouched.
struct APIErrorMiddleware: RouterMiddleware {
    let routes: APIRouteTable

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/") || path == "/api", !path.hasPrefix("/api/profiles/") else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = routes.allowedMethods(for: path)
            // OPTIONS on a routed path: which methods it has.
            if request.method == .options, !allowed.isEmpty {
                var headers = HTTPFields()
                headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
                headers[.cacheControl] = "no-store"
                return Response(status: .noContent, headers: headers)
            }
            throw unrouted(request, allowed: allowed)
        } catch let error as HTTPError {
            throw APIError(error.status, code: Self.code(for: error.status), error.body ?? error.status.reasonPhrase, headers: error.headers)
        } catch let error as CoreError {
            throw APIError.invalid(error)
        } catch let error as any HTTPResponseError {
            throw APIError(error.status, code: Self.code(for: error.status), error.status.reasonPhrase)
        } catch {
            context.logger.error("unexpected error", metadata: ["type": "\(type(of: error))"])
            throw APIError(.internalServerError, code: "internal_error", "Something went wrong on the server; try again later.")
        }
    }

    /// 405 with `Allow` when the path is routed for other methods (`allowed`), else 404.
    func unrouted(_ request: Request, allowed: [HTTPRequest.Method]) -> APIError {
        guard !allowed.isEmpty else { return APIError(.notFound, code: "not_found", "Not found.") }
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        var headers = HTTPFields()
        headers[.allow] = list
        return APIError(
            .methodNotAllowed, code: "method_not_allowed", "\(request.method.rawValue) is not allowed here; use \(list).",
            details: [("method", "must be one of \(list)")], headers: headers)
    }

    /// A snake_case code for a status Hummingbird itself answered with.
    static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .badRequest: "bad_request"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .contentTooLarge: "payload_too_large"
        case .unsupportedMediaType: "unsupported_media_type"
        case .unprocessableContent: "validation_failed"
        case .tooManyRequests: "rate_limited"
        default: status.code >= 500 ? "internal_error" : "http_\(status.code)"
        }
    }
}
