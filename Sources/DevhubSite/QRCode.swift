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
        guard let modules = modules(for: text) else { return nil }
        let size = modules.count + 2 * quietZone
        var path = [UInt8]()
        path.reserveCapacity(modules.count * modules.count * 2)
        for (y, row) in modules.enumerated() {
            var x = 0
            while x < row.count {
                guard row[x] else { x += 1; continue }
                let start = x
                while x < row.count, row[x] { x += 1 }
                // M{x} {y}h{run}v1h-{run}z
                path.append(UInt8(ascii: "M")); appendDecimal(start + quietZone, to: &path)
                path.append(UInt8(ascii: " ")); appendDecimal(y + quietZone, to: &path)
                path.append(UInt8(ascii: "h")); appendDecimal(x - start, to: &path)
                path.append(contentsOf: "v1h-".utf8); appendDecimal(x - start, to: &path)
                path.append(UInt8(ascii: "z"))
            }
        }
        let label = XML.escape(title)
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" width="\(size * 8)" height="\(size * 8)" \
            shape-rendering="crispEdges" role="img" aria-label="\(label)"><title>\(label)</title>\
            <rect width="\(size)" height="\(size)" fill="#fff"/><path fill="#000" d="\(String(decoding: path, as: UTF8.self))"/></svg>

            """
    }

    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        if value >= 10 { appendDecimal(value / 10, to: &bytes) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
