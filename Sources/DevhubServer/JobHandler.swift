import DevhubCore
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
            try await services.settings.mail.send(message, logger: logger)
            try services.database.markMailSent(id: mail.id)
        case .regenerate:
            let names = job.payload == "*" ? nil : job.payload.split(separator: ",").map { Username(trusted: String($0)) }
            try await regenerator.regenerate(names)
        case .runDeployHooks:
            try await services.settings.deployHooks.run(payload: job.payload, logger: logger)
        case .cleanup:
            let removed = try services.database.removeExpiredSecrets(policy: services.sessionPolicy)
            logger.info("cleanup", metadata: ["removed": "\(removed)"])
            try services.database.enqueueJob(.cleanup, payload: "", delayMilliseconds: 3_600_000)
        }
    }
}
