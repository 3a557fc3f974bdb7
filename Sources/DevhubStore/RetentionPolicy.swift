/// How long the cleanup job keeps what is not needed for ever (milliseconds). The defaults are the README's.
public struct RetentionPolicy: Equatable, Sendable {
    /// A deleted account's private data, after the owner asked for the deletion (logging in meanwhile restores it).
    public var deletionGraceMilliseconds: Int64 = 30 * RetentionPolicy.day
    /// Stored digests (`agent_reports`), after they were made.
    public var digestMilliseconds: Int64 = 90 * RetentionPolicy.day
    /// Cached GitHub answers (`github_profiles`), after they were fetched.
    public var githubCacheMilliseconds: Int64 = 7 * RetentionPolicy.day
    /// Dead jobs (given up, with their last error), after they died.
    public var deadJobMilliseconds: Int64 = 30 * RetentionPolicy.day
    /// Jobs that finished well, after they finished.
    public var finishedJobMilliseconds: Int64 = 7 * RetentionPolicy.day

    static let day: Int64 = 86_400_000

    /// The defaults.
    public init() {}
}

/// What one cleanup pass removed, by kind (counts only: no personal data).
public struct RetentionReport: Equatable, Sendable {
    public var erasedAccounts = 0
    public var digests = 0
    public var githubAnswers = 0
    public var deadJobs = 0
    public var finishedJobs = 0

    public init() {}
}
