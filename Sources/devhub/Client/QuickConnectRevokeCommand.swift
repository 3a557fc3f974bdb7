import ArgumentParser
import DevhubClient

/// `devhub qc revoke ID`: closes a code's form at once.
struct QuickConnectRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a code: its form closes.")

    @Argument(help: "The code's id (from `devhub qc list`).") var id: String
    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await options.perform("qc revoke \(id)") {
            let raw = try await options.client().data("DELETE", "quick-connect/" + APIClient.segment(id))
            let code = try APIClient.decode(QuickConnectCode.self, raw, path: "quick-connect")
            if options.json { try options.printJSON(raw: raw) } else {
                options.write("revoked \(code.id) (\(TerminalText.clean(code.event))): \(code.status)\n")
            }
        }
    }
}
