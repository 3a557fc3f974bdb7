import DevhubCore
import DevhubStore
import Hummingbird

/// `GET /api/sync?since=CURSOR&limit=N`: what changed in the owner's contacts, interactions and tags since the
/// cursor (without one: everything there is), oldest change first, with the cursor to send next time and whether
/// more changes wait. Records come in their current state; deleted ones as `{"type", "id"}`.
struct SyncAPIController {
    let services: AppServices

    /// Changes per answer without `limit`.
    static let defaultLimit = 500

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("sync") { request, context -> Response in
            let userID = try context.requireUser()
            var since: SyncCursor?
            if let text = ListParameters.text(request, "since") {
                do throws(CoreError) { since = try SyncCursor(parsing: text) } catch { throw APIError.invalid(error) }
            }
            var limit = Self.defaultLimit
            if let text = ListParameters.text(request, "limit") {
                guard let number = Int(text), (1...AppDatabase.maxSyncPage).contains(number) else {
                    throw APIError.invalid(CoreError(field: "limit", "must be a whole number from 1 to \(AppDatabase.maxSyncPage)"))
                }
                limit = number
            }
            let page = try services.database.syncChanges(userID: userID, since: since?.sequence, limit: limit)
            let today = try services.database.today(userID: userID)
            return try JSONResponse.object([
                "contacts": page.contacts.map { CRMJSON.contact($0, today: today) },
                "interactions": page.interactions.map(CRMJSON.interaction),
                "tags": page.tags.map(CRMJSON.tag),
                "deleted": page.deleted.map { ["type": $0.type, "id": $0.id] },
                "cursor": SyncCursor(sequence: page.cursor).text,
                "has_more": page.hasMore,
            ])
        }
    }
}
