import CQRencode
import Foundation

/// QR codes as compact SVG (one path) through libqrencode, error correction level M.
public enum QRCode {
    /// Modules of blank border around the symbol, as the standard asks.
    public static let quietZone = 4

    /// The modules of `text`'s symbol, row by row (`true` is dark); nil when the text is too long to encode.
    public static func modules(for text: String) -> [[Bool]]? {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let data = code.pointee.data!
        return (0..<width).map { y in (0..<width).map { x in data[y * width + x] & 1 == 1 } }
    }

    /// An SVG of `text`'s QR code: one path of horizontal runs, scalable, `title` for screen readers.
    public static func svg(for text: String, title: String) -> String? {
        svgBytes(for: text, title: title).map { String(decoding: $0, as: UTF8.self) }
    }

    /// ``svg(for:title:)`` as UTF-8 bytes, written straight from libqrencode's modules.
    public static func svgBytes(for text: String, title: String) -> [UInt8]? {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        let data = code.pointee.data!
        let size = width + 2 * quietZone
        var out = [UInt8]()
        out.reserveCapacity(width * width * 4 + 512)
        out.append(contentsOf: #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 "#.utf8)
        appendDecimal(size, to: &out); out.append(UInt8(ascii: " ")); appendDecimal(size, to: &out)
        out.append(contentsOf: #"" width=""#.utf8); appendDecimal(size * 8, to: &out)
        out.append(contentsOf: #"" height=""#.utf8); appendDecimal(size * 8, to: &out)
        out.append(contentsOf: #"" shape-rendering="crispEdges" role="img" aria-label=""#.utf8)
        XML.appendEscaped(title, to: &out)
        out.append(contentsOf: #""><title>"#.utf8)
        XML.appendEscaped(title, to: &out)
        out.append(contentsOf: #"</title><rect width=""#.utf8); appendDecimal(size, to: &out)
        out.append(contentsOf: #"" height=""#.utf8); appendDecimal(size, to: &out)
        out.append(contentsOf: ##"" fill="#fff"/><path fill="#000" d=""##.utf8)
        for y in 0..<width {
            let row = y * width
            var x = 0
            while x < width {
                guard data[row + x] & 1 == 1 else { x += 1; continue }
                let start = x
                while x < width, data[row + x] & 1 == 1 { x += 1 }
                // M{x} {y}h{run}v1h-{run}z
                out.append(UInt8(ascii: "M")); appendDecimal(start + quietZone, to: &out)
                out.append(UInt8(ascii: " ")); appendDecimal(y + quietZone, to: &out)
                out.append(UInt8(ascii: "h")); appendDecimal(x - start, to: &out)
                out.append(contentsOf: "v1h-".utf8); appendDecimal(x - start, to: &out)
                out.append(UInt8(ascii: "z"))
            }
        }
        out.append(contentsOf: "\"/></svg>\n".utf8)
        return out
    }

    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        // Symbols are at most 177 + 8 modules wide, so values have at most four digits.
        if value >= 1000 { bytes.append(UInt8(ascii: "0") + UInt8(value / 1000 % 10)) }
        if value >= 100 { bytes.append(UInt8(ascii: "0") + UInt8(value / 100 % 10)) }
        if value >= 10 { bytes.append(UInt8(ascii: "0") + UInt8(value / 10 % 10)) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
