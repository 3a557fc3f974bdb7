import Foundation
import DevhubCore
import DevhubSite
import DevhubStore

/// The values the CRM templates read. Absent values are left out (never nil or ""), as Mustache needs.
enum ContactPageValues {
    static let statusLabels: [FollowUpStatus: String] = [.ok: "On track", .dueSoon: "Due soon", .overdue: "Overdue"]
    /// What the contact page says for each `github_status`.
    static let gitHubStatusLabels = [
        "unknown": "not synced yet", "ok": "found on GitHub", "not_found": "not found on GitHub (renamed or deleted?)",
    ]

    /// A row of the contact list.
    static func row(_ stored: StoredContact, today: CalendarDate) -> [String: Any] {
        let status = FollowUp.status(next: stored.nextFollowUp, today: today)
        var row: [String: Any] = [
            "id": stored.id, "name": stored.contact.name, "status": status.rawValue, "status_label": statusLabels[status]!,
            "tags": stored.contact.tags.map { ["name": $0, "url": "/app/contacts?tag=" + percentEncode($0)] }, "vip": stored.contact.vip,
        ]
        row["company"] = stored.contact.company
        row["next_follow_up"] = stored.nextFollowUp?.iso
        row["last_contacted"] = stored.lastContacted?.iso
        if FollowUp.birthdaySoon(stored.contact.birthday, today: today) { row["birthday_soon"] = true }
        return row
    }

    /// Everything the contact page shows about a contact.
    static func detail(_ stored: StoredContact, today: CalendarDate) -> [String: Any] {
        let contact = stored.contact
        var values = row(stored, today: today)
        var facts: [[String: Any]] = []
        func fact(_ label: String, _ value: String?, url: String? = nil) {
            guard let value else { return }
            var item: [String: Any] = ["label": label, "value": value]
            item["url"] = url
            facts.append(item)
        }
        fact("Relationship", contact.relationship)
        fact("Company", contact.company)
        fact("Industry", contact.industry)
        fact("Location", contact.location)
        fact("Birthday", contact.birthday?.description)
        fact("Email", contact.email, url: contact.email.map { "mailto:" + $0 })
        fact("Phone", contact.phone, url: contact.phone.map { "tel:" + $0.filter { !$0.isWhitespace } })
        fact("GitHub", contact.github.map { "@" + $0 }, url: contact.github.map { "https://github.com/" + $0 })
        if contact.github != nil { fact("GitHub status", gitHubStatusLabels[stored.githubStatus] ?? stored.githubStatus) }
        fact("Website", contact.website, url: contact.website)
        fact("Main app", contact.mainApp)
        fact("Source", contact.source)
        if let consent = stored.consent {
            fact("Consent given", Timestamp.iso8601(consent.at))
            fact("Privacy notice (SHA-256)", consent.notice ?? "none shown")
        }
        values["facts"] = facts
        values["links"] = contact.links.map { ["label": $0.label, "url": $0.url] }
        var background: [[String: Any]] = []
        for (label, value) in [("Family", contact.background.family), ("Company", contact.background.company), ("Likes", contact.background.likes),
                               ("Dislikes", contact.background.dislikes), ("Notes", contact.background.notes)] {
            if let value { background.append(["label": label, "value": value]) }
        }
        if !background.isEmpty { values["background"] = background }
        values["notes"] = contact.notes
        values["cadence_days"] = contact.cadenceDays.map(String.init)
        values["reminder_date"] = contact.reminder?.iso
        values["importance"] = contact.importance.label
        return values
    }

    /// The contact form's field values.
    static func form(_ fields: ContactFields) -> [String: Any] {
        var values: [String: Any] = [:]
        for (key, value) in [("name", fields.name), ("relationship", fields.relationship), ("company", fields.company),
                             ("industry", fields.industry), ("location", fields.location), ("birthday", fields.birthday),
                             ("email", fields.email), ("phone", fields.phone), ("github", fields.github), ("website", fields.website),
                             ("main_app", fields.mainApp), ("notes", fields.notes), ("reminder_date", fields.reminderDate),
                             ("bg_family", fields.background?.family), ("bg_company", fields.background?.company),
                             ("bg_likes", fields.background?.likes), ("bg_dislikes", fields.background?.dislikes),
                             ("bg_notes", fields.background?.notes)] {
            if let value, !value.isEmpty { values[key] = value }
        }
        if let cadence = fields.cadenceDays { values["cadence_days"] = String(cadence) }
        if let tags = fields.tags, !tags.isEmpty { values["tags"] = tags.joined(separator: ", ") }
        if fields.vip == true { values["vip"] = true }
        let importance = fields.importance ?? Importance.normal.rawValue
        values["importance_options"] = Importance.allCases.map { level -> [String: Any] in
            var option: [String: Any] = ["value": level.rawValue, "label": level.label]
            if level.rawValue == importance { option["selected"] = true }
            return option
        }
        let links = fields.links ?? []
        values["links"] = (0..<max(5, links.count)).map { index -> [String: Any] in
            var row: [String: Any] = ["index": index + 1]
            if index < links.count { row["label"] = links[index].label; row["url"] = links[index].url }
            return row
        }
        return values
    }

    /// The contact fields a contact form posted.
    static func fields(from form: [String: String]) -> ContactFields {
        var fields = ContactFields()
        fields.name = form["name"]
        fields.relationship = form["relationship"]
        fields.company = form["company"]
        fields.industry = form["industry"]
        fields.location = form["location"]
        fields.birthday = form["birthday"]
        fields.email = form["email"]
        fields.phone = form["phone"]
        fields.github = form["github"]
        fields.website = form["website"]
        fields.mainApp = form["main_app"]
        fields.notes = form["notes"]
        fields.reminderDate = form["reminder_date"]
        fields.vip = form["vip"] == "true"
        fields.background = ContactBackground(
            family: form["bg_family"], company: form["bg_company"], likes: form["bg_likes"], dislikes: form["bg_dislikes"], notes: form["bg_notes"])
        fields.tags = Text.listItems(form["tags"] ?? "")
        fields.links = (1...ContactLimits.links).compactMap { index -> ProfileLink? in
            let label = Text.trimmed(form["link_label_\(index)"] ?? "")
            let url = Text.trimmed(form["link_url_\(index)"] ?? "")
            guard !label.isEmpty || !url.isEmpty else { return nil }
            return ProfileLink(label: label, url: url)
        }
        // A number field with letters in it is reported, not silently dropped.
        let cadence = Text.trimmed(form["cadence_days"] ?? "")
        fields.cadenceDays = cadence.isEmpty ? nil : Int(cadence) ?? 0
        fields.importance = Int(form["importance"] ?? "")
        return fields
    }

    /// `page` links for a list (`prev_url`, `next_url`), keeping the other query parameters.
    static func pagination<Item>(_ page: PageOf<Item>, path: String, query: [(String, String)]) -> [String: Any] {
        func url(_ number: Int) -> String {
            let parameters = query.filter { !$0.1.isEmpty } + [("page", String(number))]
            return path + "?" + parameters.map { "\($0.0)=\(percentEncode($0.1))" }.joined(separator: "&")
        }
        var values: [String: Any] = ["page": page.page, "pages": page.pages, "total": page.total]
        if page.page > 1 { values["prev_url"] = url(page.page - 1) }
        if page.page < page.pages { values["next_url"] = url(page.page + 1) }
        return values
    }

    static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
