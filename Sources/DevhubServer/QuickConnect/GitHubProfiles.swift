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
    private let session: URLSession
    /// Until when GitHub said we are over the rate limit.
    private var blockedUntil: ContinuousClock.Instant?

    init(database: AppDatabase, settings: ServerSettings, logger: Logger) {
        self.database = database
        self.settings = settings
        self.logger = logger
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.timeoutIntervalForRequest = 5
        session = URLSession(configuration: configuration)
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
        var request = URLRequest(url: url)
        request.setValue("devhub", forHTTPHeaderField: "User-Agent")
        request.setValue("application/vnd.github+json", forHTTPHeaderField: "Accept")
        request.setValue("2022-11-28", forHTTPHeaderField: "X-GitHub-Api-Version")
        if let token = settings.githubToken { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let cached, cached.status == 200, let etag = cached.etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }

        let data: Data
        let response: HTTPURLResponse
        do {
            let (body, answer) = try await session.data(for: request)
            guard let http = answer as? HTTPURLResponse else { throw URLError(.badServerResponse) }
            (data, response) = (body, http)
        } catch {
            logger.warning("GitHub unreachable", metadata: ["error": "\(type(of: error))"])
            return fallback(cached)
        }
        logger.info("GitHub lookup", metadata: ["status": "\(response.statusCode)"])
        switch response.statusCode {
        case 200:
            guard let user = try? JSONDecoder().decode(GitHubUser.self, from: data) else { return fallback(cached) }
            let body = String(decoding: try JSONEncoder().encode(user), as: UTF8.self)
            try database.cacheGitHubProfile(login: login, status: 200, etag: response.value(forHTTPHeaderField: "ETag"), body: body)
            return .found(user)
        case 304:
            guard let cached else { return .unavailable(retryAfter: 60) }
            try database.refreshCachedGitHubProfile(login: login)
            return fallback(cached)
        case 404:
            try database.cacheGitHubProfile(login: login, status: 404, etag: nil, body: nil)
            return .notFound
        case 403, 429:
            guard Self.isRateLimited(response) else { return fallback(cached) }
            let wait = Self.rateLimitWait(response)
            blockedUntil = ContinuousClock.now + .seconds(wait)
            logger.warning("GitHub rate limit reached", metadata: ["retry_after": "\(wait)"])
            return fallback(cached, retryAfter: wait)
        default:
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

    /// GitHub's documented rate-limit answers: 403 or 429 with `x-ratelimit-remaining: 0`, or with `retry-after`.
    private static func isRateLimited(_ response: HTTPURLResponse) -> Bool {
        response.value(forHTTPHeaderField: "x-ratelimit-remaining") == "0" || response.value(forHTTPHeaderField: "retry-after") != nil
    }

    /// Seconds to wait: `retry-after`, else until `x-ratelimit-reset` (epoch seconds), else a minute; at most an hour.
    private static func rateLimitWait(_ response: HTTPURLResponse) -> Int {
        if let retry = response.value(forHTTPHeaderField: "retry-after").flatMap(Int.init) { return min(3600, max(1, retry)) }
        if let reset = response.value(forHTTPHeaderField: "x-ratelimit-reset").flatMap(Double.init) {
            return min(3600, max(1, Int((reset - Date().timeIntervalSince1970).rounded(.up))))
        }
        return 60
    }

    private static func seconds(until instant: ContinuousClock.Instant) -> Int {
        max(1, Int((instant - ContinuousClock.now).components.seconds) + 1)
    }
}
