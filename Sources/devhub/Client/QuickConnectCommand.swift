import ArgumentParser

/// `devhub qc new|list|revoke`: Quick Connect codes for events.
struct QuickConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qc", abstract: "Quick Connect codes: a form and QR code people at an event scan to leave their details.",
        subcommands: [QuickConnectNewCommand.self, QuickConnectListCommand.self, QuickConnectRevokeCommand.self])
}
