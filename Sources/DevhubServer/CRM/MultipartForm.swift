import Foundation
import Hummingbird
import NIOCore

/// `multipart/form-data` bodies (file uploads from the import page), read as UTF-8 text fields. Parsed on bytes in
/// linear time (the boundary is found with Knuth–Morris–Pratt), with caps on the boundary, the number of parts and
/// the size of each part's header block.
enum MultipartForm {
    /// RFC 2046's longest boundary.
    static let maxBoundaryBytes = 70
    /// Parts per form (the import forms have two or three).
    static let maxParts = 20
    /// Bytes of one part's header block.
    static let maxHeaderBytes = 8 * 1024

    /// The fields of the body by name (a file field's value is the file's text); 400 when it is not multipart,
    /// 413 beyond the caps.
    static func decode(_ request: Request, limit: Int) async throws -> [String: String] {
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
              let boundaryRange = type.range(of: "boundary=")
        else {
            throw APIError(.badRequest, code: "invalid_form", "Expected a file upload (multipart/form-data).")
        }
        let boundary = String(type[boundaryRange.upperBound...].split(separator: ";").first ?? "").trimmingCharacters(in: ["\""])
        guard (1...maxBoundaryBytes).contains(boundary.utf8.count) else {
            throw APIError(.badRequest, code: "invalid_form", "The multipart boundary must be 1 to \(maxBoundaryBytes) bytes.")
        }
        let buffer = try await RequestBody.bytes(request, limit: limit)
        return try parse(Array(buffer.readableBytesView), boundary: boundary)
    }

    /// The named fields of `body`; throws 413 for more than ``maxParts`` parts or a header block over ``maxHeaderBytes``.
    static func parse(_ body: [UInt8], boundary: String) throws -> [String: String] {
        let delimiter = Array(("--" + boundary).utf8)
        let starts = occurrences(of: delimiter, in: body)
        guard starts.count <= maxParts + 1 else {
            throw APIError(.contentTooLarge, code: "payload_too_large", "The form has more than \(maxParts) parts.",
                           details: [("body", "has more than \(maxParts) parts")])
        }
        var fields: [String: String] = [:]
        for (number, start) in starts.enumerated() {
            let partStart = start + delimiter.count
            let partEnd = number + 1 < starts.count ? starts[number + 1] : body.count
            guard partStart <= partEnd else { continue }
            let part = body[partStart..<partEnd]
            guard !part.starts(with: [0x2D, 0x2D]) else { break }  // "--": the closing delimiter
            let window = part.prefix(maxHeaderBytes + 4)
            guard let split = occurrences(of: [0x0D, 0x0A, 0x0D, 0x0A], in: Array(window)).first else {
                if window.count > maxHeaderBytes {
                    throw APIError(.contentTooLarge, code: "payload_too_large", "A form part's headers are larger than \(maxHeaderBytes / 1024) KiB.",
                                   details: [("body", "has a part whose headers are larger than \(maxHeaderBytes / 1024) KiB")])
                }
                continue
            }
            let head = part.prefix(split)
            var value = part.dropFirst(split + 4)
            if value.suffix(2).elementsEqual([0x0D, 0x0A]) { value = value.dropLast(2) }
            guard let name = fieldName(head) else { continue }
            fields[name] = String(decoding: value, as: UTF8.self)
        }
        return fields
    }

    /// The `name="…"` of a part's `Content-Disposition` header.
    private static func fieldName(_ head: ArraySlice<UInt8>) -> String? {
        for line in head.split(separator: 0x0A) {
            let text = String(decoding: line, as: UTF8.self)
            guard text.lowercased().hasPrefix("content-disposition:") else { continue }
            let bytes = Array(text.utf8)
            let marker = Array("name=\"".utf8)
            // `name="` not preceded by a letter (`filename="` is another parameter).
            for start in occurrences(of: marker, in: bytes) where start == 0 || !Self.isLetter(bytes[start - 1]) {
                let rest = bytes[(start + marker.count)...]
                return String(decoding: rest.prefix { $0 != UInt8(ascii: "\"") }, as: UTF8.self)
            }
        }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// The start of every non-overlapping occurrence of `pattern` in `text`, in O(text + pattern) (Knuth–Morris–Pratt).
    static func occurrences(of pattern: [UInt8], in text: [UInt8]) -> [Int] {
        guard !pattern.isEmpty, text.count >= pattern.count else { return [] }
        var failure = [Int](repeating: 0, count: pattern.count)
        var k = 0
        for i in 1..<pattern.count {
            while k > 0, pattern[i] != pattern[k] { k = failure[k - 1] }
            if pattern[i] == pattern[k] { k += 1 }
            failure[i] = k
        }
        var found: [Int] = []
        var matched = 0
        for (index, byte) in text.enumerated() {
            while matched > 0, byte != pattern[matched] { matched = failure[matched - 1] }
            if byte == pattern[matched] { matched += 1 }
            if matched == pattern.count {
                found.append(index - pattern.count + 1)
                matched = 0
            }
        }
        return found
    }
}
