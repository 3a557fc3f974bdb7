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
        lines.append("UID:urn:devhub:contact:" + id)
        lines.append("END:VCARD")
        return lines.map(VCardText.fold).joined(separator: "\r\n") + "\r\n"
    }
}
