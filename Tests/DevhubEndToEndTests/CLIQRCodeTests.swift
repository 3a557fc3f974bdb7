import Foundation
import Testing

/// `devhub qc new` draws the code's QR code with Unicode half blocks; drawn back into pixels, zbarimg reads the form URL.
@Suite("devhub qc new QR code", .enabled(if: CLI.serverHasAPIKeys, CLI.noKeysReason))
struct CLIQRCodeTests {
    /// Pixels per module in the image handed to zbarimg.
    static let scale = 6

    /// The half-block lines of `text` as rows of modules (`true` = dark): a block is a light module, a space a dark one.
    static func modules(_ text: String) -> [[Bool]] {
        let blocks: Set<Unicode.Scalar> = [" ", "▀", "▄", "█"]
        let lines = text.split(separator: "\n").map(String.init).filter { line in
            line.unicodeScalars.allSatisfy(blocks.contains) && line.unicodeScalars.contains { $0 != " " }
        }
        var rows: [[Bool]] = []
        for line in lines {
            var top: [Bool] = [], bottom: [Bool] = []
            for scalar in line.unicodeScalars {
                top.append(!(scalar == "█" || scalar == "▀"))
                bottom.append(!(scalar == "█" || scalar == "▄"))
            }
            rows += [top, bottom]
        }
        return rows
    }

    /// `modules` as a plain PBM (P1, 1 = black), each module `scale` pixels square.
    static func pbm(_ modules: [[Bool]]) -> String {
        let width = (modules.first?.count ?? 0) * scale
        var text = "P1\n\(width) \(modules.count * scale)\n"
        for row in modules {
            let line = row.flatMap { Array(repeating: $0 ? "1" : "0", count: scale) }.joined(separator: " ")
            for _ in 0..<scale { text += line + "\n" }
        }
        return text
    }

    @Test("qc new prints the form URL and a half-block QR code that zbarimg decodes to it, without ANSI escapes off a terminal",
          .enabled(if: Devhub.hasTool("zbarimg"), "needs zbarimg (zbar-tools): run `make test-deps`"))
    func halfBlockQRCodeDecodes() async throws {
        try await CLI.run { server, home, session, _ in
            let result = await home.run(["qc", "new", "--event", "QR Conf"], environment: ["NO_COLOR": "1"])
            try #require(result.status == 0, "\(result)")
            #expect(!CLI.hasEscape(result.stdout), "\(result)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            let formURL = try #require(lines.first { $0.hasPrefix(server.appURL) || $0.hasPrefix("http") }, "no URL: \(result)")
            let codes = try await server.quickConnectList(session: session).codes
            #expect(codes.compactMap { $0["form_url"] as? String } == [formURL])

            let modules = Self.modules(result.stdout)
            try #require(modules.count > 20 && modules.allSatisfy { $0.count == modules[0].count }, "no square of half blocks: \(result)")
            let image = home.home.appendingPathComponent("qr.pbm")
            try Data(Self.pbm(modules).utf8).write(to: image)
            let decoded = await Devhub.tool("zbarimg", ["--raw", "-q", image.path])
            #expect(decoded.status == 0, "zbarimg: \(decoded)")
            #expect(decoded.stdout.trimmingCharacters(in: .newlines) == formURL)
        }
    }
}
