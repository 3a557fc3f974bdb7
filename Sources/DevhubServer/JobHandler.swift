import DevhubCore
import DevhubSite
import DevhubStore
import Foundation
import Logging

/// What each kind of job does.
struct JobHandler: Sendable {
    let services: AppServices
    let regenerator: Regenerator
    let logger: Logger

    /// The wait before the next run of a recurring job (the worker queues it whatever this run's outcome), or nil.
    static func recurrence(of job: Job, settings: ServerSettings) -> Int64? {
        switch job.payload {
        case .cleanup: settings.cleanupEveryMilliseconds
        case .digestSweep(let sweep): sweep.once ? nil : 600_000
        case .domainChecks: settings.domainCheckPollMilliseconds
        default: nil
        }
    }

    func run(_ job: Job) async throws {
        switch job.payload {
        case .sendEmail(let mailJob):
            guard let mail = try services.database.outgoingMail(id: mailJob.outboxID) else { return }  // sent already, or account gone
            if mail.linkPurpose != nil, mail.textBody.isEmpty {
                // A link email whose job died lost its token with its body: a retry sends a fresh link instead.
                let composer = services.mail
                try services.database.reissueLinkMail(outboxID: mail.id) { purpose, email, token in
                    purpose == .verify ? composer.verification(to: email, token: token) : composer.passwordReset(to: email, token: token)
                }
                return
            }
            let message = MIMEMessage(mail, from: services.settings.mailFrom, fromName: services.settings.mailFromName)
            do {
                try await services.settings.mail.send(message, logger: logger)
                services.metrics.mail(sent: true)
            } catch {
                services.metrics.mail(sent: false)
                throw error
            }
            try services.database.markMailSent(id: mail.id)
        case .regenerate(let profiles):
            try await regenerator.regenerate(profiles.usernames.map { $0.map { Username(trusted: $0) } })
        case .regenerateConnect(let pages):
            try await regenerator.renderConnectPages(pages.codes.map { .codes(Set($0)) } ?? .all)
        case .quickConnectMail(let code):
            let composer = services.mail
            try services.database.mailQuickConnectArrivals(codeID: code.code) { email, code, arrivals in
                composer.quickConnect(to: email, arrivals: arrivals, code: code)
            }
        case .reportMail:
            let composer = services.mail
            try services.database.mailNewReports { email, profiles in composer.abuseReports(to: email, profiles: profiles) }
        case .publish:
            try await services.settings.publishing?.run(database: services.database, key: services.secretKey, logger: logger)
        case .githubSync(let sync):
            try await GitHubSync(
                database: services.database, settings: services.settings, secretKey: services.secretKey, http: services.githubHTTP,
                logger: logger
            ).run(sync)
        case .deliverWebhook(let delivery):
            try await WebhookDeliverer(services: services, logger: logger).deliver(delivery, attempt: job.attempts + 1)
        case .runDeployHooks(let paths):
            try await services.settings.deployHooks.run(paths.unsealed(key: services.secretKey), logger: logger)
        case .cleanup:
            let removed = try services.database.removeExpiredSecrets(policy: services.sessionPolicy)
            let expired = try services.database.queueExpiredQuickConnectPages()
            let retention = try services.database.applyRetention(services.settings.retention)
            logger.info("cleanup", metadata: [
                "removed": "\(removed)", "expired_codes": "\(expired)", "erased_accounts": "\(retention.erasedAccounts)",
                "digests": "\(retention.digests)", "github_answers": "\(retention.githubAnswers)",
                "dead_jobs": "\(retention.deadJobs)", "finished_jobs": "\(retention.finishedJobs)",
            ])
        case .backup:
            try ScheduledBackups(database: services.database, schedule: services.settings.backup, metrics: services.metrics, logger: logger).run()
        case .digestSweep:
            // Every owner whose digest hour has come gets one job; the sweep itself runs every 10 minutes.
            for (userID, today) in try services.database.ownersDueForDigest() {
                try services.database.enqueueJobUnlessPending(.sendDigest(DigestJob(userID: userID, date: today.iso)))
            }
            // The same sweep sends `follow_up.due` webhook events, once per contact and due date.
            try services.webhooks.dueFollowUps()
        case .domainChecks:
            // Recurring (the worker queues the next round): a failed round is logged.
            do {
                let checked = try await services.domains.checkDue()
                if checked > 0 { logger.info("domain checks", metadata: ["checked": "\(checked)"]) }
            } catch {
                logger.warning("domain checks failed", metadata: ["error": "\(error)"])
            }
        case .sendDigest(let digest):
            guard let today = CalendarDate(iso: digest.date) else { return }
            let userID = digest.userID
            guard try services.database.digest(userID: userID, date: today)?.mailedAt == nil else { return }
            let report = try services.database.refreshDigest(userID: userID, today: today)
            let summary = try await services.digestSummary.summary(of: report)
            let mailer = services.mail
            _ = try services.database.mailDigest(report, userID: userID) { report, email in
                mailer.digest(report, to: email, summary: summary)
            }
        }
    }
}
