import DevhubCore
import DevhubSite
import DevhubStore
import Foundation
import Logging

/// Turns events into delivery jobs: one message (`msg_` + a ULID, the body built once) per event, one job per
/// enabled endpoint of the owner that takes the event's type. Emitting never fails the action that caused it: the
/// change is already saved; a failure to queue is logged (without personal data).
struct WebhookEmitter: Sendable {
    let database: AppDatabase
    let logger: Logger

    /// At most this many `follow_up.due` events per owner per sweep (the rest go out with the next sweeps).
    static let dueNoticesPerSweep = 100

    /// Queues the events `make` builds (all of `type`) for the owner's endpoints that take them, or only for
    /// `endpoint` (the test event). `make` runs only when some endpoint listens, so an owner without webhooks pays
    /// one query per action.
    func emit(_ type: WebhookEventType, userID: String, only endpoint: StoredWebhookEndpoint? = nil, _ make: () throws -> [WebhookEvent]) {
        do {
            let endpoints = try endpoint.map { [$0] } ?? database.webhookEndpoints(userID: userID, taking: type)
            guard !endpoints.isEmpty else { return }
            let now = database.currentTime()
            var jobs: [WebhookJob] = []
            for event in try make() {
                let body = event.body(at: now)
                let messageID = "msg_" + ULID(milliseconds: now).value
                jobs += endpoints.map { WebhookJob(endpointID: $0.id, userID: userID, messageID: messageID, type: type.rawValue, body: body) }
            }
            try database.enqueueWebhookDeliveries(jobs)
        } catch {
            logger.warning("webhook event not queued", metadata: ["type": "\(type.rawValue)", "error": "\(JobWorker.safeText(error))"])
        }
    }

    /// Queues one event.
    func emit(_ event: WebhookEvent, userID: String, only endpoint: StoredWebhookEndpoint? = nil) {
        emit(event.type, userID: userID, only: endpoint) { [event] }
    }

    /// `contact.created` or `contact.updated` for `stored`.
    func contact(_ stored: StoredContact, created: Bool, userID: String) {
        emit(created ? .contactCreated : .contactUpdated, userID: userID) {
            let data = WebhookEvent.ContactData(contact: JSONValue(serializable: CRMJSON.contact(stored, today: try database.today(userID: userID))))
            return [created ? .contactCreated(data) : .contactUpdated(data)]
        }
    }

    /// `contact.deleted` for each of `ids` (one message each).
    func contactsDeleted(_ ids: [String], userID: String) {
        guard !ids.isEmpty else { return }
        emit(.contactDeleted, userID: userID) { ids.map { .contactDeleted(.init(contact: .init(id: $0))) } }
    }

    /// `interaction.logged` for `stored`.
    func interaction(_ stored: StoredInteraction, userID: String) {
        emit(.interactionLogged, userID: userID) { [.interactionLogged(.init(interaction: JSONValue(serializable: CRMJSON.interaction(stored))))] }
    }

    /// `follow_up.due` for every owner's contacts whose follow-up date has come, once per contact and due date
    /// (at most ``dueNoticesPerSweep`` per owner per sweep).
    func dueFollowUps() throws {
        for userID in try database.webhookOwners(taking: .followUpDue) {
            let today = try database.today(userID: userID)
            let notices = try database.claimDueFollowUpNotices(userID: userID, today: today, limit: Self.dueNoticesPerSweep)
            guard !notices.isEmpty else { continue }
            emit(.followUpDue, userID: userID) {
                try notices.compactMap { notice in
                    try database.contact(id: notice.contactID, userID: userID).map { stored in
                        .followUpDue(.init(contact: JSONValue(serializable: CRMJSON.contact(stored, today: today)), dueDate: notice.dueDate))
                    }
                }
            }
        }
    }

    /// `github.insight` for `insight`, just recorded by the GitHub sync.
    func gitHubInsight(_ insight: GitHubInsight, userID: String) {
        emit(.githubInsight(.init(insight: JSONValue(serializable: GitHubInsightJSON.insight(insight)))), userID: userID)
    }

    /// `profile.published` for each owner whose profile page a build wrote. Only the owners with an endpoint taking
    /// the event are looked up, so a full rebuild of many profiles costs one query when nobody listens.
    func profilesPublished(_ report: BuildReport, baseURL: String) {
        guard !report.writtenPaths.isEmpty, let listening = try? database.webhookListeningUsernames(taking: .profilePublished),
              !listening.isEmpty
        else { return }
        for path in report.writtenPaths where path.hasPrefix("@") && path.hasSuffix("/index.html") {
            let username = String(path.dropFirst().dropLast("/index.html".count)).lowercased()
            guard let userID = listening[username] else { continue }
            emit(.profilePublished(.init(username: username, url: "\(baseURL)/@\(username)/")), userID: userID)
        }
    }
}
