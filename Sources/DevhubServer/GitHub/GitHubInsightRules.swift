import Crypto
import DevhubCore
import DevhubStore
import Foundation

/// Which changes between two answers from GitHub are insights, and how they are titled. Pure: the sync hands in the
/// previous state and the new answer, and records what comes back (each with a change key unique per contact, so the
/// same change is never recorded twice). A first fetch (no previous state) records the state and no insight.
enum GitHubInsightRules {
    /// Star counts whose crossing is an insight.
    static let starMilestones = [100, 1_000, 10_000]
    /// Days without public activity after which a new event is "active again". GitHub lists a user's public events
    /// of the last 90 days, so a user with none at the first fetch counts as quiet since 90 days before it.
    static let quietDays = 60
    static let eventHistoryDays = 90

    /// The profile's changes of company, location or bio.
    static func profile(contact: GitHubSyncContact, old: GitHubPayloads.Profile?, new: GitHubPayloads.Profile) -> [GitHubInsightDraft] {
        guard let old else { return [] }
        let url = "https://github.com/\(contact.login)"
        var drafts: [GitHubInsightDraft] = []
        func changed(_ field: String, _ before: String?, _ after: String?, title: (String?) -> String) {
            let (before, after) = (clean(before), clean(after))
            guard before != after else { return }
            let metadata = GitHubPayloads.json(["field": field, "old": before ?? "", "new": after ?? ""])
            drafts.append(GitHubInsightDraft(
                contactID: contact.id, type: .profileChange, title: title(after), description: after, url: url, metadata: metadata,
                changeKey: "profile:\(field):\(digest((before ?? "") + "\u{0}" + (after ?? "")))"))
        }
        let name = short(contact.name)
        changed("company", old.company, new.company) { $0.map { "\(name) now works at \(short($0))" } ?? "\(name) no longer lists a company" }
        changed("location", old.location, new.location) { $0.map { "\(name) moved to \(short($0))" } ?? "\(name) no longer lists a location" }
        changed("bio", old.bio, new.bio) { _ in "\(name) updated their GitHub bio" }
        return drafts
    }

    /// New public repositories (not forks) and star milestones crossed since `previous` (nil: first fetch).
    static func repositories(contact: GitHubSyncContact, previous: [GitHubRepository]?, current: [GitHubRepository]) -> [GitHubInsightDraft] {
        guard let previous else { return [] }
        let before = Dictionary(previous.map { ($0.fullName.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let name = short(contact.name)
        var drafts: [GitHubInsightDraft] = []
        for repository in current {
            let key = repository.fullName.lowercased()
            let repoName = short(repository.fullName.split(separator: "/").last.map(String.init) ?? repository.fullName)
            guard let old = before[key] else {
                guard !repository.fork else { continue }
                drafts.append(GitHubInsightDraft(
                    contactID: contact.id, type: .newRepository, title: "\(name) created a new repository, \(repoName)",
                    description: repository.language.map { "Written in \($0)" }, url: repository.url,
                    metadata: GitHubPayloads.json(["repository": repository.fullName]), changeKey: "repo:\(key)"))
                continue
            }
            guard let milestone = starMilestones.last(where: { old.stars < $0 && repository.stars >= $0 }) else { continue }
            drafts.append(GitHubInsightDraft(
                contactID: contact.id, type: .starMilestone, title: "\(name)'s \(repoName) passed \(label(milestone)) stars",
                description: "\(repository.stars) stars", url: repository.url,
                metadata: GitHubPayloads.json(["repository": repository.fullName, "milestone": String(milestone), "stars": String(repository.stars)]),
                changeKey: "stars:\(key):\(milestone)"))
        }
        return drafts
    }

    /// Releases published and the first activity after a quiet period, among the events newer than the snapshot;
    /// returns them with the new snapshot. `now` is when this answer came (milliseconds since 1970).
    static func events(contact: GitHubSyncContact, snapshot: GitHubPayloads.EventsSnapshot?, events: [GitHubPayloads.Event], now: Int64)
        -> (drafts: [GitHubInsightDraft], snapshot: GitHubPayloads.EventsSnapshot)
    {
        let newest = events.map(\.created_at).max()
        guard let snapshot else { return ([], GitHubPayloads.EventsSnapshot(latest: newest, since: now)) }
        let fresh = events.filter { event in snapshot.latest.map { event.created_at > $0 } ?? true }
        let next = GitHubPayloads.EventsSnapshot(latest: [snapshot.latest, newest].compactMap { $0 }.max(), since: snapshot.since)
        guard !fresh.isEmpty else { return ([], next) }
        let name = short(contact.name)
        var drafts: [GitHubInsightDraft] = []
        for event in fresh where event.type == "ReleaseEvent" && (event.payload?.action ?? "published") == "published" {
            guard let repo = event.repo?.name, let tag = event.payload?.release?.tag_name, !tag.isEmpty else { continue }
            let repoName = short(repo.split(separator: "/").last.map(String.init) ?? repo)
            drafts.append(GitHubInsightDraft(
                contactID: contact.id, type: .release, title: "\(name) released \(short(tag)) of \(repoName)",
                description: clean(event.payload?.release?.name), url: event.payload?.release?.html_url ?? "https://github.com/\(repo)",
                metadata: GitHubPayloads.json(["repository": repo, "tag": tag]), changeKey: "release:\(repo.lowercased()):\(tag)"))
        }
        let day: Int64 = 86_400_000
        let quietSince = snapshot.latest.flatMap(GitHubPayloads.milliseconds) ?? (snapshot.since - Int64(eventHistoryDays) * day)
        if let first = fresh.map(\.created_at).min(), let firstAt = GitHubPayloads.milliseconds(first), firstAt - quietSince >= Int64(quietDays) * day {
            let days = (firstAt - quietSince) / day
            drafts.append(GitHubInsightDraft(
                contactID: contact.id, type: .activityResumed, title: "\(name) is active on GitHub again after \(days) quiet days",
                url: "https://github.com/\(contact.login)", metadata: GitHubPayloads.json(["quiet_days": String(days), "event": first]),
                changeKey: "resumed:\(first)"))
        }
        return (drafts, next)
    }

    /// `1,000` for 1000.
    static func label(_ stars: Int) -> String {
        stars >= 1000 ? "\(stars / 1000),\(String(format: "%03d", stars % 1000))" : String(stars)
    }

    /// Trimmed text, nil when empty.
    private static func clean(_ text: String?) -> String? {
        guard let text else { return nil }
        let trimmed = Text.trimmed(text)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// At most 80 scalars of `text`, for a title.
    private static func short(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > 80 else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(79))) + "…"
    }

    /// The first 16 hex digits of SHA-256: change keys stay short whatever the values.
    private static func digest(_ text: String) -> String {
        Hex.encode(Array(SHA256.hash(data: Data(text.utf8))).prefix(8))
    }
}
