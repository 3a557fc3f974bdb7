import Foundation

/// Reads contacts from vCard files (4.0, 3.0 and 2.1) as address books export them: folded lines, `itemN.` groups
/// with `X-ABLabel`, `BDAY` without a year (`--MMDD`, Apple's `X-APPLE-OMIT-YEAR`), several URLs and emails, and
/// base64 `PHOTO` lines (skipped).
public enum VCardReader {
    /// One card read from the file: its position (1-based) and the contact fields it carries.
    public struct Card: Equatable, Sendable {
        public var index: Int
        public var fields: ContactFields
        /// Every email and phone on the card (duplicate detection looks at all of them).
        public var emails: [String]
        public var phones: [String]
    }

    /// The cards in `text`, in order. Lines outside `BEGIN:VCARD` … `END:VCARD` are ignored.
    public static func cards(_ text: String) -> [Card] {
        var cards: [Card] = []
        var properties: [VCardProperty]?
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        for line in VCardText.unfold(text) {
            guard let property = VCardProperty(line: line) else { continue }
            switch (property.name, Text.trimmed(String(property.rawValue)).uppercased()) {
            case ("BEGIN", "VCARD"):
                properties = []
            case ("END", "VCARD"):
                if let finished = properties { cards.append(card(finished, index: cards.count + 1)) }
                properties = nil
            default:
                properties?.append(property)
            }
        }
        return cards
    }

    static func card(_ properties: [VCardProperty], index: Int) -> Card {
        var fields = ContactFields()
        var labels: [String: String] = [:]
        for property in properties where property.name == "X-ABLABEL" {
            if let group = property.group { labels[group] = cleanLabel(property.text) }
        }
        var emails: [String] = []
        var phones: [String] = []
        var urls: [(label: String?, url: String, grouped: Bool)] = []
        var structuredName: String?
        var tags: [String] = []
        var notes: [String] = []
        for property in properties {
            let value = Text.trimmed(property.text)
            switch property.name {
            case "FN":
                if !value.isEmpty { fields.name = value }
            case "N":
                let parts = VCardText.split(property.rawValue, on: ";").map { Text.trimmed($0) }
                let ordered = [parts.count > 3 ? parts[3] : "", parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : "", parts[0], parts.count > 4 ? parts[4] : ""]
                let name = ordered.filter { !$0.isEmpty }.joined(separator: " ")
                if !name.isEmpty { structuredName = name }
            case "EMAIL":
                if !value.isEmpty { emails.append(value) }
            case "TEL":
                let number = value.lowercased().hasPrefix("tel:") ? String(value.dropFirst(4)) : value
                if !number.isEmpty { phones.append(number) }
            case "ORG":
                let company = Text.trimmed(VCardText.split(property.rawValue, on: ";").first ?? "")
                if !company.isEmpty { fields.company = company }
            case "TITLE", "ROLE":
                if fields.relationship == nil, !value.isEmpty { fields.relationship = value }
            case "BDAY":
                fields.birthday = birthday(value, omitYear: property.parameters["X-APPLE-OMIT-YEAR"]?.first)
            case "URL":
                let groupLabel = property.group.flatMap { labels[$0] }
                if !value.isEmpty { urls.append((groupLabel ?? property.parameters["TYPE"]?.first.map(cleanLabel), value, groupLabel != nil)) }
            case "X-SOCIALPROFILE":
                let service = property.parameters["TYPE"]?.first ?? property.parameters["X-SERVICE-TYPE"]?.first
                if service == "github" || value.lowercased().contains("github.com/") {
                    fields.github = githubName(value, user: property.parameters["X-USER"]?.first)
                } else if !value.isEmpty {
                    urls.append((service.map(cleanLabel), value, true))
                }
            case "ADR":
                let parts = VCardText.split(property.rawValue, on: ";").map { Text.trimmed($0.replacingNewlines()) }
                let place = [3, 4, 6].compactMap { parts.count > $0 && !parts[$0].isEmpty ? parts[$0] : nil }
                if fields.location == nil, !place.isEmpty { fields.location = place.joined(separator: ", ") }
            case "NOTE":
                if !value.isEmpty { notes.append(value) }
            case "CATEGORIES":
                tags += VCardText.split(property.rawValue, on: ",").map { Text.trimmed($0) }.filter { !$0.isEmpty }
            case "X-GITHUB":
                fields.github = githubName(value, user: nil)
            case _ where property.name.hasPrefix("X-DEVHUB-"):
                ContactVCard.read(property.name, value: value, into: &fields)
            default:
                break
            }
        }
        if fields.name == nil { fields.name = structuredName ?? emails.first ?? fields.company }
        fields.email = emails.first
        fields.phone = phones.first
        for (label, url, grouped) in urls {
            if fields.github == nil, let name = githubProfileName(url) {
                fields.github = name
            } else if fields.website == nil, label == nil || label == appleHomePage || (!grouped && (label == "home" || label == "work")) {
                fields.website = url
            } else {
                fields.links = (fields.links ?? []) + [ProfileLink(label: label == appleHomePage ? "Homepage" : label ?? "Link", url: url)]
            }
        }
        if !notes.isEmpty { fields.notes = notes.joined(separator: "\n\n") }
        if !tags.isEmpty { fields.tags = tags }
        return Card(index: index, fields: fields, emails: emails, phones: phones)
    }

    /// `BDAY` forms: `1990-04-12`, `19900412`, `--0412`, `--04-12`, Apple's `1604-04-12` with `X-APPLE-OMIT-YEAR=1604`,
    /// and date-times (`1990-04-12T00:00:00Z`). Returns the `YYYY-MM-DD` or `--MM-DD` text, or the value as given
    /// (validation then names the field).
    static func birthday(_ raw: String, omitYear: String?) -> String? {
        var value = raw
        if let t = value.firstIndex(of: "T") { value = String(value[..<t]) }
        guard !value.isEmpty else { return nil }
        if value.hasPrefix("--") {
            let digits = value.dropFirst(2).filter(\.isNumber)
            guard digits.count == 4 else { return raw }
            return "--\(digits.prefix(2))-\(digits.suffix(2))"
        }
        let digits = value.filter(\.isNumber)
        guard digits.count == 8 else { return raw }
        let year = String(digits.prefix(4))
        let monthDay = "\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))"
        if year == omitYear || year == "1604" || year == "0000" { return "--" + monthDay }
        return "\(year)-\(monthDay)"
    }

    /// The GitHub username from `x-user=` or a profile URL.
    static func githubName(_ value: String, user: String?) -> String? {
        if let user, !user.isEmpty { return user }
        guard let range = value.range(of: "github.com/", options: .caseInsensitive) else { return value.isEmpty ? nil : value }
        let rest = value[range.upperBound...].split(separator: "/").first.map(String.init)
        return rest?.isEmpty == false ? rest : nil
    }

    /// The label Apple gives a contact's home page (`_$!<HomePage>!$_`).
    static let appleHomePage = "_$!<HomePage>!$_"

    /// Apple writes its standard labels as `_$!<Work>!$_`: the word is kept, except the home-page marker.
    static func cleanLabel(_ label: String) -> String {
        let text = Text.trimmed(label)
        guard text.hasPrefix("_$!<"), text.hasSuffix(">!$_"), text != appleHomePage else { return text }
        return String(text.dropFirst(4).dropLast(4))
    }

    /// The username of a GitHub profile URL (`https://github.com/ada`), nil for a repository or another site.
    static func githubProfileName(_ url: String) -> String? {
        guard let range = url.range(of: "github.com/", options: .caseInsensitive) else { return nil }
        let segments = url[range.upperBound...].split(separator: "/")
        return segments.count == 1 ? String(segments[0]) : nil
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
