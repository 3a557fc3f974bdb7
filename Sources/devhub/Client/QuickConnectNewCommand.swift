import ArgumentParser
import DevhubClient
import DevhubSite

/// `devhub qc new --event NAME [--hours N]`: makes a code and prints its form URL and its QR code in half blocks.
struct QuickConnectNewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Make a code; prints the form URL and a scannable QR code.")

    @Option(help: "The event (contacts who submit are tagged event:NAME).") var event: String
    @Option(help: "How many hours the code stays open (1-720, default 24).") var hours: Int?
    @Option(help: "Where (e.g. the hall).") var location: String?
    @Option(help: "The session or talk.") var session: String?
    @OptionGroup var options: ClientOptions

    func validate() throws {
        if let hours, !(1...720).contains(hours) { throw ValidationError("--hours must be from 1 to 720") }
    }

    func run() async throws {
        try await options.perform("qc new") {
            let input = QuickConnectInput(event: event, location: location, session: session, expiresInHours: hours)
            let answer = try await options.client().send("POST", "quick-connect", input, as: QuickConnectCode.self)
            if options.json { return try options.printJSON(raw: answer.raw) }
            let code = answer.value
            guard let formURL = code.formURL, let modules = QRCode.modules(for: formURL) else {
                throw ClientError(.server, "the server answered no form URL for code \(code.id)")
            }
            options.write("""
                Quick Connect for \(TerminalText.clean(code.event)) (\(code.id)), open until \(code.expiresAt)
                \(formURL)

                \(TerminalQR.render(modules, style: options.style))
                """)
        }
    }
}
