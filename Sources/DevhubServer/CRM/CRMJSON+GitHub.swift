import DevhubCore
import DevhubSite
import DevhubStore
import Foundation

extension CRMJSON {
    /// A GitHub insight as `/api/insights` answers it.
    static func insight(_ insight: GitHubInsight) -> [String: Any] {
        [
            "id": insight.id,
            "contact_id": insight.contactID,
            "type": insight.type.rawValue,
            "title": insight.title,
            "description": nullable(insight.description),
            "url": nullable(insight.url),
            "created_at": Timestamp.iso8601(insight.createdAt),
            "acknowledged": insight.acknowledged,
        ]
    }

    /// A repository as the export lists it.
    static func repository(_ repository: GitHubRepository, contactID: String) -> [String: Any] {
        [
            "contact_id": contactID,
            "full_name": repository.fullName,
            "url": repository.url,
            "language": nullable(repository.language),
            "topics": repository.topics,
            "stars": repository.stars,
            "fork": repository.fork,
            "pushed_at": nullable(repository.pushedAt.map(Timestamp.iso8601)),
        ]
    }

    /// One line of the collaboration matching.
    static func match(_ match: CollaborationMatch) -> [String: Any] {
        [
            "contact_id": match.contactID,
            "name": match.name,
            "shared": match.shared,
            "activity": match.activity,
            "explanation": match.explanation,
        ]
    }

    /// The matching's answer: what was searched, and one page of matches in the list envelope.
    static func matches(_ page: PageOf<CollaborationMatch>, technologies: [String]) -> [String: Any] {
        var object = list(page, match)
        object["technologies"] = technologies
        return object
    }
}
