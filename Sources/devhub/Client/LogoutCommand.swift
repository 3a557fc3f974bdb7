import ArgumentParser
import DevhubClient

/// `devhub logout`: removes `~/.devhub/config.json` (the key itself stays valid until revoked in /app/settings).
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout", abstract: "Remove the stored URL and API key (revoke the key in /app/settings).")

    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await options.perform("logout") {
            let file = options.configFile
            let removed = try file.remove()
            if options.json {
                try options.printJSON(LogoutResult(removed: removed, config: file.path))
            } else {
                options.write(removed ? "removed \(file.path)\n" : "not logged in (no \(file.path))\n")
            }
        }
    }
}

/// What `devhub logout --json` prints.
struct LogoutResult: Encodable {
    var removed: Bool
    var config: String
}
