import Foundation
import Testing

/// The QR codes decode, with real tools, to the profile's canonical URL.
@Suite("QR codes")
struct QRCodeTests {
    static let toolsPresent = Devhub.hasTool("rsvg-convert") && Devhub.hasTool("zbarimg")

    @Test(
        "each qr.svg decodes to its profile's canonical URL",
        .enabled(if: toolsPresent, "needs rsvg-convert (librsvg2-bin) and zbarimg (zbar-tools): run `make test-deps`"))
    func decodes() async throws {
        let demo = try await DemoSite.build()
        var checked: [(svg: String, url: String)] = []
        for profile in demo.publicProfiles {
            checked.append(("@\(profile.username)/qr.svg", demo.canonical(profile)))
            if let domain = profile.customDomain { checked.append(("domains/\(domain)/qr.svg", demo.canonical(profile))) }
        }
        for (svg, url) in checked {
            let png = demo.site.root.appendingPathComponent(svg.replacingOccurrences(of: "/", with: "_") + ".png")
            let render = await Devhub.tool("rsvg-convert", ["-w", "400", "-o", png.path, demo.site.out.appendingPathComponent(svg).path])
            try #require(render.status == 0, "rsvg-convert \(svg): \(render)")
            let decode = await Devhub.tool("zbarimg", ["--raw", "-q", png.path])
            #expect(decode.status == 0, "zbarimg \(svg): \(decode)")
            #expect(decode.stdout.trimmingCharacters(in: .newlines) == url, "\(svg) decodes to '\(decode.stdout)', expected \(url)")
        }
    }
}
