import ArgumentParser
import DevhubClient

/// `devhub digest`: today's digest, most urgent first, as the daily email shows it.
struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "digest", abstract: "Today's digest: who needs attention and why.")

    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await options.perform("digest") {
            let answer = try await options.client().get(Digest.self, "digest")
            if options.json { return try options.printJSON(raw: answer.raw) }
            let digest = answer.value
            let style = options.style
            var text = style.paint("Digest for \(digest.date)", .bold) + "\n"
            if digest.priorities.isEmpty { text += "nobody needs attention today\n" }
            for priority in digest.priorities {
                let reasons = priority.reasons.map { TerminalText.clean($0.text) }.joined(separator: "; ")
                let urgent = priority.reasons.contains { $0.kind == "overdue" }
                text += "  " + style.paint(TerminalText.clean(priority.name), urgent ? .red : .bold) + "  \(reasons)  (\(priority.contactID))\n"
            }
            if !digest.insights.isEmpty {
                text += "\n" + digest.insights.map { "  • " + TerminalText.clean($0) }.joined(separator: "\n") + "\n"
            }
            options.write(text)
        }
    }
}
