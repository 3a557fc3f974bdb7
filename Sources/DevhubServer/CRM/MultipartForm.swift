import Foundation
import Hummingbird
import NIOCore

/// `multipart/form-data` bodies (file uploads from the import page), read as UTF-8 text fields.
enum MultipartForm {
    /// The fields of the body by name (a file field's value is the file's text); 400 when it is not multipart.
    static func decode(_ request: Request, limit: Int) async throws -> [String: String] {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
              let boundaryRange = type.range(of: "boundary=")
        else {
            throw APIError(.badRequest, code: "invalid_form", "Expected a file upload (multipart/form-data).")
        }
        let boundary = String(type[boundaryRange.upperBound...].split(separator: ";").first ?? "").trimmingCharacters(in: ["\""])
        let body = String(buffer: try await RequestBody.bytes(request, limit: limit))
        return parse(body, boundary: boundary)
    }

    static func parse(_ body: String, boundary: String) -> [String: String] {
        var fields: [String: String] = [:]
        for part in body.components(separatedBy: "--" + boundary).dropFirst() {
            guard !part.hasPrefix("--"), let split = part.range(of: "\r\n\r\n") else { continue }
            let head = part[..<split.lowerBound]
            var value = part[split.upperBound...]
            if value.hasSuffix("\r\n") { value = value.dropLast(2) }
            guard let disposition = head.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition:") }),
                  let nameRange = disposition.range(of: "name=\"")
            else { continue }
            let name = disposition[nameRange.upperBound...].prefix { $0 != "\"" }
            fields[String(name)] = String(value)
        }
        return fields
    }
}
