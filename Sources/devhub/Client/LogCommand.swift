import ArgumentParser
import DevhubClient

/// `devhub log CONTACT "notes" [--type pairing] [--date YYYY-MM-DD]`: logs an interaction, which resets the
/// contact's follow-up timer.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Log an interaction with a contact (by id, email or unique name prefix).")

    @Argument(help: "The contact's id, email or a unique prefix of their name.") var contact: String
    @Argument(help: "What happened.") var notes: String?
    @Option(help: "meeting, call, message, email, conference, code review, pairing, … or one of your own types.") var type = "other"
    @Option(help: "When, YYYY-MM-DD (default: today in your time zone).") var date: String?
    @Option(name: .customLong("follow-up"), help: "A one-off reminder to follow up, YYYY-MM-DD.") var followUp: String?
    @OptionGroup var options: ClientOptions

    func validate() throws {
        if let date { _ = try CalendarDay.validated(date, option: "--date") }
        if let followUp { _ = try CalendarDay.validated(followUp, option: "--follow-up") }
    }

    func run() async throws {
        try await options.perform("log \(contact)") {
            let client = try options.client()
            let found = try await ContactResolver(client: client).resolve(contact)
            let input = InteractionInput(type: type, date: date, notes: notes, followUpDate: followUp)
            let answer = try await client.send("POST", "contacts/\(APIClient.segment(found.id))/interactions", input, as: Interaction.self)
            if options.json { try options.printJSON(raw: answer.raw) } else {
                let logged = answer.value
                options.write("logged \(TerminalText.clean(logged.type)) with \(TerminalText.clean(logged.contactName)) on \(logged.date) (\(logged.id))\n")
            }
        }
    }
}
