import DevhubCore
import DevhubSite
import DevhubStore
import Foundation

/// Contacts in and out: vCard and CSV import, vCard, CSV and JSON export.
struct ContactTransfer {
    let services: AppServices
    var database: AppDatabase { services.database }

    /// At most this many contacts per import.
    static let maxContacts = ImportLimits.standard.maxContacts

    /// Imports every card of a vCard file; over a limit of ``ImportLimits`` it is 413 naming `file` and nothing is written.
    func importVCard(_ text: String, userID: String) throws -> ContactImportSummary {
        let cards: [VCardReader.Card]
        do {
            cards = try VCardReader.cards(text)
        } catch {
            throw APIError.invalid(error)
        }
        guard !cards.isEmpty else { throw APIError.invalid(CoreError(field: "file", "has no BEGIN:VCARD … END:VCARD card")) }
        let candidates = cards.map { ImportCandidate(index: $0.index, fields: $0.fields, emails: $0.emails, phones: $0.phones, dropped: $0.dropped) }
        return try database.importContacts(candidates, userID: userID, source: "vcard")
    }

    /// The rows of an uploaded CSV file, within ``ImportLimits`` (413 naming `file` beyond them, 422 when malformed).
    static func csvRows(_ text: String) throws -> [[String]] {
        do {
            return try CSV.rows(text)
        } catch {
            throw APIError.invalid(error)
        }
    }

    /// The `?columns=` mapping of the CSV API (`name,email,,company`), at most ``ImportLimits/maxColumns`` entries.
    static func columnMapping(_ text: String) throws -> [String] {
        let names = text.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        guard names.count <= ImportLimits.standard.maxColumns else {
            throw APIError.invalid(CoreError(field: "columns", "names more than \(ImportLimits.standard.maxColumns) columns", tooLarge: true))
        }
        return names.map { Text.trimmed(String(decoding: $0, as: UTF8.self)) }
    }

    /// A cell as the import preview shows it: at most 80 scalars.
    static func sample(_ cell: String) -> String {
        var scalars = cell.unicodeScalars.prefix(81).map { $0 }
        guard scalars.count > 80 else { return cell }
        scalars = Array(scalars.prefix(80))
        return String(String.UnicodeScalarView(scalars)) + "…"
    }

    /// The fields a CSV column can be mapped to (`""` = ignore the column).
    static let csvFields = ["name", "first_name", "last_name", "email", "phone", "company", "relationship", "industry", "location",
                            "birthday", "github", "website", "notes", "tags"]

    /// A first guess of each column's field from its header (`E-mail Address` → `email`).
    static func guessMapping(_ headers: [String]) -> [String] {
        let synonyms: [(String, [String])] = [
            ("first_name", ["first name", "given name", "firstname"]), ("last_name", ["last name", "family name", "surname", "lastname"]),
            ("email", ["email", "e-mail", "mail"]), ("phone", ["phone", "mobile", "telephone", "tel"]),
            ("company", ["company", "organization", "organisation", "employer"]), ("relationship", ["relationship", "title", "job title", "position"]),
            ("industry", ["industry"]), ("location", ["location", "city", "address"]), ("birthday", ["birthday", "birth date", "date of birth"]),
            ("github", ["github"]), ("website", ["website", "web page", "url", "homepage"]), ("notes", ["notes", "note", "comment"]),
            ("tags", ["tags", "labels", "groups", "categories"]), ("name", ["name", "full name", "display name", "contact"]),
        ]
        var used = Set<String>()
        return headers.map { header in
            let key = Text.collapsingWhitespace(header.replacingOccurrences(of: "_", with: " ")).lowercased()
            for (field, words) in synonyms where !used.contains(field) && words.contains(where: { key == $0 || key.hasPrefix($0 + " ") }) {
                used.insert(field)
                return field
            }
            return ""
        }
    }

    /// Imports CSV rows (the first is the header) with `mapping[i]` naming column `i`'s field.
    func importCSV(_ rows: [[String]], mapping: [String], userID: String) throws -> ContactImportSummary {
        guard rows.count >= 2 else { throw APIError.invalid(CoreError(field: "file", "needs a header row and at least one contact")) }
        guard rows.count - 1 <= Self.maxContacts else {
            throw APIError.invalid(CoreError(field: "file", "has \(rows.count - 1) rows; at most \(Self.maxContacts) per import", tooLarge: true))
        }
        guard mapping.count <= ImportLimits.standard.maxColumns else {
            throw APIError.invalid(CoreError(field: "columns", "names more than \(ImportLimits.standard.maxColumns) columns", tooLarge: true))
        }
        for (index, field) in mapping.enumerated() where !field.isEmpty && !Self.csvFields.contains(field) {
            throw APIError.invalid(CoreError(field: "map_\(index)", "'\(field)' is not a contact field"))
        }
        guard mapping.contains(where: { $0 == "name" || $0 == "first_name" || $0 == "last_name" }) else {
            throw APIError.invalid(CoreError(field: "mapping", "map a column to name (or first_name / last_name)"))
        }
        let candidates = rows.dropFirst().enumerated().map { offset, row -> ImportCandidate in
            var values: [String: String] = [:]
            for (index, field) in mapping.enumerated() where !field.isEmpty && index < row.count {
                values[field] = CSV.unguarded(Text.trimmed(row[index]))
            }
            var fields = ContactFields()
            let parts = [values["first_name"], values["last_name"]].compactMap { $0 }.filter { !$0.isEmpty }
            fields.name = FieldText.blankToNil(values["name"]) ?? (parts.isEmpty ? nil : parts.joined(separator: " "))
            fields.email = values["email"]
            fields.phone = values["phone"]
            fields.company = values["company"]
            fields.relationship = values["relationship"]
            fields.industry = values["industry"]
            fields.location = values["location"]
            fields.birthday = values["birthday"]
            fields.github = values["github"]
            fields.website = values["website"]
            fields.notes = values["notes"]
            fields.tags = values["tags"].map { Text.listItems($0, separators: [";", ","]) }
            return ImportCandidate(index: offset + 2, fields: fields)  // spreadsheet row number
        }
        return try database.importContacts(candidates, userID: userID, source: "csv")
    }

    /// Every contact as one vCard 4.0 file.
    func vCardExport(userID: String) throws -> String {
        try database.allContacts(userID: userID).map { ContactVCard.make($0.contact, id: $0.id) }.joined()
    }

    /// Every contact as CSV, with the columns ``csvFields`` reads back (plus follow-up settings).
    func csvExport(userID: String) throws -> String {
        var text = CSV.line(["name", "email", "phone", "company", "relationship", "industry", "location", "birthday", "github", "website",
                             "notes", "tags", "vip", "cadence_days", "importance", "last_contacted", "next_follow_up"])
        for stored in try database.allContacts(userID: userID) {
            let c = stored.contact
            text += CSV.line([
                c.name, c.email ?? "", c.phone ?? "", c.company ?? "", c.relationship ?? "", c.industry ?? "", c.location ?? "",
                c.birthday?.description ?? "", c.github ?? "", c.website ?? "", c.notes ?? "", c.tags.joined(separator: "; "),
                c.vip ? "yes" : "", c.cadenceDays.map(String.init) ?? "", String(c.importance.rawValue),
                stored.lastContacted?.iso ?? "", stored.nextFollowUp?.iso ?? "",
            ])
        }
        return text
    }

    /// Everything the owner stored, as one JSON document (data portability). Quick Connect codes come without tokens or URLs,
    /// API keys without the key or its hash.
    func jsonExport(userID: String) throws -> [String: Any] {
        guard let settings = try database.ownerSettings(userID: userID) else { throw APIError.unauthorized }
        let today = try database.today(userID: userID)
        var export: [String: Any] = [
            "format": "devhub-export-1",
            "exported_at": Timestamp.iso8601(database.currentTime()),
            "account": [
                "email": settings.email, "verified": settings.verified, "time_zone": settings.timeZone,
                "digest_hour": settings.digestHour, "digest_enabled": settings.digestEnabled,
            ],
            "contacts": try database.allContacts(userID: userID).map { CRMJSON.contact($0, today: today) },
            "interactions": try database.allInteractions(userID: userID).map(CRMJSON.interaction),
            "github_insights": try database.allGitHubInsights(userID: userID).map(CRMJSON.insight),
            "github_repositories": try database.gitHubRepositoriesByContact(userID: userID).sorted { $0.key < $1.key }.flatMap { contactID, repositories in
                repositories.map { CRMJSON.repository($0, contactID: contactID) }
            },
            "tags": try database.tags(userID: userID).map(CRMJSON.tag),
            "interaction_types": try database.customInteractionTypes(userID: userID),
            "digests": try database.allDigests(userID: userID).map { CRMJSON.digest($0, appURL: services.settings.appURL) },
            "quick_connect_codes": try database.quickConnectCodes(userID: userID).map { code in
                QuickConnectActions(services: services).json(code, urls: false)
            },
            "api_keys": try database.allAPIKeys(userID: userID).map(APIKeyActions.exportJSON),
            // Endpoints without their secrets (the delivery log holds contacts' details already exported above).
            "webhook_endpoints": try database.webhookEndpoints(userID: userID).map { endpoint -> [String: Any] in
                [
                    "id": endpoint.id, "url": endpoint.url, "events": endpoint.events.map(\.rawValue), "description": endpoint.description,
                    "enabled": endpoint.enabled, "created_at": Timestamp.iso8601(endpoint.createdAt),
                ]
            },
        ]
        if let profile = try database.profile(userID: userID) {
            let data = try JSONEncoder().encode(ProfileInput(profile.profile))
            export["profile"] = try JSONSerialization.jsonObject(with: data)
        } else {
            export["profile"] = NSNull()
        }
        return export
    }
}
