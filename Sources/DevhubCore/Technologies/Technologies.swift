import Foundation

/// A contact's technologies, from their repositories and the owner's `tech:` tags, weighted by recent activity.
///
/// The weighting (``weigh(repositories:tags:now:)``):
/// - a repository's *activity* is `0.5 ^ (age / 90 days)`, `age` being the time since its last push (a push today
///   counts 1, three months ago ½, six months ago ¼); without a push date it is 0; a fork counts a quarter;
/// - its primary language gets its full activity, each of its topics half (a topic is a label its author chose, the
///   language is what GitHub measured);
/// - a `tech:X` tag of the owner adds 1, as much as a repository pushed today;
/// - spellings that differ only in ASCII case are one technology (``TechnologyName/key(_:)``), shown as the tag
///   spells it, else as GitHub spells the language, else as the topic reads;
/// - technologies come heaviest first, ties by name (case-insensitively), then by key.
public enum Technologies {
    /// Days after which a repository's activity halves.
    public static let halfLifeDays = 90.0
    /// The share of a repository's activity each of its topics gets.
    public static let topicShare = 0.5
    /// The factor a fork's activity is multiplied by.
    public static let forkFactor = 0.25
    /// What a `tech:` tag adds.
    public static let tagWeight = 1.0
    /// Milliseconds in a day.
    public static let dayMilliseconds: Int64 = 86_400_000

    /// The instant technologies are weighed at on the owner's `today`: the end of that day (as UTC milliseconds), so
    /// a page, the API and the matching agree all day long.
    public static func instant(endOf today: CalendarDate) -> Int64 {
        Int64(today.dayNumber + 1) * dayMilliseconds
    }

    /// The activity of a repository last pushed at `pushedAt`, seen at `now` (both milliseconds since 1970).
    public static func activity(pushedAt: Int64?, fork: Bool = false, now: Int64) -> Double {
        guard let pushedAt else { return 0 }
        let ageDays = Double(max(0, now - pushedAt)) / Double(dayMilliseconds)
        return pow(0.5, ageDays / halfLifeDays) * (fork ? forkFactor : 1)
    }

    /// The technologies `repositories` and `tags` give a contact at `now`, heaviest first.
    public static func weigh(repositories: [RepositoryActivity], tags: [String], now: Int64) -> [ContactTechnology] {
        var byKey: [String: ContactTechnology] = [:]
        var order: [String] = []
        // Where each line's name came from: 0 topic, 1 language, 2 tag (a higher source's spelling wins).
        var named: [String: Int] = [:]
        func line(_ name: String, rank: Int) -> String {
            let key = TechnologyName.key(name)
            if byKey[key] == nil {
                byKey[key] = ContactTechnology(name: name, key: key, weight: 0, repositories: 0, lastLanguagePush: nil, tagged: false)
                order.append(key)
                named[key] = rank
            } else if rank > named[key]! {
                byKey[key]!.name = name
                named[key] = rank
            }
            return key
        }
        for repository in repositories {
            let activity = activity(pushedAt: repository.pushedAt, fork: repository.fork, now: now)
            var seen = Set<String>()
            if let language = repository.language.map(TechnologyName.trimmingSpaces), !language.isEmpty {
                let key = line(language, rank: 1)
                seen.insert(key)
                byKey[key]!.weight += activity
                if let pushed = repository.pushedAt, !repository.fork {
                    byKey[key]!.lastLanguagePush = max(byKey[key]!.lastLanguagePush ?? pushed, pushed)
                }
            }
            var topics = Set<String>()
            for topic in repository.topics.map(TechnologyName.trimmingSpaces) where !topic.isEmpty {
                let key = line(topic, rank: 0)
                guard topics.insert(key).inserted else { continue }
                byKey[key]!.weight += activity * topicShare
                seen.insert(key)
            }
            for key in seen { byKey[key]!.repositories += 1 }
        }
        for tag in tags {
            guard let name = TechnologyName.fromTag(tag) else { continue }
            let key = line(name, rank: 2)
            guard !byKey[key]!.tagged else { continue }
            byKey[key]!.tagged = true
            byKey[key]!.weight += tagWeight
        }
        return order.compactMap { byKey[$0] }.sorted { a, b in
            if a.weight != b.weight { return a.weight > b.weight }
            let order = a.name.deterministicOrder(b.name)
            if order != 0 { return order < 0 }
            return a.key < b.key
        }
    }
}
