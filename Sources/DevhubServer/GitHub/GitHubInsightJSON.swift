import DevhubSite
import DevhubStore
import Foundation

/// An insight as the API and the `github.insight` webhook show it.
enum GitHubInsightJSON {
    /// `{"id", "contact_id", "type", "title", "description", "url", "created_at", "acknowledged"}`.
    static func insight(_ insight: GitHubInsight) -> [String: Any] {
        [
            "id": insight.id, "contact_id": insight.contactID, "type": insight.type.rawValue, "title": insight.title,
            "description": CRMJSON.nullable(insight.description), "url": CRMJSON.nullable(insight.url),
            "created_at": Timestamp.iso8601(insight.createdAt), "acknowledged": insight.acknowledged,
        ]
    }
}
