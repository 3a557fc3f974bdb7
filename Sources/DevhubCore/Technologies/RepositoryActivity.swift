/// What one public repository says about its owner's technologies: its primary language, its topics and its last push.
public struct RepositoryActivity: Equatable, Sendable {
    /// GitHub's primary language, if it names one.
    public var language: String?
    /// The repository's topics.
    public var topics: [String]
    /// Last push, milliseconds since 1970.
    public var pushedAt: Int64?
    /// Whether it is a fork (a fork says less about what its owner writes).
    public var fork: Bool

    /// Creates the evidence of one repository.
    public init(language: String?, topics: [String], pushedAt: Int64?, fork: Bool = false) {
        self.language = language
        self.topics = topics
        self.pushedAt = pushedAt
        self.fork = fork
    }
}

/// One technology of a contact, with the facts its weight and the matching explanations come from.
public struct ContactTechnology: Equatable, Sendable {
    /// The name as shown: the owner's tag spelling, else GitHub's language spelling, else the topic.
    public var name: String
    /// ``TechnologyName/key(_:)`` of the name.
    public var key: String
    /// The weight of ``Technologies/weigh(repositories:tags:now:)``.
    public var weight: Double
    /// Repositories with it as primary language or as a topic.
    public var repositories: Int
    /// The latest push of a repository whose primary language it is (milliseconds since 1970).
    public var lastLanguagePush: Int64?
    /// Whether the owner tagged the contact `tech:<name>`.
    public var tagged: Bool

    /// Creates a technology line.
    public init(name: String, key: String, weight: Double, repositories: Int, lastLanguagePush: Int64?, tagged: Bool) {
        self.name = name
        self.key = key
        self.weight = weight
        self.repositories = repositories
        self.lastLanguagePush = lastLanguagePush
        self.tagged = tagged
    }
}
