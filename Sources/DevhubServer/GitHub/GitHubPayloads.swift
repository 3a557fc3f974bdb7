import DevhubStore
import Foundation

/// The fields the sync reads from GitHub's answers (REST API 2022-11-28), and the snapshots it keeps between fetches.
enum GitHubPayloads {
    /// `GET /users/{login}`: the public profile fields whose changes are insights.
    struct Profile: Codable, Equatable {
        var name: String?
        var company: String?
        var location: String?
        var bio: String?
    }

    /// One entry of `GET /users/{login}/repos`.
    struct Repository: Decodable {
        var full_name: String
        var html_url: String
        var language: String?
        var topics: [String]?
        var stargazers_count: Int?
        var fork: Bool?
        var pushed_at: String?

        /// The stored form.
        var stored: GitHubRepository {
            GitHubRepository(fullName: full_name, url: html_url, language: language, topics: Array((topics ?? []).prefix(20)),
                             stars: max(0, stargazers_count ?? 0), fork: fork ?? false, pushedAt: pushed_at.flatMap(GitHubPayloads.milliseconds))
        }
    }

    /// One entry of `GET /users/{login}/events/public`; only a `ReleaseEvent`'s payload is read.
    struct Event: Decodable {
        struct Repo: Decodable { var name: String }
        struct Payload: Decodable {
            struct Release: Decodable {
                var tag_name: String?
                var html_url: String?
                var name: String?
            }
            var action: String?
            var release: Release?
        }
        var id: String
        var type: String?
        var created_at: String
        var repo: Repo?
        var payload: Payload?
    }

    /// One entry of `GET /users/{login}/followers` (only counted).
    struct Follower: Decodable {
        var login: String?
    }

    /// What the events resource remembers: the newest event seen (ISO 8601), and when the first fetch was made.
    struct EventsSnapshot: Codable, Equatable {
        var latest: String?
        /// Milliseconds since 1970.
        var since: Int64
    }

    /// What the followers resource remembers: how many the first page listed (at most 100).
    struct FollowersSnapshot: Codable, Equatable {
        var count: Int
    }

    /// Milliseconds since 1970 of an ISO 8601 time such as `2026-11-21T07:30:00Z`, nil when unreadable.
    static func milliseconds(_ text: String) -> Int64? {
        guard text.utf8.count <= 40, let date = ISO8601DateFormatter().date(from: text) else { return nil }
        return Int64(date.timeIntervalSince1970 * 1000)
    }

    /// `value` as compact JSON with sorted keys.
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// A stored snapshot decoded, nil when there is none or it does not fit.
    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        text.flatMap { try? JSONDecoder().decode(type, from: Data($0.utf8)) }
    }
}
