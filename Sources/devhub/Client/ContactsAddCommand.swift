import ArgumentParser
import DevhubClient

/// `devhub contacts add NAME [--email …] [--tag …]`.
struct ContactsAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a contact.")

    @Argument(help: "The contact's name.") var name: String
    @Option(help: "Their email address.") var email: String?
    @Option(help: "Their company.") var company: String?
    @Option(help: "A tag (repeat for several).") var tag: [String] = []
    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await options.perform("contacts add") {
            var patch = ContactPatch()
            patch.set("name", .text(name))
            patch.setText("email", email)
            patch.setText("company", company)
            if !tag.isEmpty { patch.set("tags", .list(tag)) }
            let answer = try await options.client().send("POST", "contacts", patch, as: Contact.self)
            if options.json { try options.printJSON(raw: answer.raw) } else {
                options.write("added \(TerminalText.clean(answer.value.name)) (\(answer.value.id))\n")
            }
        }
    }
}
