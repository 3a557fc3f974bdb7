import ArgumentParser
import DevhubClient
import Foundation

/// `devhub contacts list [--tag T] [--tech X] [--due] [--search Q]`.
struct ContactsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List contacts, by name.")

    @Option(help: "Only contacts with this tag.") var tag: String?
    @Option(help: "Only contacts with this technology (a repository's language or topic, or a tech: tag).") var tech: String?
    @Flag(help: "Only contacts whose follow-up is overdue or due within three days.") var due = false
    @Option(help: "Full-text words (names, companies, notes), prefix match.") var search: String?
    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await options.perform("contacts list") {
            let client = try options.client()
            var query = [URLQueryItem(name: "sort", value: "name")]
            if let tag { query.append(URLQueryItem(name: "tag", value: tag)) }
            if let tech { query.append(URLQueryItem(name: "tech", value: tech)) }
            if let search { query.append(URLQueryItem(name: "q", value: search)) }
            var contacts: [Contact] = []
            var raw: [JSONValue] = []
            let statuses: [String?] = due ? ["overdue", "due_soon"] : [nil]
            for status in statuses {
                let page = try await client.allPages(Contact.self, "contacts", query: query + (status.map { [URLQueryItem(name: "status", value: $0)] } ?? []))
                contacts += page.items
                raw += page.raw
            }
            if options.json { try options.printJSON(raw) } else { options.write(ContactRows.table(contacts).render(options.style)) }
        }
    }
}
