import DevhubCore
import Foundation
import Hummingbird
import NIOCore

/// Request bodies of the `/api/` routes: size-capped, decoded with errors in the API's shape (every JSON body goes
/// through ``json(_:_:context:)``, never Hummingbird's `request.decode`, whose errors are not in that shape).
enum RequestBody {
    /// Uploads (vCard, CSV) are at most 5 MiB.
    static let uploadLimit = 5 * 1024 * 1024

    /// The raw body, refused with 413 beyond `limit` bytes.
    static func bytes(_ request: Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge(limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge(limit)
        }
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "payload_too_large", "The body is larger than \(limit / 1024) KiB.")
    }

    /// A JSON object decoded as `T`, with the keys it carried (a `PATCH` changes only those). Malformed JSON is 400;
    /// a value of the wrong type is 422 naming its field.
    static func json<T: Decodable>(_ type: T.Type, _ request: Request, context: AppRequestContext) async throws -> (value: T, keys: Set<String>) {
        let buffer = try await bytes(request, limit: context.maxUploadSize)
        let data = Data(buffer: buffer)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw APIError(.badRequest, code: "invalid_json", "The body must be a JSON object.", details: [("body", "must be a JSON object")])
        }
        do {
            return (try JSONDecoder().decode(T.self, from: data), Set(object.keys))
        } catch let error as DecodingError {
            throw invalid(error)
        }
    }

    /// 422 naming the field a `DecodingError` happened at (`links[1].url`).
    static func invalid(_ error: DecodingError) -> APIError {
        let path: [any CodingKey]
        let message: String
        switch error {
        case .typeMismatch(let type, let context):
            path = context.codingPath
            message = "must be \(describe(type))"
        case .valueNotFound(let type, let context):
            path = context.codingPath
            message = "must be \(describe(type)), not null"
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
            message = "is required"
        case .dataCorrupted(let context):
            path = context.codingPath
            message = context.debugDescription
        @unknown default:
            path = []
            message = "is invalid"
        }
        var field = ""
        for key in path {
            if let index = key.intValue { field += "[\(index)]" } else { field += (field.isEmpty ? "" : ".") + key.stringValue }
        }
        return APIError.invalid(CoreError(field: field.isEmpty ? "body" : field, message))
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default: "of the documented type"
        }
    }
}

/// `page`, `size` and `sort` query parameters, checked (422 naming the parameter).
enum ListParameters {
    /// `page` ≥ 1 (default 1) and `size` 1…100 (default 20).
    static func page(_ request: Request, defaultSize: Int = 20) throws -> (page: Int, size: Int) {
        func number(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
            // Absent: the default. Present but blank (`?size=`) is not a number: refused like any other non-number.
            guard let raw = FormBody.pairs(in: request.uri.query ?? "").last(where: { $0.key == name })?.value else { return value }
            let text = Text.trimmed(raw)
            guard let number = Int(text), range.contains(number) else {
                throw APIError.invalid(CoreError(field: name, "must be a whole number from \(range.lowerBound) to \(range.upperBound)"))
            }
            return number
        }
        return (try number("page", default: 1, range: 1...1_000_000), try number("size", default: defaultSize, range: 1...100))
    }

    /// A query parameter exactly as sent (`+` is a space), nil only when absent: for rules the API documents to the letter.
    static func raw(_ request: Request, _ name: String) -> String? {
        FormBody.pairs(in: request.uri.query ?? "").last { $0.key == name }?.value
    }

    /// A query parameter as a browser's GET form sends it (`+` is a space), nil when absent or blank.
    static func text(_ request: Request, _ name: String) -> String? {
        FieldText.blankToNil(FormBody.pairs(in: request.uri.query ?? "").last { $0.key == name }?.value)
    }
}
