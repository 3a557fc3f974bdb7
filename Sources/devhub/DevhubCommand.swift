import ArgumentParser

/// `devhub`: the command-line entry point.
@main
struct DevhubCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devhub",
        abstract: "Developer profiles as a static site, and a small private CRM server beside it.",
        subcommands: [
            ImportCommand.self, BuildCommand.self, ServeCommand.self, UserCommand.self, BackupCommand.self, RestoreCommand.self,
            JobsCommand.self, PublishCommand.self, BenchRegenerateCommand.self, BenchWriteLimitCommand.self,
            LoginCommand.self, LogoutCommand.self, ContactsCommand.self, LogCommand.self, DueCommand.self, DigestCommand.self,
            QuickConnectCommand.self, ExportCommand.self, InsightsCommand.self,
        ]
    )
}
