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

    /// Queues `event` for the owner's endpoints that take it (or only for `endpoint`, the test event).
    func emit(_ event: WebhookEvent, userID: String, only endpoint: StoredWebhookEndpoint? = nil) {
        do {
            let endpoints = try endpoint.map { [$0] } ?? database.webhookEndpoints(userID: userID, taking: event.type)
            guard !endpoints.isEmpty else { return }
            let now = database.currentTime()
            let body = event.body(at: now)
            let messageID = "msg_" + ULID(milliseconds: now).value
            try database.enqueueWebhookDeliveries(endpoints.map {
                WebhookJob(endpointID: $0.id, userID: userID, messageID: messageID, type: event.type.rawValue, body: body)
            })
        } catch {
            logger.warning("webhook event not queued", metadata: ["type": "\(event.type.rawValue)", "error": "\(JobWorker.safeText(error))"])
        }
    }

    /// `contact.created` or `contact.updated` for `stored`.
    func contact(_ stored: StoredContact, created: Bool, userID: String) {
        guard let today = try? database.today(userID: userID) else { return }
        let data = WebhookEvent.ContactData(contact: JSONValue(serializable: CRMJSON.contact(stored, today: today)))
        emit(created ? .contactCreated(data) : .contactUpdated(data), userID: userID)
    }

    /// `contact.deleted` for each of `ids`.
    func contactsDeleted(_ ids: [String], userID: String) {
        for id in ids { emit(.contactDeleted(.init(contact: .init(id: id))), userID: userID) }
    }

    /// `interaction.logged` for `stored`.
    func interaction(_ stored: StoredInteraction, userID: String) {
        emit(.interactionLogged(.init(interaction: JSONValue(serializable: CRMJSON.interaction(stored)))), userID: userID)
    }

    /// `follow_up.due` for every owner's contacts whose follow-up date has come, once per contact and due date
    /// (at most ``dueNoticesPerSweep`` per owner per sweep).
    func dueFollowUps() throws {
        for userID in try database.webhookOwners(taking: .followUpDue) {
            let today = try database.today(userID: userID)
            for notice in try database.claimDueFollowUpNotices(userID: userID, today: today, limit: Self.dueNoticesPerSweep) {
                guard let stored = try database.contact(id: notice.contactID, userID: userID) else { continue }
                let contact = JSONValue(serializable: CRMJSON.contact(stored, today: today))
                emit(.followUpDue(.init(contact: contact, dueDate: notice.dueDate)), userID: userID)
            }
        }
    }

    /// `profile.published` for each owner whose profile page a build wrote.
    func profilesPublished(_ report: BuildReport, baseURL: String) {
        for path in report.writtenPaths where path.hasPrefix("@") && path.hasSuffix("/index.html") {
            let username = String(path.dropFirst().dropLast("/index.html".count))
            guard !username.contains("/"), let userID = try? database.userID(username: username) else { continue }
            emit(.profilePublished(.init(username: username, url: "\(baseURL)/@\(username)/")), userID: userID)
        }
    }
}
