import DevhubCore
@testable import DevhubServer
import DevhubStore
import Foundation
import Testing

/// Which changes between two GitHub answers are insights (``GitHubInsightRules``), the token's sealing, the pace flag.
@Suite("GitHub sync: insight rules, token sealing, pace")
struct GitHubInsightRulesTests {
    static let sam = GitHubSyncContact(id: "C1", name: "Sam", login: "sam")
    static let day: Int64 = 86_400_000

    static func repo(_ name: String, stars: Int, fork: Bool = false) -> GitHubRepository {
        GitHubRepository(fullName: "sam/\(name)", url: "https://github.com/sam/\(name)", language: "Rust", topics: [], stars: stars, fork: fork, pushedAt: nil)
    }

    static func event(_ id: String, _ type: String, at iso: String, repo: String = "sam/foo", tag: String? = nil) throws -> GitHubPayloads.Event {
        var object: [String: Any] = ["id": id, "type": type, "created_at": iso, "repo": ["name": repo]]
        if let tag { object["payload"] = ["action": "published", "release": ["tag_name": tag, "html_url": "https://github.com/\(repo)/releases/tag/\(tag)"]] }
        return try JSONDecoder().decode(GitHubPayloads.Event.self, from: JSONSerialization.data(withJSONObject: object))
    }

    @Test("a first fetch records nothing: no previous profile, repositories or events, no insight")
    func firstFetchIsQuiet() throws {
        let profile = GitHubPayloads.Profile(name: "Sam", company: "Acme", location: "Berlin", bio: "hi")
        #expect(GitHubInsightRules.profile(contact: Self.sam, old: nil, new: profile).isEmpty)
        #expect(GitHubInsightRules.repositories(contact: Self.sam, previous: nil, current: [Self.repo("foo", stars: 5000)]).isEmpty)
        let events = [try Self.event("1", "ReleaseEvent", at: "2026-11-20T10:00:00Z", tag: "v1.0")]
        let first = GitHubInsightRules.events(contact: Self.sam, snapshot: nil, events: events, now: 1_000)
        #expect(first.drafts.isEmpty && first.snapshot.latest == "2026-11-20T10:00:00Z" && first.snapshot.since == 1_000)
    }

    @Test("company, location and bio changes: one insight each, titled with the new value; the same answer again gives none")
    func profileChanges() {
        let old = GitHubPayloads.Profile(name: "Sam", company: "Acme", location: "Berlin", bio: "hi")
        let new = GitHubPayloads.Profile(name: "Sam", company: "Initech", location: "Lisbon", bio: "hello")
        let drafts = GitHubInsightRules.profile(contact: Self.sam, old: old, new: new)
        #expect(drafts.map(\.title) == ["Sam now works at Initech", "Sam moved to Lisbon", "Sam updated their GitHub bio"])
        #expect(drafts.allSatisfy { $0.type == .profileChange } && Set(drafts.map(\.changeKey)).count == 3)
        #expect(GitHubInsightRules.profile(contact: Self.sam, old: new, new: new).isEmpty, "no change, no insight")
        let blank = GitHubPayloads.Profile(name: "Sam", company: " Initech ", location: "Lisbon", bio: "hello")
        #expect(GitHubInsightRules.profile(contact: Self.sam, old: new, new: blank).isEmpty, "white space is no change")
    }

    @Test("a new repository (not a fork) and the highest star milestone crossed; forks and unchanged counts give none")
    func repositoryChanges() {
        let before = [Self.repo("foo", stars: 90), Self.repo("bar", stars: 999), Self.repo("big", stars: 20_000)]
        let after = [Self.repo("foo", stars: 1_500), Self.repo("bar", stars: 999), Self.repo("big", stars: 20_100),
                     Self.repo("new", stars: 0), Self.repo("forked", stars: 300, fork: true)]
        let drafts = GitHubInsightRules.repositories(contact: Self.sam, previous: before, current: after)
        #expect(drafts.map(\.title) == ["Sam's foo passed 1,000 stars", "Sam created a new repository, new"], "\(drafts.map(\.title))")
        #expect(drafts.map(\.changeKey) == ["stars:sam/foo:1000", "repo:sam/new"])
        #expect(GitHubInsightRules.repositories(contact: Self.sam, previous: after, current: after).isEmpty)
    }

    @Test("releases newer than the snapshot, and activity after 60 quiet days; older events are not counted again")
    func eventChanges() throws {
        let snapshot = GitHubPayloads.EventsSnapshot(latest: "2026-08-01T00:00:00Z", since: 0)
        let events = [try Self.event("3", "ReleaseEvent", at: "2026-11-20T10:00:00Z", repo: "sam/foo", tag: "v2.0"),
                      try Self.event("2", "PushEvent", at: "2026-11-19T10:00:00Z"),
                      try Self.event("1", "ReleaseEvent", at: "2026-08-01T00:00:00Z", repo: "sam/foo", tag: "v1.0")]
        let (drafts, next) = GitHubInsightRules.events(contact: Self.sam, snapshot: snapshot, events: events, now: 0)
        #expect(drafts.map(\.title) == ["Sam released v2.0 of foo", "Sam is active on GitHub again after 110 quiet days"], "\(drafts.map(\.title))")
        #expect(drafts.map(\.type) == [.release, .activityResumed])
        #expect(next.latest == "2026-11-20T10:00:00Z")
        #expect(GitHubInsightRules.events(contact: Self.sam, snapshot: next, events: events, now: 0).drafts.isEmpty, "the same events again")
        let recent = GitHubPayloads.EventsSnapshot(latest: "2026-11-01T00:00:00Z", since: 0)
        let (busy, _) = GitHubInsightRules.events(contact: Self.sam, snapshot: recent, events: [events[1]], now: 0)
        #expect(busy.isEmpty, "18 days is not a quiet period: \(busy.map(\.title))")
    }

    @Test("a token sealed for one owner opens for that owner only, and its text is nowhere in the sealed form")
    func tokenSealing() throws {
        let key = ServerSecretKey.random()
        let token = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"
        let sealed = try key.sealGitHubToken(token, userID: "U1")
        #expect(!sealed.contains(token) && !sealed.contains("github_pat"))
        #expect(try key.openGitHubToken(sealed, userID: "U1") == token)
        #expect(throws: (any Error).self) { try key.openGitHubToken(sealed, userID: "U2") }
        #expect(throws: (any Error).self) { try ServerSecretKey.random().openGitHubToken(sealed, userID: "U1") }
        #expect(try key.sealGitHubToken(token, userID: "U1") != sealed, "a fresh nonce each time")
    }

    @Test("the pace: N/h, N/m, N/s; 100/h is one contact every 36 s, so up to 100 contacts sync within the hour")
    func pace() throws {
        #expect(try GitHubSyncSettings.pace(parsing: "100/h") == 100)
        #expect(try GitHubSyncSettings.pace(parsing: "10/m") == 600)
        #expect(try GitHubSyncSettings.pace(parsing: "2/s") == 7200)
        var settings = GitHubSyncSettings()
        #expect(settings.spacingMilliseconds == 36_000)
        settings.contactsPerHour = 3600
        #expect(settings.spacingMilliseconds == 1_000)
        for bad in ["", "100", "0/h", "-1/h", "100/d", "1/h/2", "100000/s", "x/h"] {
            #expect(throws: CoreError.self, "\(bad)") { try GitHubSyncSettings.pace(parsing: bad) }
        }
    }
}
