import DevhubCore
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/auth/*`: sign-up, log-in, log-out, resend-verification, forgot and reset password (JSON).
struct AuthAPIController {
    let services: AppServices
    var actions: AccountActions { AccountActions(services: services) }

    struct Credentials: Decodable { var email: String; var password: String }
    struct EmailOnly: Decodable { var email: String }
    struct Reset: Decodable { var token: String; var password: String }

    /// The answer to sign-up, resend and forgot: the same whether or not the address has an account.
    static let accepted = ["status": "accepted", "message": "If the address can receive it, an email is on its way."]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("signup") { request, context -> Response in
            let body = try await RequestBody.json(Credentials.self, request, context: context).value
            try await actions.signUp(email: body.email, password: body.password)
            return try JSONResponse.make(Self.accepted, status: .accepted)
        }
        group.post("login") { request, context -> Response in
            let body = try await RequestBody.json(Credentials.self, request, context: context).value
            let token = try await actions.logIn(email: body.email, password: body.password)
            var response = try JSONResponse.make(["status": "signed_in"])
            response.setCookie(services.sessionCookie(token.value))
            return response
        }
        group.post("logout") { _, context -> Response in
            if let token = context.sessionToken { try services.database.deleteSession(token: token) }
            var response = Response(status: .noContent)
            response.setCookie(services.expiredSessionCookie())
            return response
        }
        group.post("resend-verification") { request, context -> Response in
            let body = try await RequestBody.json(EmailOnly.self, request, context: context).value
            try await actions.resendVerification(email: body.email)
            return try JSONResponse.make(Self.accepted, status: .accepted)
        }
        group.post("forgot-password") { request, context -> Response in
            let body = try await RequestBody.json(EmailOnly.self, request, context: context).value
            try await actions.forgotPassword(email: body.email)
            return try JSONResponse.make(Self.accepted, status: .accepted)
        }
        group.post("reset-password") { request, context -> Response in
            let body = try await RequestBody.json(Reset.self, request, context: context).value
            try await actions.resetPassword(token: body.token, password: body.password)
            return try JSONResponse.make(["status": "password_changed"])
        }
    }
}

extension AppRequestContext {
    /// The signed-in account, or 401.
    func requireUser() throws -> String {
        guard let userID else { throw APIError.unauthorized }
        return userID
    }
}

extension Response {
    /// Adds a `Set-Cookie` header.
    mutating func setCookie(_ cookie: Cookie) {
        headers.append(HTTPField(name: .setCookie, value: cookie.description))
    }
}

/// JSON responses that are never cached.
enum JSONResponse {
    static func make(_ object: [String: String], status: HTTPResponse.Status = .ok) throws -> Response {
        try self.object(object, status: status)
    }

    /// Any JSON value built from dictionaries and arrays (`NSNull` for null), keys sorted (``SortedJSON`` writes the
    /// same bytes as `JSONSerialization`, faster; it hands over what it does not write).
    static func object(_ object: Any, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try SortedJSON.data(object) ?? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return response(data, status: status)
    }

    /// An object whose members are already in sorted order, written straight to bytes (the same bytes as ``object(_:status:)``).
    static func ordered(_ object: OrderedJSONObject, status: HTTPResponse.Status = .ok) -> Response {
        response(object.data, status: status)
    }

    static func encode<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return response(try encoder.encode(value), status: status)
    }

    private static func response(_ data: Data, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
