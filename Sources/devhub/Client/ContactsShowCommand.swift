import ArgumentParser
import DevhubClient

/// `devhub contacts show ID|EMAIL|NAME`: one contact and its latest interactions.
struct ContactsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a contact by id, email or unique name prefix.")

    /// How many recent interactions the text output lists.
    static let recentInteractions = 5

    @Argument(help: "The contact's id, email or a unique prefix of their name.") var contact: String
    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await options.perform("contacts show \(contact)") {
            let client = try options.client()
            let found = try await ContactResolver(client: client).resolve(contact)
            let answer = try await client.get(Contact.self, "contacts/" + APIClient.segment(found.id))
            if options.json { return try options.printJSON(raw: answer.raw) }
            var text = ContactRows.details(answer.value)
            let interactions = try await client.get(
                Page<Interaction>.self, "contacts/\(APIClient.segment(found.id))/interactions",
                query: [.init(name: "size", value: String(Self.recentInteractions))]).value.data
            if !interactions.isEmpty {
                text += "\nlatest interactions:\n"
                for interaction in interactions {
                    let notes = interaction.notes.map { "  " + TerminalText.truncated(TerminalText.clean($0), to: 60) } ?? ""
                    text += "  \(interaction.date)  \(TerminalText.clean(interaction.type))\(notes)\n"
                }
            }
            options.write(text)
        }
    }
}
