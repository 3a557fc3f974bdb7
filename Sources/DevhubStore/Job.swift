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
        /// Re-renders Quick Connect pages: payload `*` or comma-separated code ids.
        case regenerateConnect = "regenerate-connect"
        /// Checks the custom domains whose re-check is due (recurring, every minute).
        case domainChecks = "domain-checks"
        /// A scheduled backup into `--backup-dir` (recurring: `--backup-every`, sooner after a failure).
        case backup
    }

    public var id: Int64
    public var kind: Kind
    /// Kind-specific text: an outbox id, comma-separated usernames, a JSON list of paths…
    public var payload: String
    /// How many times it was started before this claim.
    public var attempts: Int
}
