import Foundation

/// vCard 4.0 text for the owner's contacts (the export): what ``VCardReader`` reads back into the same fields.
public enum ContactVCard {
    /// One card for `contact`, identified by `id`.
    public static func make(_ contact: Contact, id: String) -> String {
        var lines = ["BEGIN:VCARD", "VERSION:4.0", "FN:" + VCardText.escape(contact.name)]
        lines.append("N:" + VCardText.escape(contact.name) + ";;;;")
        if let company = contact.company { lines.append("ORG:" + VCardText.escape(company)) }
        if let relationship = contact.relationship { lines.append("TITLE:" + VCardText.escape(relationship)) }
        if let email = contact.email { lines.append("EMAIL:" + VCardText.escape(email)) }
        if let phone = contact.phone { lines.append("TEL:" + VCardText.escape(phone)) }
        if let birthday = contact.birthday {
            let text = birthday.description
            lines.append("BDAY:" + (birthday.year == nil ? "--" + text.dropFirst(2).replacingOccurrences(of: "-", with: "") : text.replacingOccurrences(of: "-", with: "")))
        }
        if let location = contact.location { lines.append("ADR:;;;" + VCardText.escape(location) + ";;;") }
        if let website = contact.website { lines.append("URL;TYPE=home:" + VCardText.escape(website)) }
        if let github = contact.github { lines.append("X-SOCIALPROFILE;TYPE=github:https://github.com/" + VCardText.escape(github)) }
        for (index, link) in contact.links.enumerated() {
            lines.append("item\(index + 1).URL:" + VCardText.escape(link.url))
            lines.append("item\(index + 1).X-ABLabel:" + VCardText.escape(link.label))
        }
        if let notes = contact.notes { lines.append("NOTE:" + VCardText.escape(notes)) }
        if !contact.tags.isEmpty { lines.append("CATEGORIES:" + contact.tags.map(VCardText.escape).joined(separator: ",")) }
        for (name, value) in devhubProperties(contact) { lines.append(name + ":" + VCardText.escape(value)) }
        lines.append("UID:urn:devhub:contact:" + id)
        lines.append("END:VCARD")
        return lines.map(VCardText.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// The CRM's own fields as `X-DEVHUB-*` properties (address books keep unknown X- properties; our importer
    /// reads them back, so an export round-trips).
    static func devhubProperties(_ contact: Contact) -> [(String, String)] {
        let background = contact.background
        let values: [(String, String?)] = [
            ("X-DEVHUB-INDUSTRY", contact.industry), ("X-DEVHUB-MAIN-APP", contact.mainApp),
            ("X-DEVHUB-VIP", contact.vip ? "true" : nil), ("X-DEVHUB-CADENCE-DAYS", contact.cadenceDays.map(String.init)),
            ("X-DEVHUB-IMPORTANCE", contact.importance == .normal ? nil : String(contact.importance.rawValue)),
            ("X-DEVHUB-REMINDER", contact.reminder?.iso), ("X-DEVHUB-FAMILY", background.family),
            ("X-DEVHUB-BACKGROUND-COMPANY", background.company), ("X-DEVHUB-LIKES", background.likes),
            ("X-DEVHUB-DISLIKES", background.dislikes), ("X-DEVHUB-BACKGROUND-NOTES", background.notes),
        ]
        return values.compactMap { name, value in value.map { (name, $0) } }
    }

    /// Reads one `X-DEVHUB-*` property written by ``devhubProperties(_:)``.
    static func read(_ name: String, value: String, into fields: inout ContactFields) {
        var background = fields.background ?? ContactBackground()
        switch name {
        case "X-DEVHUB-INDUSTRY": fields.industry = value
        case "X-DEVHUB-MAIN-APP": fields.mainApp = value
        case "X-DEVHUB-VIP": fields.vip = value.lowercased() == "true"
        case "X-DEVHUB-CADENCE-DAYS": fields.cadenceDays = Int(value)
        case "X-DEVHUB-IMPORTANCE": fields.importance = Int(value)
        case "X-DEVHUB-REMINDER": fields.reminderDate = value
        case "X-DEVHUB-FAMILY": background.family = value
        case "X-DEVHUB-BACKGROUND-COMPANY": background.company = value
        case "X-DEVHUB-LIKES": background.likes = value
        case "X-DEVHUB-DISLIKES": background.dislikes = value
        case "X-DEVHUB-BACKGROUND-NOTES": background.notes = value
        default: return
        }
        if !background.isEmpty { fields.background = background }
    }
}
