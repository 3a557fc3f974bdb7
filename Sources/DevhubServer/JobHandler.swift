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

    func run(_ job: Job) async throws {
        switch job.kind {
        case .sendEmail:
            guard let mail = try services.database.outgoingMail(id: job.payload) else { return }  // sent already, or account gone
            let message = MIMEMessage(mail, from: services.settings.mailFrom, fromName: services.settings.mailFromName)
            do {
                try await services.settings.mail.send(message, logger: logger)
                services.metrics.mail(sent: true)
            } catch {
                services.metrics.mail(sent: false)
                throw error
            }
            try services.database.markMailSent(id: mail.id)
        case .regenerate:
            let names = job.payload == "*" ? nil : job.payload.split(separator: ",").map { Username(trusted: String($0)) }
            try await regenerator.regenerate(names)
        case .regenerateConnect:
            let scope: ConnectPageScope = job.payload == "*" ? .all : .codes(Set(job.payload.split(separator: ",").map(String.init)))
            try await regenerator.renderConnectPages(scope)
        case .runDeployHooks:
            try await services.settings.deployHooks.run(payload: job.payload, logger: logger)
        case .cleanup:
            let removed = try services.database.removeExpiredSecrets(policy: services.sessionPolicy)
            let expired = try services.database.queueExpiredQuickConnectPages()
            let retention = try services.database.applyRetention(services.settings.retention)
            logger.info("cleanup", metadata: [
                "removed": "\(removed)", "expired_codes": "\(expired)", "erased_accounts": "\(retention.erasedAccounts)",
                "digests": "\(retention.digests)", "github_answers": "\(retention.githubAnswers)",
                "dead_jobs": "\(retention.deadJobs)", "finished_jobs": "\(retention.finishedJobs)",
            ])
            try services.database.enqueueJob(.cleanup, payload: "", delayMilliseconds: services.settings.cleanupEveryMilliseconds)
        case .backup:
            try ScheduledBackups(database: services.database, schedule: services.settings.backup, metrics: services.metrics, logger: logger).run()
        case .digestSweep:
            // Every owner whose digest hour has come gets one job; the sweep itself runs every 10 minutes.
            for (userID, today) in try services.database.ownersDueForDigest() {
                try services.database.enqueueJobUnlessPending(.sendDigest, payload: "\(userID) \(today.iso)")
            }
            if job.payload != "once" {
                try services.database.enqueueJob(.digestSweep, payload: "", delayMilliseconds: 600_000)
            }
        case .domainChecks:
            // Recurring: a failed round is logged, and the next one is queued whatever happened to this one.
            do {
                let checked = try await services.domains.checkDue()
                if checked > 0 { logger.info("domain checks", metadata: ["checked": "\(checked)"]) }
            } catch {
                logger.warning("domain checks failed", metadata: ["error": "\(error)"])
            }
            try services.database.enqueueJob(.domainChecks, payload: "", delayMilliseconds: services.settings.domainCheckPollMilliseconds)
        case .sendDigest:
            let parts = job.payload.split(separator: " ")
            guard parts.count == 2, let today = CalendarDate(iso: String(parts[1])) else { return }
            let userID = String(parts[0])
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
