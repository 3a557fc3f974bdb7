import DevhubCore
import Foundation
import HTTPTypes
import Hummingbird

/// An error answered in the API's documented shape:
/// `{"error": {"code": "...", "message": "...", "details": [{"field": "...", "message": "..."}]}}`.
public struct APIError: HTTPResponseError, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var details: [(field: String, message: String)]
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, details: [(field: String, message: String)] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    /// 422 naming the field a domain rule was broken on (413 when the rule is a size or count limit).
    public static func invalid(_ error: CoreError) -> APIError {
        if error.isTooLarge {
            return APIError(.contentTooLarge, code: "payload_too_large", "\(error.field) \(error.message)", details: [(error.field, error.message)])
        }
        return APIError(.unprocessableContent, code: "validation_failed", "\(error.field) \(error.message)", details: [(error.field, error.message)])
    }

    public static let unauthorized = APIError(.unauthorized, code: "unauthorized", "Sign in first.")
    public static let badCredentials = APIError(.unauthorized, code: "invalid_credentials", "Email or password is wrong.")

    /// 403 for what an unverified account may not do (publish, or mail someone else).
    public static let emailNotVerified = APIError(
        .forbidden, code: "email_not_verified",
        "Verify your email address first: open the link we sent you (or ask for a new one at /app/resend).")

    /// 429 with `Retry-After`.
    public static func tooManyRequests(retryAfter seconds: Int) -> APIError {
        var headers = HTTPFields()
        headers[.retryAfter] = String(seconds)
        return APIError(.tooManyRequests, code: "rate_limited", "Too many requests; try again in \(seconds) s.", headers: headers)
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body: [String: Any] = ["error": [
            "code": code, "message": message, "details": details.map { ["field": $0.field, "message": $0.message] },
        ]]
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
