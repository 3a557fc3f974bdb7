import DevhubCore
import DevhubSite
import DevhubStore
import Foundation

/// The template values of GitHub insights, technologies, repositories, matches and the tech-stack chart. Absent
/// values are left out, as Mustache needs; every string is escaped by the templates.
enum GitHubPageValues {
    /// Insights on the dashboard and on a contact's page.
    static let listedInsights = 20
    /// Repositories on a contact's page.
    static let listedRepositories = 10
    /// Matches on a contact's page.
    static let listedMatches = 5

    /// The contact list filtered by one technology.
    static func techURL(_ name: String) -> String {
        "/app/contacts?tech=" + ContactPageValues.percentEncode(name)
    }

    /// One insight line; `names` gives the contact's name (dashboard), `back` where the acknowledge form returns.
    static func insight(_ insight: GitHubInsight, names: [String: String] = [:], back: String) -> [String: Any] {
        var values: [String: Any] = [
            "id": insight.id, "contact_id": insight.contactID, "type": insight.type.rawValue, "title": insight.title,
            "date": String(Timestamp.iso8601(insight.createdAt).prefix(10)), "back": back,
        ]
        values["contact_name"] = names[insight.contactID]
        // Keys no enclosing context has (the layout's `description` would show through a missing one).
        values["details"] = insight.description
        if let url = insight.url, SafeURL.isAllowed(url), url.hasPrefix("http") { values["link"] = url }
        if insight.acknowledged { values["acknowledged"] = true }
        return values
    }

    /// One technology chip of a contact.
    static func technology(_ technology: ContactTechnology) -> [String: Any] {
        var values: [String: Any] = ["name": technology.name, "url": techURL(technology.name), "repositories": technology.repositories]
        if technology.tagged { values["tagged"] = true }
        return values
    }

    /// One repository line of a contact's page.
    static func repository(_ repository: GitHubRepository) -> [String: Any] {
        var values: [String: Any] = ["full_name": repository.fullName, "stars": repository.stars]
        if SafeURL.isAllowed(repository.url), repository.url.hasPrefix("http") { values["link"] = repository.url }
        values["language"] = repository.language
        if !repository.topics.isEmpty { values["topics"] = repository.topics.joined(separator: ", ") }
        values["pushed"] = repository.pushedAt.map { String(Timestamp.iso8601($0).prefix(10)) }
        if repository.fork { values["fork"] = true }
        return values
    }

    /// One line of the matching.
    static func match(_ match: CollaborationMatch) -> [String: Any] {
        ["contact_id": match.contactID, "name": match.name, "explanation": match.explanation, "shared": match.shared.joined(separator: ", ")]
    }

    /// The "top repositories" of a contact: most starred first, then most recently pushed.
    static func topRepositories(_ repositories: [GitHubRepository]) -> [GitHubRepository] {
        Array(repositories.sorted { a, b in
            if a.stars != b.stars { return a.stars > b.stars }
            if (a.pushedAt ?? 0) != (b.pushedAt ?? 0) { return (a.pushedAt ?? 0) > (b.pushedAt ?? 0) }
            return a.fullName < b.fullName
        }.prefix(listedRepositories))
    }

    /// The tech-stack chart's geometry: horizontal bars, one row per technology, the longest bar for the most
    /// widespread one. Pure numbers; the template writes the SVG and escapes every name.
    static func chart(_ technologies: [NetworkTechnology]) -> [String: Any] {
        let rowHeight = 28, labelWidth = 180, barMax = 360, top = 8
        let most = max(1, technologies.map(\.contacts).max() ?? 1)
        let bars = technologies.enumerated().map { index, technology -> [String: Any] in
            let y = top + index * rowHeight
            let width = max(2, technology.contacts * barMax / most)
            return [
                "name": technology.name, "contacts": technology.contacts, "url": techURL(technology.name),
                "plural": technology.contacts == 1 ? "contact" : "contacts",
                "label_x": labelWidth - 8, "bar_x": labelWidth, "y": y, "text_y": y + 18, "bar_y": y + 4, "bar_height": rowHeight - 8,
                "width": width, "count_x": labelWidth + width + 6,
            ]
        }
        return [
            "bars": bars, "width": labelWidth + barMax + 60, "height": top * 2 + technologies.count * rowHeight,
            "summary": technologies.prefix(3).map { "\($0.name) (\($0.contacts))" }.joined(separator: ", "),
        ]
    }
}
