import ArgumentParser

/// `devhub contacts list|add|show|edit`: the CRM's contacts.
struct ContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", abstract: "List, add, show and edit contacts.",
        subcommands: [ContactsListCommand.self, ContactsAddCommand.self, ContactsShowCommand.self, ContactsEditCommand.self],
        defaultSubcommand: ContactsListCommand.self)
}
