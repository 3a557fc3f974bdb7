import ArgumentParser
import DevhubClient

/// `devhub qc list`: the owner's codes, newest first.
struct QuickConnectListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List your Quick Connect codes, newest first.")

    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await options.perform("qc list") {
            let client = try options.client()
            let raw = try await client.data("GET", "quick-connect")
            let codes = try APIClient.decode(Page<QuickConnectCode>.self, raw, path: "quick-connect").data
            if options.json { return try options.printJSON(try APIClient.decode(Page<JSONValue>.self, raw, path: "quick-connect").data) }
            var table = Table(["ID", "EVENT", "STATUS", "USED", "EXPIRES", "FORM"])
            for code in codes {
                let used = code.maxSubmissions.map { "\(code.useCount)/\($0)" } ?? String(code.useCount)
                table.append([
                    Table.Cell(code.id), Table.Cell(code.event), Table.Cell(code.status, tint: code.status == "active" ? .green : .dim),
                    Table.Cell(used), Table.Cell(code.expiresAt), Table.Cell(code.formURL ?? "—"),
                ])
            }
            options.write(table.render(options.style))
        }
    }
}
