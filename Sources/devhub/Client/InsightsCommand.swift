import ArgumentParser

/// `devhub insights [list] [--all]` and `devhub insights ack ID`: what the owner's network shipped on GitHub.
struct InsightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insights", abstract: "What your network shipped on GitHub (new repositories, releases, star milestones…).",
        subcommands: [InsightsListCommand.self, InsightsAckCommand.self], defaultSubcommand: InsightsListCommand.self)
}
