import ArgumentParser
import DevhubClient
import Foundation

/// `devhub insights [--all] [--json]`: the unacknowledged insights, newest first (with `--all`, acknowledged ones too).
struct InsightsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List insights, newest first.")

    @Flag(help: "Include acknowledged insights.") var all = false
    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await options.perform("insights") {
            let query = all ? [URLQueryItem(name: "all", value: "true")] : []
            let page = try await options.client().allPages(Insight.self, "insights", query: query)
            if options.json { return try options.printJSON(page.raw) }
            guard !page.items.isEmpty else { return options.write(all ? "no insights yet\n" : "nothing new from your network\n") }
            var table = Table(["DATE", "TITLE", "CONTACT", "ID"])
            for insight in page.items {
                table.append([
                    Table.Cell(String(insight.createdAt.prefix(10))),
                    Table.Cell(TerminalText.clean(insight.title) + (insight.acknowledged ? " ✓" : "")),
                    Table.Cell(insight.contactID), Table.Cell(insight.id),
                ])
            }
            options.write(table.render(options.style))
        }
    }
}

/// `devhub insights ack ID`: marks an insight acknowledged.
struct InsightsAckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge an insight (it leaves the list).")

    @Argument(help: "The insight's id (from `devhub insights`).") var id: String
    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await options.perform("insights ack \(id)") {
            let raw = try await options.client().data("POST", "insights/" + APIClient.segment(id) + "/acknowledge")
            let insight = try APIClient.decode(Insight.self, raw, path: "insights")
            if options.json { try options.printJSON(raw: raw) } else {
                options.write("acknowledged \(insight.id): \(TerminalText.clean(insight.title))\n")
            }
        }
    }
}
