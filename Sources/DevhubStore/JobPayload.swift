import Foundation

/// Each job kind's arguments, stored as JSON in `jobs.payload` and encoded and decoded only here.
public enum JobPayload: Equatable, Sendable {
    /// Sends the outbox message `outboxID`.
    case sendEmail(MailJob)
    /// Regenerates the pages of some profiles, or of every profile.
    case regenerate(ProfilesJob)
    /// Runs the deploy hooks for a build's changed paths.
    case runDeployHooks(DeployPaths)
    /// Removes expired secrets and old jobs; recurring.
    case cleanup
    /// Queues the digests that are due; recurring unless `once`.
    case digestSweep(DigestSweepJob)
    /// Mails one owner's digest for one day.
    case sendDigest(DigestJob)
    /// Re-renders some Quick Connect pages, or all of them.
    case regenerateConnect(ConnectPagesJob)
    /// Checks the custom domains that are due; recurring.
    case domainChecks
    /// A scheduled backup into `--backup-dir`; it queues the next one itself (sooner after a failure).
    case backup
    /// Publishes the output folder to the configured Bunny storage zone (`devhub publish`); coalesced while waiting.
    case publish
    /// Delivers one webhook message to one endpoint (retried on the schedule with the same `webhook-id`).
    case deliverWebhook(WebhookJob)
    /// Mails the owner of a Quick Connect code the visitors who arrived since its last such mail.
    case quickConnectMail(ConnectMailJob)
    /// Syncs an owner's contacts with GitHub: one contact per run at the owner's pace (the run queues the next one), or
    /// every due contact now (`POST /api/github/sync`).
    case githubSync(GitHubSyncJob)
    /// Mails the admins the abuse reports filed since the last such mail (one per `--report-mail-interval`).
    case reportMail

    /// The kind stored beside the payload.
    public var kind: Job.Kind {
        switch self {
        case .sendEmail: .sendEmail
        case .regenerate: .regenerate
        case .runDeployHooks: .runDeployHooks
        case .cleanup: .cleanup
        case .digestSweep: .digestSweep
        case .sendDigest: .sendDigest
        case .regenerateConnect: .regenerateConnect
        case .domainChecks: .domainChecks
        case .backup: .backup
        case .publish: .publish
        case .deliverWebhook: .deliverWebhook
        case .quickConnectMail: .quickConnectMail
        case .githubSync: .githubSync
        case .reportMail: .reportMail
        }
    }

    /// The JSON stored in `jobs.payload` (keys sorted, so equal payloads are equal text).
    public var json: String {
        switch self {
        case .sendEmail(let value): Self.encode(value)
        case .regenerate(let value): Self.encode(value)
        case .runDeployHooks(let value): Self.encode(value)
        case .cleanup, .domainChecks, .backup, .publish, .reportMail: "{}"
        case .digestSweep(let value): Self.encode(value)
        case .sendDigest(let value): Self.encode(value)
        case .regenerateConnect(let value): Self.encode(value)
        case .deliverWebhook(let value): Self.encode(value)
        case .quickConnectMail(let value): Self.encode(value)
        case .githubSync(let value): Self.encode(value)
        }
    }

    /// Reads a stored payload of `kind`; throws when the JSON does not fit the kind.
    public init(kind: Job.Kind, json: String) throws {
        let data = Data(json.utf8)
        let decoder = JSONDecoder()
        switch kind {
        case .sendEmail: self = .sendEmail(try decoder.decode(MailJob.self, from: data))
        case .regenerate: self = .regenerate(try decoder.decode(ProfilesJob.self, from: data))
        case .runDeployHooks: self = .runDeployHooks(try decoder.decode(DeployPaths.self, from: data))
        case .cleanup: self = .cleanup
        case .digestSweep: self = .digestSweep(try decoder.decode(DigestSweepJob.self, from: data))
        case .sendDigest: self = .sendDigest(try decoder.decode(DigestJob.self, from: data))
        case .regenerateConnect: self = .regenerateConnect(try decoder.decode(ConnectPagesJob.self, from: data))
        case .domainChecks: self = .domainChecks
        case .backup: self = .backup
        case .publish: self = .publish
        case .deliverWebhook: self = .deliverWebhook(try decoder.decode(WebhookJob.self, from: data))
        case .quickConnectMail: self = .quickConnectMail(try decoder.decode(ConnectMailJob.self, from: data))
        case .githubSync: self = .githubSync(try decoder.decode(GitHubSyncJob.self, from: data))
        case .reportMail: self = .reportMail
        }
    }

    /// The payload with nothing worth keeping after the job ended: a deploy job's list of paths is emptied (it names
    /// Quick Connect pages by code id, never by token, but is of no use once deployed).
    var scrubbed: JobPayload {
        if case .runDeployHooks = self { return .runDeployHooks(DeployPaths(written: [], deleted: [])) }
        // The body (a contact's details) lives on in the endpoint's delivery log, not in the job table.
        if case .deliverWebhook(var job) = self {
            job.body = ""
            return .deliverWebhook(job)
        }
        return self
    }

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// `send-email`: the outbox message to send.
public struct MailJob: Codable, Equatable, Sendable {
    public var outboxID: String
    public init(outboxID: String) { self.outboxID = outboxID }
    enum CodingKeys: String, CodingKey { case outboxID = "outbox_id" }
}

/// `regenerate`: the usernames whose pages are rebuilt, or nil for every profile.
public struct ProfilesJob: Codable, Equatable, Sendable {
    public var usernames: [String]?
    public init(usernames: [String]?) { self.usernames = usernames }
    /// Every profile.
    public static let all = ProfilesJob(usernames: nil)
}

/// `regenerate-connect`: the Quick Connect code ids whose pages are re-rendered, or nil for all of them.
public struct ConnectPagesJob: Codable, Equatable, Sendable {
    public var codes: [String]?
    public init(codes: [String]?) { self.codes = codes }
    /// Every page.
    public static let all = ConnectPagesJob(codes: nil)
}

/// `quick-connect-mail`: the code whose new visitors are mailed to its owner.
public struct ConnectMailJob: Codable, Equatable, Sendable {
    public var code: String
    public init(code: String) { self.code = code }
}

/// `run-deploy-hooks`: the output paths a build wrote and deleted (also the JSON the deploy webhooks receive).
public struct DeployPaths: Codable, Equatable, Sendable {
    public var written: [String]
    public var deleted: [String]
    public init(written: [String], deleted: [String]) {
        self.written = written
        self.deleted = deleted
    }
}

/// `digest-sweep`: `once` for a sweep asked for by a settings change (it does not recur).
public struct DigestSweepJob: Codable, Equatable, Sendable {
    public var once: Bool
    public init(once: Bool) { self.once = once }
}

/// `send-digest`: whose digest, for which day (`YYYY-MM-DD`).
public struct DigestJob: Codable, Equatable, Sendable {
    public var userID: String
    public var date: String
    public init(userID: String, date: String) {
        self.userID = userID
        self.date = date
    }
    enum CodingKeys: String, CodingKey { case userID = "user_id", date }
}

/// `deliver-webhook`: one message for one endpoint. The owner's id is in the payload so erasing the account drops
/// waiting deliveries; the body is emptied once the job ends (the delivery log keeps it).
public struct WebhookJob: Codable, Equatable, Sendable {
    public var endpointID: String
    public var userID: String
    /// The Standard Webhooks `webhook-id` (`msg_` + a ULID), the same on every retry.
    public var messageID: String
    /// The event type (`contact.created`, …).
    public var type: String
    /// The JSON body, exactly as signed and sent.
    public var body: String

    public init(endpointID: String, userID: String, messageID: String, type: String, body: String) {
        self.endpointID = endpointID
        self.userID = userID
        self.messageID = messageID
        self.type = type
        self.body = body
    }

    enum CodingKeys: String, CodingKey {
        case endpointID = "endpoint_id", userID = "user_id", messageID = "message_id", type, body
    }
}

/// `github-sync`: whose contacts, and whether at the owner's pace (one contact per run; the run queues the next) or
/// now (every due contact, still honouring freshness and rate limits).
public struct GitHubSyncJob: Codable, Equatable, Sendable {
    public var userID: String
    public var paced: Bool
    public init(userID: String, paced: Bool) {
        self.userID = userID
        self.paced = paced
    }
    enum CodingKeys: String, CodingKey { case userID = "user_id", paced }
}
