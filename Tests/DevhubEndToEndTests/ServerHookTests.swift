import Foundation
import Testing

/// Rebuild hooks: the inbound `POST /hooks/rebuild` behind a bearer secret, and the outbound deploy command
/// that gets `written PATH` / `deleted PATH` lines on stdin after a build that changed files.
@Suite("Server: rebuild and deploy hooks", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerHookTests {
    /// A secret of 40 characters (the server wants at least 32).
    static let secret = "test-rebuild-secret-0123456789abcdefghij"

    @Test("POST /hooks/rebuild needs the bearer secret; deploy runs with the changed paths after a profile save")
    func rebuildAndDeploy() async throws {
        let site = try await ServerProcess.makeSite()
        let hookDir = try site.directory("hook")
        let deployLog = hookDir.appendingPathComponent("deploy.log")
        let arguments = ["--rebuild-secret", Self.secret, "--deploy-command", "cat >> '\(deployLog.path)'"]
        try await ServerProcess.run(arguments, site: site) { server in
            func readDeployLog() -> String { (try? String(contentsOf: deployLog, encoding: .utf8)) ?? "" }

            let none = await server.post("/hooks/rebuild", headers: [:])
            #expect(none.status == 401, "no Authorization: \(none)")
            let wrong = await server.post("/hooks/rebuild", headers: ["Authorization": "Bearer \(Self.secret.dropLast())x"])
            #expect(wrong.status == 401, "wrong secret: \(wrong)")
            let basic = await server.post("/hooks/rebuild", headers: ["Authorization": "Basic " + Self.secret])
            #expect(basic.status == 401, "not a bearer: \(basic)")

            let right = await server.post("/hooks/rebuild", headers: ["Authorization": "Bearer " + Self.secret])
            #expect(right.status == 202, "right secret: \(right)")
            try await server.waitUntilIdle()

            // A second rebuild of an unchanged site changes no file, so it runs no deploy.
            let before = readDeployLog()
            let again = await server.post("/hooks/rebuild", headers: ["Authorization": "Bearer " + Self.secret])
            #expect(again.status == 202, "second rebuild: \(again)")
            try await server.waitUntilIdle()
            #expect(readDeployLog() == before, "a build that changed nothing ran the deploy command:\n\(readDeployLog())")

            // Saving a profile regenerates it and hands the written paths to the deploy command.
            let session = try await server.verifiedSession("deployer@example.test")
            let saved = await server.saveProfile(ProfileJSON.make(username: "deploy-me", name: "Deploy Me"), session: session)
            try #require(saved.status == 200, "PUT /api/profile: \(saved)")
            let deployed = await server.eventually {
                readDeployLog().components(separatedBy: "\n").contains { $0.hasPrefix("written ") && $0.contains("@deploy-me/index.html") }
            }
            #expect(deployed, "the deploy command never got 'written …@deploy-me/index.html'; it got:\n\(readDeployLog())\nlog:\n\(server.logTail())")
            let lines = readDeployLog().components(separatedBy: "\n").filter { !$0.isEmpty }
            #expect(lines.allSatisfy { $0.hasPrefix("written ") || $0.hasPrefix("deleted ") }, "unexpected deploy input:\n\(lines)")
        }
    }

    @Test("a rebuild secret shorter than 32 characters is refused at start-up")
    func shortSecretIsRefused() async throws {
        let site = try await ServerProcess.makeSite()
        let port = try #require(HTTPClient.freePort(), "no free port")
        let mailDir = try site.directory("mail")
        let log = site.root.appendingPathComponent("short-secret.log")
        let process = try Devhub.start(
            ServerProcess.baseArguments(site: site, port: port, mailDir: mailDir) + ["--rebuild-secret", "too-short"], log: log)
        for _ in 0..<150 where process.isRunning {
            try await Task.sleep(for: .milliseconds(100))
        }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        if process.isRunning {
            await ServerProcess.forceStop(process)
            Issue.record("the server started with a 9-character rebuild secret; log:\n\(output)")
            return
        }
        #expect(process.terminationStatus != 0, "exit status 0 with a short secret; log:\n\(output)")
        #expect(output.lowercased().contains("secret"), "the reason does not mention the secret:\n\(output)")
    }
}
