import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` at random points of a large build never leaves a partial file, and the next build converges
/// to exactly what a clean build produces.
@Suite("Crash safety")
struct CrashSafetyTests {
    static let profileCount = 1_500

    @Test func buildsKilledAtRandomPointsLeaveWholeFilesAndTheNextBuildConverges() async throws {
        let site = try TempSite(demoProfiles: false)
        for index in 0..<Self.profileCount { try site.writeProfile("p\(index).md", Self.profile(index, headline: "Engineer")) }
        let imported = await site.importProfiles()
        try #require(imported.status == 0, "\(imported)")

        var killedMidway = 0
        for round in 0..<5 {
            if round == 2 {
                // Later rounds kill builds that overwrite existing files, not only create new ones.
                for index in stride(from: 0, to: Self.profileCount, by: 3) {
                    try site.writeProfile("p\(index).md", Self.profile(index, headline: "Engineer, round \(round)"))
                }
                let reimported = await site.importProfiles()
                try #require(reimported.status == 0, "\(reimported)")
            }
            let process = try Devhub.start(buildArguments(site, output: site.out), log: site.root.appendingPathComponent("build-\(round).log"))
            try await Task.sleep(for: .milliseconds(Int.random(in: 50...1_500)))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killedMidway += 1
            }
            process.waitUntilExit()
            let incomplete = OutputTree.incompleteFiles(in: site)
            #expect(incomplete.isEmpty, "round \(round): partial files \(incomplete.prefix(10))")
        }
        #expect(killedMidway > 0, "no build was still running when killed; the test proved nothing")

        let finish = await site.build()
        try #require(finish.status == 0, "\(finish)")
        let clean = site.root.appendingPathComponent("clean")
        let cleanBuild = await site.build(into: clean)
        try #require(cleanBuild.status == 0, "\(cleanBuild)")
        OutputTree.expectEqual(site, site.out, clean)

        let again = await site.build()
        #expect(again.stdout.contains(" 0 written"), "a build after convergence still wrote files: \(again.stdout)")
    }

    private func buildArguments(_ site: TempSite, output: URL) -> [String] {
        [
            "build", "--db", site.db.path, "--out", output.path, "--base-url", TempSite.baseURL,
            "--content", site.content.path, "--templates", site.templates.path,
        ]
    }

    /// A profile file with a realistic bio; every 20th has a custom domain.
    static func profile(_ index: Int, headline: String) -> String {
        let bio = (0..<6).map { "Paragraph \($0) of person \(index): builds **fast** servers with `swift build` and [tools](https://example.com/\(index))." }
            .joined(separator: "\n\n")
        var extra = ["location: City \(index % 17)", "links:", "  - { label: GitHub, url: \"https://github.example/u\(index)\" }", "skills: [Swift, SQL]"]
        if index % 20 == 0 { extra.append("custom_domain: u\(index).example.org") }
        return profileFile(username: "u\(index)", name: "Person \(index)", headline: headline, extra: extra, bio: "## About\n\n" + bio)
    }
}
