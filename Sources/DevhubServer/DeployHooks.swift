import DevhubStore
import Foundation
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What runs after a build changed files: a command given the changed and deleted paths on standard
/// input (e.g. a script around `rclone`), and HTTP POSTs of those paths as JSON (a CDN purge, a webhook).
public struct DeployHooks: Sendable {
    /// `sh -c` command line, or nil.
    public var command: String?
    /// URLs to POST `{"written": [...], "deleted": [...]}` to.
    public var webhooks: [String]
    /// The output directory the command runs in.
    public var outputDirectory: String

    /// Hooks as configured.
    public init(command: String?, webhooks: [String], outputDirectory: String) {
        self.command = command
        self.webhooks = webhooks
        self.outputDirectory = outputDirectory
    }

    /// Whether anything is configured.
    public var isEmpty: Bool { command == nil && webhooks.isEmpty }

    /// Runs every hook for a build's changed `paths` (webhooks get them as `{"deleted": [...], "written": [...]}`);
    /// throws on the first failure so the job retries.
    func run(_ paths: DeployPaths, logger: Logger) async throws {
        let payload = JobPayload.runDeployHooks(paths).json
        if let command {
            let lines = paths.written.map { "written \($0)" } + paths.deleted.map { "deleted \($0)" }
            try await runCommand(command, input: lines.joined(separator: "\n") + "\n")
            logger.info("deploy command ran", metadata: ["paths": "\(lines.count)"])
        }
        for hook in webhooks {
            guard let url = URL(string: hook) else { throw HookError("invalid webhook URL") }
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(payload.utf8)
            request.timeoutInterval = 20
            let (_, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard (200..<300).contains(status) else { throw HookError("webhook \(url.host ?? "?") answered \(status)") }
            logger.info("deploy webhook called", metadata: ["host": "\(url.host ?? "?")", "status": "\(status)"])
        }
    }

    private func runCommand(_ command: String, input: String) async throws {
        let outcome = try await ChildProcess.run("/bin/sh", ["-c", command], input: input, in: outputDirectory)
        guard outcome.status == 0 else { throw HookError("deploy command exited with \(outcome.status)") }
    }
}

/// A deploy hook failure.
struct HookError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
