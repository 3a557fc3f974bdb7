import DevhubSite
import Foundation
import Testing

/// `QRCode`: a square symbol with the three finder patterns, drawn as one SVG path with a quiet zone.
@Suite struct QRCodeTests {
    static let texts = [
        "https://devhub.example/@ada",
        "a",
        "https://devhub.example/@" + String(repeating: "x", count: 39),
        "https://ada.dev/ünïcödé/李",
        String(repeating: "https://example.com/", count: 20),
    ]

    /// True when the 7×7 block at (`row`, `column`) is a finder pattern: a dark ring,
    /// a light ring, and a dark 3×3 centre.
    static func isFinder(_ modules: [[Bool]], row: Int, column: Int) -> Bool {
        for y in 0..<7 {
            for x in 0..<7 {
                let ring = max(abs(y - 3), abs(x - 3))
                let dark = ring != 2
                if modules[row + y][column + x] != dark { return false }
            }
        }
        return true
    }

    @Test(arguments: texts)
    func isASquareOfOddSize(_ text: String) throws {
        let modules = try #require(QRCode.modules(for: text))
        #expect(modules.count >= 21)
        #expect(modules.count % 2 == 1)
        #expect((modules.count - 17) % 4 == 0, "a QR version has 17 + 4v modules")
        #expect(modules.allSatisfy { $0.count == modules.count })
    }

    @Test(arguments: texts)
    func hasThreeFinderPatterns(_ text: String) throws {
        let modules = try #require(QRCode.modules(for: text))
        let far = modules.count - 7
        #expect(Self.isFinder(modules, row: 0, column: 0))
        #expect(Self.isFinder(modules, row: 0, column: far))
        #expect(Self.isFinder(modules, row: far, column: 0))
        // Each finder is set off by a light separator.
        #expect((0..<8).allSatisfy { !modules[7][$0] && !modules[$0][7] })
        #expect((0..<8).allSatisfy { !modules[7][far - 1 + $0] && !modules[$0][far - 1] })
        #expect((0..<8).allSatisfy { !modules[far - 1][$0] && !modules[far - 1 + $0][7] })
    }

    @Test func longerTextNeedsABiggerSymbol() throws {
        let short = try #require(QRCode.modules(for: "a"))
        let long = try #require(QRCode.modules(for: String(repeating: "https://example.com/", count: 20)))
        #expect(short.count == 21)
        #expect(long.count > short.count)
    }

    @Test func sameTextSameSymbol() {
        #expect(QRCode.modules(for: "https://devhub.example/@ada") == QRCode.modules(for: "https://devhub.example/@ada"))
        #expect(QRCode.modules(for: "https://devhub.example/@ada") != QRCode.modules(for: "https://devhub.example/@bob"))
    }

    @Test func tooLongTextHasNoSymbol() {
        #expect(QRCode.modules(for: String(repeating: "x", count: 5_000)) == nil)
        #expect(QRCode.svg(for: String(repeating: "x", count: 5_000), title: "too long") == nil)
    }

    @Test(arguments: texts)
    func svgHasOnePathAndAQuietZone(_ text: String) throws {
        let modules = try #require(QRCode.modules(for: text))
        let svg = try #require(QRCode.svg(for: text, title: "QR code"))
        #expect(svg.components(separatedBy: "<path").count - 1 == 1)
        let size = modules.count + 2 * QRCode.quietZone
        #expect(QRCode.quietZone == 4)
        #expect(svg.contains("viewBox=\"0 0 \(size) \(size)\""))
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("</svg>"))
    }

    @Test func svgPathCoversTheDarkModules() throws {
        let text = "https://devhub.example/@ada"
        let modules = try #require(QRCode.modules(for: text))
        let svg = try #require(QRCode.svg(for: text, title: "t"))
        let d = try #require(svg.range(of: "d=\"[^\"]*\"", options: .regularExpression).map { String(svg[$0]) })
        // Each run is `M<x> <y>h<width>v1h-<width>z`; the widths add up to the dark modules.
        let widths = try NSRegularExpression(pattern: "M(\\d+) (\\d+)h(\\d+)v1")
            .matches(in: d, range: NSRange(d.startIndex..., in: d))
            .map { Int(d[Range($0.range(at: 3), in: d)!])! }
        #expect(widths.reduce(0, +) == modules.joined().filter { $0 }.count)
        // The top-left finder's first row is a 7-module run starting inside the quiet zone's edge.
        #expect(d.hasPrefix("d=\"M4 4h7v1h-7z"))
    }

    @Test func svgEscapesTheTitle() throws {
        let svg = try #require(QRCode.svg(for: "x", title: "Ada <\"&\">"))
        #expect(svg.contains("<title>Ada &lt;&quot;&amp;&quot;&gt;</title>"))
        #expect(svg.contains("aria-label=\"Ada &lt;&quot;&amp;&quot;&gt;\""))
    }
}
