/// A contact the matching may propose: their technologies (``Technologies/weigh(repositories:tags:now:)``) and when
/// the owner was last in touch.
public struct MatchCandidate: Equatable, Sendable {
    public var id: String
    public var name: String
    public var technologies: [ContactTechnology]
    public var lastContacted: CalendarDate?

    /// Creates a candidate.
    public init(id: String, name: String, technologies: [ContactTechnology], lastContacted: CalendarDate?) {
        self.id = id
        self.name = name
        self.technologies = technologies
        self.lastContacted = lastContacted
    }
}

/// One proposed contact: who, which of the wanted technologies they share, the score, and the line that explains it.
public struct CollaborationMatch: Equatable, Sendable {
    public var contactID: String
    public var name: String
    /// The shared technologies, in the order and spelling they were asked for.
    public var shared: [String]
    /// The sum of the contact's weights of the shared technologies (recent activity), rounded to 3 decimals.
    public var activity: Double
    /// "writes Rust weekly; 3 WebAssembly repos; last in touch 4 months ago".
    public var explanation: String
}

/// Collaboration matching: who could help with a list of technologies.
///
/// ``rank(_:wanted:now:today:)`` keeps the candidates sharing at least one wanted technology (same
/// ``TechnologyName/key(_:)``) and orders them by
/// 1. the number of wanted technologies they share, most first;
/// 2. their recent activity in those technologies: the sum of their weights for them (see ``Technologies``), highest first;
/// 3. name (case-insensitively), then id.
///
/// Each line is explained by one phrase per shared technology, in the order and spelling asked, then the last contact:
/// - "writes X weekly" when a repository with X as primary language was pushed in the last 7 days, "writes X monthly"
///   in the last 31 days;
/// - otherwise "N X repo(s)" when N ≥ 1 repositories have X as language or topic;
/// - otherwise (only the owner's `tech:X` tag) "tagged X";
/// - then "last in touch …" (``inTouch(_:today:)``) or "never in touch".
public enum CollaborationMatching {
    /// The candidates that share a technology of `wanted`, best first and explained (see the type's documentation).
    public static func rank(_ candidates: [MatchCandidate], wanted: [String], now: Int64, today: CalendarDate) -> [CollaborationMatch] {
        return candidates.compactMap { candidate -> CollaborationMatch? in
            let byKey = Dictionary(candidate.technologies.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            var seen = Set<String>()
            let shared = wanted.compactMap { name -> ContactTechnology? in
                let key = TechnologyName.key(name)
                guard seen.insert(key).inserted, var technology = byKey[key] else { return nil }
                technology.name = name
                return technology
            }
            guard !shared.isEmpty else { return nil }
            let activity = (shared.reduce(0) { $0 + $1.weight } * 1000).rounded() / 1000
            let phrases = shared.map { phrase($0, now: now) } + [inTouch(candidate.lastContacted, today: today)]
            return CollaborationMatch(contactID: candidate.id, name: candidate.name, shared: shared.map(\.name), activity: activity,
                                      explanation: phrases.joined(separator: "; "))
        }
        .sorted { a, b in
            if a.shared.count != b.shared.count { return a.shared.count > b.shared.count }
            if a.activity != b.activity { return a.activity > b.activity }
            let order = a.name.deterministicOrder(b.name)
            if order != 0 { return order < 0 }
            return a.contactID < b.contactID
        }
    }

    /// The phrase for one shared technology (see the type's documentation).
    public static func phrase(_ technology: ContactTechnology, now: Int64) -> String {
        if let pushed = technology.lastLanguagePush {
            let days = max(0, now - pushed) / Technologies.dayMilliseconds
            if days < 7 { return "writes \(technology.name) weekly" }
            if days < 31 { return "writes \(technology.name) monthly" }
        }
        if technology.repositories > 0 {
            return "\(technology.repositories) \(technology.name) repo\(technology.repositories == 1 ? "" : "s")"
        }
        return "tagged \(technology.name)"
    }

    /// "last in touch today", "yesterday", "N days ago" (under 14), "N weeks ago" (under 60 days), "N months ago"
    /// (30-day months, under 365 days), "N years ago"; "never in touch" without a date.
    public static func inTouch(_ last: CalendarDate?, today: CalendarDate) -> String {
        guard let last else { return "never in touch" }
        let days = max(0, last.days(until: today))
        func ago(_ count: Int, _ unit: String) -> String { "last in touch \(count) \(unit)\(count == 1 ? "" : "s") ago" }
        switch days {
        case 0: return "last in touch today"
        case 1: return "last in touch yesterday"
        case ..<14: return ago(days, "day")
        case ..<60: return ago(days / 7, "week")
        case ..<365: return ago(days / 30, "month")
        default: return ago(days / 365, "year")
        }
    }
}
