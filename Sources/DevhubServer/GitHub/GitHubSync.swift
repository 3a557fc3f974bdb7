import DevhubCore
import DevhubStore
import Foundation
import Logging

/// One run of an owner's GitHub sync (the `github-sync` job): picks the contacts whose resources are older than their
/// freshness, asks GitHub with `If-None-Match`, records each answer with the insights it reveals in one transaction,
/// and sends `github.insight` for each new one. A paced run takes one contact and queues the next run one pace step
/// later; a run asked for by `POST /api/github/sync` takes every due contact (in runs of
/// ``GitHubSyncSettings/contactsPerRun``). A rate limit pauses the owner's sync until GitHub's reset or `Retry-After`:
/// the run queues itself for then and, as nothing of the interrupted contact was marked fetched, resumes with it.
struct GitHubSync: Sendable {
    let database: AppDatabase
    let settings: ServerSettings
    let secretKey: ServerSecretKey
    let http: GitHubHTTP
    let logger: Logger

    private var sync: GitHubSyncSettings { settings.githubSync }

    /// How one contact's sync ended.
    enum Outcome: Equatable {
        case done
        /// The token is over a rate limit until then (milliseconds since 1970).
        case paused(until: Int64)
    }

    /// Runs `job`. Ends the paced series when the owner turned the sync off or is gone.
    func run(_ job: GitHubSyncJob) async throws {
        guard settings.githubAPIURL != "off" else { return }
        let account = try database.gitHubAccount(userID: job.userID)
        guard account.syncEnabled, try database.gitHubSyncOwners().contains(job.userID) else { return }
        let now = database.currentTime()
        if account.pausedUntil > now {
            try database.enqueueJob(.githubSync(job), delayMilliseconds: account.pausedUntil - now)
            return
        }
        var token = settings.githubToken
        if let sealed = account.sealedToken {
            do { token = try secretKey.openGitHubToken(sealed, userID: job.userID) } catch {
                logger.warning("GitHub token cannot be opened (another secret key?); syncing without it")
            }
        }
        let limit = job.paced ? 1 : sync.contactsPerRun
        let contacts = try database.gitHubContactsDue(userID: job.userID, freshness: sync.freshness, limit: limit)
        for contact in contacts {
            if case .paused(let until) = try await syncContact(contact, userID: job.userID, token: token) {
                try database.pauseGitHubSync(userID: job.userID, until: until)
                logger.warning("GitHub rate limit: sync paused", metadata: ["seconds": "\((until - database.currentTime() + 999) / 1000)"])
                try database.enqueueJob(.githubSync(job), delayMilliseconds: max(0, until - database.currentTime()))
                return
            }
        }
        if job.paced {
            try database.enqueueJob(.githubSync(job), delayMilliseconds: sync.spacingMilliseconds)
        } else if contacts.count == limit {
            try database.enqueueJob(.githubSync(job))
        }
    }

    /// Fetches each resource of `contact` older than its freshness, in order (profile, repositories, events, followers).
    func syncContact(_ contact: GitHubSyncContact, userID: String, token: String?) async throws -> Outcome {
        let states = try database.gitHubResourceStates(contactID: contact.id)
        for resource in GitHubResource.allCases {
            let state = states[resource]
            if let state, database.currentTime() - state.fetchedAt < sync.freshness.milliseconds(resource) { continue }
            guard let url = url(resource, login: contact.login) else {
                // Not a GitHub username (an older or imported value): asked again only once its profile is stale.
                try record(GitHubFetchRecord(contactID: contact.id, resource: .profile, status: "not_found"), userID: userID)
                return .done
            }
            let (answer, exhausted) = await http.get(url, token: token, etag: state?.etag)
            let now = database.currentTime()
            switch answer {
            case .ok(let data, let etag):
                try record(try answered(resource, data: data, etag: etag, state: state, contact: contact, userID: userID, now: now), userID: userID)
            case .notModified:
                try record(GitHubFetchRecord(contactID: contact.id, resource: resource, status: resource == .profile ? "ok" : nil), userID: userID)
            case .notFound:
                try record(GitHubFetchRecord(contactID: contact.id, resource: .profile, status: "not_found"), userID: userID)
                return .done
            case .rateLimited(let seconds):
                return .paused(until: now + Int64(seconds) * 1000)
            case .failed(let status):
                logger.warning("GitHub answered an error", metadata: ["status": "\(status)", "resource": "\(resource.rawValue)"])
                // Unreachable: this contact waits for the next run. An error answer: a resource seen before is asked
                // again after its freshness (so one failing user never holds up the others).
                guard status != 0 else { return .done }
                if state != nil { try record(GitHubFetchRecord(contactID: contact.id, resource: resource), userID: userID) }
            }
            if let exhausted { return .paused(until: now + Int64(exhausted) * 1000) }
        }
        return .done
    }

    /// The API URL of `resource` for `login` (a username checked when the contact was saved).
    private func url(_ resource: GitHubResource, login: String) -> URL? {
        guard !login.isEmpty, login.utf8.count <= 39,
              login.utf8.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) || $0 == 45 })
        else { return nil }
        let base = "\(settings.githubAPIURL)/users/\(login)"
        return switch resource {
        case .profile: URL(string: base)
        case .repos: URL(string: base + "/repos?type=owner&sort=pushed&per_page=100")
        case .events: URL(string: base + "/events/public?per_page=100")
        case .followers: URL(string: base + "/followers?per_page=100")
        }
    }

    /// The record of a 200 answer: the new snapshot, repositories and insights. An answer that does not decode is
    /// recorded as fetched without changes and without its ETag (the next one is read in full and compared with the
    /// last good snapshot).
    private func answered(_ resource: GitHubResource, data: Data, etag: String?, state: GitHubResourceState?, contact: GitHubSyncContact,
                          userID: String, now: Int64) throws -> GitHubFetchRecord
    {
        var record = GitHubFetchRecord(contactID: contact.id, resource: resource, etag: etag)
        let decoder = JSONDecoder()
        // A resource without a snapshot yet (never answered in a readable form) is a first fetch: no insights.
        let state = state.flatMap { $0.snapshot == "{}" ? nil : $0 }
        switch resource {
        case .profile:
            record.status = "ok"
            guard let profile = try? decoder.decode(GitHubPayloads.Profile.self, from: data) else { record.etag = nil; break }
            let old = GitHubPayloads.decode(GitHubPayloads.Profile.self, state?.snapshot)
            record.snapshot = GitHubPayloads.json(profile)
            record.insights = GitHubInsightRules.profile(contact: contact, old: old, new: profile)
        case .repos:
            guard let list = try? decoder.decode([GitHubPayloads.Repository].self, from: data) else { record.etag = nil; break }
            let current = list.prefix(100).map(\.stored)
            let previous = try state.map { _ in try database.gitHubRepositories(userID: userID, contactID: contact.id) }
            record.repositories = current
            record.snapshot = GitHubPayloads.json(["count": current.count])
            record.insights = GitHubInsightRules.repositories(contact: contact, previous: previous, current: current)
        case .events:
            guard let events = try? decoder.decode([GitHubPayloads.Event].self, from: data) else { record.etag = nil; break }
            let old = GitHubPayloads.decode(GitHubPayloads.EventsSnapshot.self, state?.snapshot)
            let (drafts, snapshot) = GitHubInsightRules.events(contact: contact, snapshot: old, events: Array(events.prefix(300)), now: now)
            record.snapshot = GitHubPayloads.json(snapshot)
            record.insights = drafts
        case .followers:
            guard let followers = try? decoder.decode([GitHubPayloads.Follower].self, from: data) else { record.etag = nil; break }
            record.snapshot = GitHubPayloads.json(GitHubPayloads.FollowersSnapshot(count: followers.count))
        }
        return record
    }

    /// Writes `record`, queuing `github.insight` for each insight it added in the same transaction.
    private func record(_ record: GitHubFetchRecord, userID: String) throws {
        try database.recordGitHubFetch(userID: userID, record, events: WebhookEmitter.gitHubInsights)
    }
}
