import DevhubStore
import Foundation
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The public GitHub profile fields the Quick Connect form shows (from GitHub's `GET /users/USERNAME`).
struct GitHubUser: Codable, Equatable, Sendable {
    var login: String
    var name: String?
    var company: String?
    var blog: String?
    var location: String?
    var bio: String?

    /// The API's JSON: every key present, `null` for empty values.
    var json: [String: Any] {
        func value(_ text: String?) -> Any { text.flatMap { $0.isEmpty ? nil : $0 } ?? NSNull() }
        return ["login": login, "name": value(name), "company": value(company), "blog": value(blog), "location": value(location), "bio": value(bio)]
    }
}

/// Looks up GitHub users for the form's prefill: answers from the cache for ``ServerSettings/githubCacheSeconds``,
/// then revalidates with `If-None-Match` (a 304 does not count against GitHub's rate limit); after a rate-limit answer
/// it asks GitHub nothing until the reset time; when GitHub cannot be reached it answers from the cache or says so.
actor GitHubProfiles {
    /// What a lookup found.
    enum Lookup: Sendable, Equatable {
        case found(GitHubUser)
        case notFound
        /// GitHub is rate limiting us or cannot be reached; try again after this many seconds.
        case unavailable(retryAfter: Int)
    }

    private let database: AppDatabase
    private let settings: ServerSettings
    private let logger: Logger
    private let http: GitHubHTTP
    /// Until when GitHub said we are over the rate limit.
    private var blockedUntil: ContinuousClock.Instant?

    init(database: AppDatabase, settings: ServerSettings, logger: Logger, http: GitHubHTTP) {
        self.database = database
        self.settings = settings
        self.logger = logger
        self.http = http
    }

    /// The profile of GitHub user `login` (already a valid username).
    func lookup(_ login: String) async throws -> Lookup {
        guard settings.githubAPIURL != "off" else { return .unavailable(retryAfter: 86_400) }
        let cached = try database.cachedGitHubProfile(login: login)
        if let cached, database.currentTime() - cached.fetchedAt < settings.githubCacheSeconds * 1000 {
            return fallback(cached)
        }
        if let blockedUntil, ContinuousClock.now < blockedUntil {
            return fallback(cached, retryAfter: Self.seconds(until: blockedUntil))
        }
        guard let url = URL(string: "\(settings.githubAPIURL)/users/\(login)") else { return .unavailable(retryAfter: 3600) }
        let etag = cached?.status == 200 ? cached?.etag : nil
        switch await http.get(url, token: settings.githubToken, etag: etag).answer {
        case .ok(let data, let etag):
            logger.info("GitHub lookup", metadata: ["status": "200"])
            guard let user = try? JSONDecoder().decode(GitHubUser.self, from: data) else { return fallback(cached) }
            let body = String(decoding: try JSONEncoder().encode(user), as: UTF8.self)
            try database.cacheGitHubProfile(login: login, status: 200, etag: etag, body: body)
            return .found(user)
        case .notModified:
            logger.info("GitHub lookup", metadata: ["status": "304"])
            guard let cached else { return .unavailable(retryAfter: 60) }
            try database.refreshCachedGitHubProfile(login: login)
            return fallback(cached)
        case .notFound:
            logger.info("GitHub lookup", metadata: ["status": "404"])
            try database.cacheGitHubProfile(login: login, status: 404, etag: nil, body: nil)
            return .notFound
        case .rateLimited(let wait):
            blockedUntil = ContinuousClock.now + .seconds(wait)
            logger.warning("GitHub rate limit reached", metadata: ["retry_after": "\(wait)"])
            return fallback(cached, retryAfter: wait)
        case .failed(let status):
            if status == 0 { logger.warning("GitHub unreachable") } else { logger.info("GitHub lookup", metadata: ["status": "\(status)"]) }
            return fallback(cached)
        }
    }

    /// The cached answer when there is a usable one, else "unavailable, try again after `retryAfter` seconds".
    private func fallback(_ cached: CachedGitHubProfile?, retryAfter: Int = 60) -> Lookup {
        cached.flatMap(answer) ?? .unavailable(retryAfter: retryAfter)
    }

    private func answer(_ cached: CachedGitHubProfile) -> Lookup? {
        if cached.status == 404 { return .notFound }
        guard let body = cached.body, let user = try? JSONDecoder().decode(GitHubUser.self, from: Data(body.utf8)) else { return nil }
        return .found(user)
    }

    private static func seconds(until instant: ContinuousClock.Instant) -> Int {
        max(1, Int((instant - ContinuousClock.now).components.seconds) + 1)
    }
}
