import DevhubClient

/// How contacts and follow-ups look in a table.
enum ContactRows {
    /// `ID  NAME  EMAIL  TAGS  STATUS  NEXT` for `contacts`.
    static func table(_ contacts: [Contact]) -> Table {
        var table = Table(["ID", "NAME", "EMAIL", "TAGS", "STATUS", "NEXT"])
        for contact in contacts {
            table.append([
                Table.Cell(contact.id), Table.Cell(contact.name), Table.Cell(contact.email ?? ""),
                Table.Cell(contact.tags.joined(separator: ",")),
                Table.Cell(contact.status, tint: TerminalStyle.tint(forStatus: contact.status)), Table.Cell(contact.nextFollowUp ?? ""),
            ])
        }
        return table
    }

    /// `label: value` lines for one contact's set fields.
    static func details(_ contact: Contact) -> String {
        let importance = [1: "low", 2: "normal", 3: "high"][contact.importance] ?? String(contact.importance)
        let fields: [(String, String?)] = [
            ("id", contact.id), ("name", contact.name), ("email", contact.email), ("phone", contact.phone),
            ("company", contact.company), ("relationship", contact.relationship), ("industry", contact.industry),
            ("location", contact.location), ("birthday", contact.birthday), ("github", contact.github),
            ("website", contact.website), ("main app", contact.mainApp), ("tags", contact.tags.isEmpty ? nil : contact.tags.joined(separator: ", ")),
            ("vip", contact.vip ? "yes" : nil), ("importance", importance),
            ("cadence", contact.cadenceDays.map { "every \($0) days" }), ("reminder", contact.reminderDate),
            ("last contacted", contact.lastContacted), ("next follow-up", contact.nextFollowUp), ("status", contact.status),
            ("source", contact.source), ("notes", contact.notes),
        ]
        let shown = fields.compactMap { label, value in value.map { (label, TerminalText.clean($0)) } }
        let width = shown.map { $0.0.count }.max() ?? 0
        return shown.map { "\($0.0):" + String(repeating: " ", count: width - $0.0.count + 1) + $0.1 }.joined(separator: "\n") + "\n"
    }
}
