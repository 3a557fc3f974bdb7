import DevhubCore
import DevhubSite
import DevhubStore
import Foundation
import Logging

/// Turns events into delivery jobs: one message (`msg_` + a ULID, the body built once) per event, one job per
/// enabled endpoint of the owner that takes the event's type. Events caused by a write to the CRM go in that write's
/// transaction (the static ``WebhookEventsInTransaction`` values below); the others (follow-ups due, profiles
/// published, the test event) are queued after the fact, and a failure to queue them is logged without personal data.
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

    /// `contact.created` or `contact.updated` for the contact a write saves, queued in its transaction.
    static func contact(created: Bool) -> WebhookEventsInTransaction<StoredContact> {
        WebhookEventsInTransaction(created ? .contactCreated : .contactUpdated) { stored, today, now in
            let data = WebhookEvent.ContactData(contact: JSONValue(CRMJSON.contactObject(stored, today: today)))
            return [(created ? WebhookEvent.contactCreated(data) : .contactUpdated(data)).body(at: now)]
        }
    }

    /// `contact.deleted` for each contact a delete removes (one message each), queued in its transaction.
    static let contactsDeleted = WebhookEventsInTransaction<[String]>(.contactDeleted) { ids, _, now in
        ids.map { WebhookEvent.contactDeleted(.init(contact: .init(id: $0))).body(at: now) }
    }

    /// `interaction.logged` for the interaction a write saves, queued in its transaction.
    static let interactionLogged = WebhookEventsInTransaction<StoredInteraction>(.interactionLogged) { stored, _, now in
        [WebhookEvent.interactionLogged(.init(interaction: JSONValue(serializable: CRMJSON.interaction(stored)))).body(at: now)]
    }

    /// `quick_connect.submitted` for a submission, queued in its transaction.
    static let quickConnectSubmitted = WebhookEventsInTransaction<QuickConnectSubmitted>(.quickConnectSubmitted) { arrival, today, now in
        let contact = JSONValue(CRMJSON.contactObject(arrival.contact, today: today))
        let data = WebhookEvent.QuickConnectSubmittedData(code: .init(id: arrival.codeID, event: arrival.event), contact: contact, created: arrival.created)
        return [WebhookEvent.quickConnectSubmitted(data).body(at: now)]
    }

    /// `github.insight` for each insight a GitHub fetch recorded (one message each), queued in its transaction.
    static let gitHubInsights = WebhookEventsInTransaction<[GitHubInsight]>(.githubInsight) { insights, _, now in
        insights.map { WebhookEvent.githubInsight(.init(insight: JSONValue(serializable: CRMJSON.insight($0)))).body(at: now) }
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
                        .followUpDue(.init(contact: JSONValue(CRMJSON.contactObject(stored, today: today)), dueDate: notice.dueDate))
                    }
                }
            }
        }
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
