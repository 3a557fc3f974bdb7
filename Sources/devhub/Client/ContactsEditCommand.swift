import ArgumentParser
import DevhubClient
import DevhubCore

/// `devhub contacts edit CONTACT --field value…`: one flag per field `PATCH /api/contacts/{id}` accepts; only the
/// fields given change, and an empty value (`--phone ""`) clears a field.
struct ContactsEditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Change some fields of a contact (an empty value clears one).")

    @Argument(help: "The contact's id, email or a unique prefix of their name.") var contact: String
    @Option(help: "Name (required, so it cannot be cleared).") var name: String?
    @Option(help: "Relationship, e.g. former colleague.") var relationship: String?
    @Option(help: "Company.") var company: String?
    @Option(help: "Industry.") var industry: String?
    @Option(help: "Location.") var location: String?
    @Option(help: "Birthday: YYYY-MM-DD, or --MM-DD without the year.") var birthday: String?
    @Option(help: "Email address.") var email: String?
    @Option(help: "Phone number.") var phone: String?
    @Option(help: "GitHub username (a profile URL or @name is accepted).") var github: String?
    @Option(help: "Website (http or https).") var website: String?
    @Option(name: .customLong("main-app"), help: "The app you mostly reach them on.") var mainApp: String?
    @Option(help: "Notes.") var notes: String?
    @Option(name: .customLong("cadence-days"), help: "Follow up every this many days (1-3650; empty: no cadence).") var cadenceDays: String?
    @Option(help: "Importance: low, normal or high.") var importance: String?
    @Option(name: .customLong("reminder-date"), help: "A one-off reminder, YYYY-MM-DD (empty: none).") var reminderDate: String?
    @Flag(inversion: .prefixedNo, help: "Mark as a VIP, or not.") var vip: Bool?
    @Option(help: "Replace the tags with these (repeat for several).") var tag: [String] = []
    @Flag(name: .customLong("clear-tags"), help: "Remove every tag.") var clearTags = false
    @Option(help: "Replace the links with these, each LABEL=URL (repeat for several).") var link: [String] = []
    @Flag(name: .customLong("clear-links"), help: "Remove every link.") var clearLinks = false
    @Option(help: "Background: family.") var family: String?
    @Option(name: .customLong("background-company"), help: "Background: about their company.") var backgroundCompany: String?
    @Option(help: "Background: what they like.") var likes: String?
    @Option(help: "Background: what they dislike.") var dislikes: String?
    @Option(name: .customLong("background-notes"), help: "Background: notes.") var backgroundNotes: String?
    @OptionGroup var options: ClientOptions

    /// The body to send, from the flags given; the background flags change only their own parts of `background`
    /// (the contact's current one).
    func patch(background: ContactBackground? = nil) throws -> ContactPatch {
        var patch = ContactPatch()
        if let name {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--name cannot be empty") }
            patch.set("name", .text(name))
        }
        for (key, value) in [
            ("relationship", relationship), ("company", company), ("industry", industry), ("location", location),
            ("birthday", birthday), ("email", email), ("phone", phone), ("github", github), ("website", website),
            ("main_app", mainApp), ("notes", notes), ("reminder_date", reminderDate),
        ] { patch.setText(key, value) }
        if let cadenceDays {
            if cadenceDays.isEmpty { patch.set("cadence_days", .clear) } else {
                guard let days = Int(cadenceDays), (1...3650).contains(days) else {
                    throw ValidationError("--cadence-days must be a number of days from 1 to 3650 (or empty to clear)")
                }
                patch.set("cadence_days", .number(days))
            }
        }
        if let importance {
            guard let level = ["low": 1, "normal": 2, "high": 3, "1": 1, "2": 2, "3": 3][importance.lowercased()] else {
                throw ValidationError("--importance must be low, normal or high")
            }
            patch.set("importance", .number(level))
        }
        if let vip { patch.set("vip", .flag(vip)) }
        if clearTags, !tag.isEmpty { throw ValidationError("--tag and --clear-tags exclude each other") }
        if clearTags { patch.set("tags", .list([])) } else if !tag.isEmpty { patch.set("tags", .list(tag)) }
        if clearLinks, !link.isEmpty { throw ValidationError("--link and --clear-links exclude each other") }
        if clearLinks { patch.set("links", .links([])) } else if !link.isEmpty { patch.set("links", .links(try link.map(Self.link))) }
        let parts = [family, backgroundCompany, likes, dislikes, backgroundNotes]
        if parts.contains(where: { $0 != nil }) {
            var merged = background ?? ContactBackground()
            func apply(_ value: String?, _ keyPath: WritableKeyPath<ContactBackground, String?>) {
                if let value { merged[keyPath: keyPath] = value.isEmpty ? nil : value }
            }
            apply(family, \.family)
            apply(backgroundCompany, \.company)
            apply(likes, \.likes)
            apply(dislikes, \.dislikes)
            apply(backgroundNotes, \.notes)
            patch.set("background", .background(merged))
        }
        return patch
    }

    /// `LABEL=URL` as a link (the label ends at the first `=`).
    static func link(_ text: String) throws -> ProfileLink {
        guard let equals = text.utf8.firstIndex(of: UInt8(ascii: "=")) else {
            throw ValidationError("--link '\(text)' must be LABEL=URL, e.g. Blog=https://example.com")
        }
        let label = String(decoding: text.utf8[..<equals], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        let url = String(decoding: text.utf8[text.utf8.index(after: equals)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard !label.isEmpty, !url.isEmpty else { throw ValidationError("--link '\(text)' must be LABEL=URL with both parts, e.g. Blog=https://example.com") }
        return ProfileLink(label: label, url: url)
    }

    func validate() throws {
        guard try !patch().isEmpty else { throw ValidationError("nothing to change: give at least one field, e.g. --email or --tag") }
    }

    func run() async throws {
        try await options.perform("contacts edit \(contact)") {
            let client = try options.client()
            let found = try await ContactResolver(client: client).resolve(contact)
            let body = try patch(background: found.background)
            let answer = try await client.send("PATCH", "contacts/" + APIClient.segment(found.id), body, as: Contact.self)
            if options.json { try options.printJSON(raw: answer.raw) } else {
                options.write("updated \(TerminalText.clean(answer.value.name)) (\(answer.value.id)): \(body.fields.map(\.key).joined(separator: ", "))\n")
            }
        }
    }
}
