import ArgumentParser
import DevhubClient

/// `devhub due`: the follow-ups due today or earlier (today in the owner's time zone, as the server's digest says),
/// overdue first.
struct DueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "due", abstract: "Today's follow-ups, overdue first.")

    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await options.perform("due") {
            let client = try options.client()
            let today = try await client.get(Digest.self, "digest").value.date
            let due = try await client.allPages(FollowUpItem.self, "follow-ups").items
                .filter { ($0.nextFollowUp ?? "9999-12-31") <= today }
                .sorted { ($0.nextFollowUp ?? "", $0.name) < ($1.nextFollowUp ?? "", $1.name) }
            if options.json { return try options.printJSON(due) }
            guard !due.isEmpty else { return options.write("nothing due today (\(today))\n") }
            var table = Table(["DUE", "NAME", "STATUS", "LAST", "ID"])
            for item in due {
                let status = item.nextFollowUp.map { $0 < today } == true ? "overdue" : "today"
                table.append([
                    Table.Cell(item.nextFollowUp ?? ""), Table.Cell(item.name + (item.vip ? " ★" : "")),
                    Table.Cell(status, tint: status == "overdue" ? .red : .yellow), Table.Cell(item.lastContacted ?? "—"), Table.Cell(item.contactID),
                ])
            }
            options.write(table.render(options.style))
        }
    }
}
