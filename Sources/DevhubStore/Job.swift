/// A durable unit of background work, claimed by a worker under a lease.
public struct Job: Equatable, Sendable {
    /// What the job does.
    public enum Kind: String, Sendable, CaseIterable {
        case sendEmail = "send-email"
        case regenerate
        case runDeployHooks = "run-deploy-hooks"
        case cleanup
        case digestSweep = "digest-sweep"
        case sendDigest = "send-digest"
        /// Re-renders Quick Connect pages.
        case regenerateConnect = "regenerate-connect"
        /// Checks the custom domains whose re-check is due (recurring, every minute).
        case domainChecks = "domain-checks"
        /// A scheduled backup into `--backup-dir` (recurring: `--backup-every`, sooner after a failure).
        case backup
        /// Publishes the output folder to the Bunny storage zone (queued after a build that changed files).
        case publish
        /// Delivers one webhook message to one endpoint.
        case deliverWebhook = "deliver-webhook"
        /// Mails a Quick Connect code's owner the visitors who arrived since the last such mail (one per code per
        /// `--connect-mail-interval`).
        case quickConnectMail = "quick-connect-mail"
        /// Syncs one owner's contacts with GitHub (paced: one contact per run, each run queues the next).
        case githubSync = "github-sync"
        /// Mails the admins the abuse reports filed since the last such mail (one per `--report-mail-interval`).
        case reportMail = "report-mail"
    }

    public var id: Int64
    /// What to do, with its typed arguments (the kind is ``JobPayload/kind``).
    public var payload: JobPayload
    /// How many times it was started before this claim.
    public var attempts: Int

    /// The job's kind.
    public var kind: Kind { payload.kind }

    /// A claimed job.
    public init(id: Int64, payload: JobPayload, attempts: Int) {
        self.id = id
        self.payload = payload
        self.attempts = attempts
    }
}

/// Where a job is in its life, as `devhub jobs` shows it.
public enum JobState: String, Sendable, Codable, CaseIterable {
    /// Waiting for its first run (or its next one, for the recurring kinds).
    case pending
    /// Claimed by a worker right now.
    case running
    /// Failed at least once; runs again at its next run time.
    case retrying
    /// Failed on every entry of the retry schedule; kept until the operator retries or discards it.
    case dead
}
