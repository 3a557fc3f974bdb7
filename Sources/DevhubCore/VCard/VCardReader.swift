import Foundation

/// Reads contacts from vCard files (4.0, 3.0 and 2.1) as address books export them: folded lines, `itemN.` groups
/// with `X-ABLabel`, `BDAY` without a year (`--MMDD`, Apple's `X-APPLE-OMIT-YEAR`), several URLs and emails, and
/// base64 `PHOTO` lines (skipped).
public enum VCardReader {
    /// One card read from the file: its position (1-based) and the contact fields it carries.
    public struct Card: Equatable, Sendable {
        public var index: Int
        public var fields: ContactFields
        /// Every email and phone on the card (duplicate detection looks at all of them), at most
        /// ``ImportLimits/maxValuesPerKind`` of each.
        public var emails: [String]
        public var phones: [String]
        /// What was left out of the card (EMAIL or TEL values over the limit), for the import report.
        public var dropped: [CoreError] = []
    }

    /// The cards in `text`, in order, read in one linear pass. Lines outside `BEGIN:VCARD` … `END:VCARD` are ignored.
    /// Throws a size limit error naming `file` for more than `limits.maxContacts` cards, a card with more than
    /// `limits.maxPropertiesPerCard` properties, or a line longer than `limits.maxLineBytes` (binary lines such as
    /// PHOTO are skipped instead).
    /// The lines are read in order; the cards' fields are then made from their properties across the machine's cores.
    public static func cards(_ text: String, limits: ImportLimits = .standard) throws(CoreError) -> [Card] {
        var cards: [[VCardProperty]] = []
        var properties: [VCardProperty]?
        var propertyCount = 0
        var lines = VCardLines(text, maxLineBytes: limits.maxLineBytes)
        while let line = try lines.next() {
            guard let property = VCardProperty(line: Substring(line.text)) else { continue }
            switch property.name {
            case "BEGIN" where isVCard(property.rawValue):
                guard cards.count < limits.maxContacts else {
                    throw CoreError(field: "file", "has more than \(limits.maxContacts) cards; at most \(limits.maxContacts) per import", tooLarge: true)
                }
                properties = []
                propertyCount = 0
            case "END" where isVCard(property.rawValue):
                if let finished = properties { cards.append(finished) }
                properties = nil
            default:
                guard properties != nil else { continue }
                propertyCount += 1
                guard propertyCount <= limits.maxPropertiesPerCard else {
                    throw CoreError(
                        field: "file", "card \(cards.count + 1) has more than \(limits.maxPropertiesPerCard) properties (line \(line.number))",
                        tooLarge: true)
                }
                if !VCardLines.binaryProperties.contains(property.name) { properties?.append(property) }
            }
        }
        let read = cards
        return ParallelMap.map(Array(read.indices)) { card(read[$0], index: $0 + 1, limits: limits) }
    }

    private static func isVCard(_ value: Substring) -> Bool {
        Text.trimmed(String(value)).uppercased() == "VCARD"
    }

    static func card(_ properties: [VCardProperty], index: Int, limits: ImportLimits = .standard) -> Card {
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
                let scheme = String(decoding: value.utf8.prefix(4), as: UTF8.self).lowercased()
                let number = scheme == "tel:" ? String(decoding: value.utf8.dropFirst(4), as: UTF8.self) : value
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
                let parts = VCardText.split(property.rawValue, on: ";").map { Text.trimmed(Text.replacingLineBreaks($0, with: " ")) }
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
        var dropped: [CoreError] = []
        for (field, kind, values) in [("email", "email addresses", emails), ("phone", "phone numbers", phones)] where values.count > limits.maxValuesPerKind {
            dropped.append(CoreError(field: field, "the card has \(values.count) \(kind); the first \(limits.maxValuesPerKind) were kept"))
        }
        emails = Array(emails.prefix(limits.maxValuesPerKind))
        phones = Array(phones.prefix(limits.maxValuesPerKind))
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
        return Card(index: index, fields: fields, emails: emails, phones: phones, dropped: dropped)
    }

    /// `BDAY` forms: `1990-04-12`, `19900412`, `--0412`, `--04-12`, Apple's `1604-04-12` with `X-APPLE-OMIT-YEAR=1604`,
    /// and date-times (`1990-04-12T00:00:00Z`). Returns the `YYYY-MM-DD` or `--MM-DD` text, or the value as given
    /// (validation then names the field).
    static func birthday(_ raw: String, omitYear: String?) -> String? {
        var value = raw
        if let t = value.utf8.firstIndex(of: UInt8(ascii: "T")) { value = String(value[..<t]) }
        guard !value.isEmpty else { return nil }
        func asciiDigits(_ text: Substring) -> String {
            String(String.UnicodeScalarView(text.unicodeScalars.filter { ("0"..."9").contains($0) }))
        }
        if value.hasPrefix("--") {
            let digits = asciiDigits(value.dropFirst(2))
            guard digits.utf8.count == 4 else { return raw }
            return "--\(digits.prefix(2))-\(digits.suffix(2))"
        }
        let digits = asciiDigits(value[...])
        guard digits.utf8.count == 8 else { return raw }
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
