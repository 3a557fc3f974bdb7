import DevhubCore
import DevhubStore

/// What the admin routes do, shared by the JSON API and the HTML pages (they differ only in how they answer). Every
/// action checks its input (422 naming the field) and is audited by the store in the action's own transaction.
struct AdminActions: Sendable {
    let services: AppServices
    private var database: AppDatabase { services.database }

    func suspend(userID: String, reason: String?, actor: AdminActor) throws {
        let reason = try checked(reason, required: true) ?? ""
        try mapping("account") { try database.suspendUser(id: userID, reason: reason, actor: actor) }
    }

    func unsuspend(userID: String, reason: String?, actor: AdminActor) throws {
        let reason = try checked(reason, required: false)
        try mapping("account") { try database.unsuspendUser(id: userID, reason: reason, actor: actor) }
    }

    func delete(userID: String, reason: String?, actor: AdminActor) throws {
        let reason = try checked(reason, required: true) ?? ""
        try mapping("account") { try database.deleteUserAsAdmin(id: userID, reason: reason, actor: actor) }
    }

    func unpublish(username: String, reason: String?, actor: AdminActor) throws {
        let name = try profileName(username)
        let reason = try checked(reason, required: true) ?? ""
        try mapping("profile") { try database.unpublishProfile(username: name, reason: reason, actor: actor) }
    }

    func republish(username: String, reason: String?, actor: AdminActor) throws {
        let name = try profileName(username)
        let reason = try checked(reason, required: false)
        try mapping("profile") { try database.republishProfile(username: name, reason: reason, actor: actor) }
    }

    func dismissReports(username: String, reason: String?, actor: AdminActor) throws {
        let name = try profileName(username)
        let reason = try checked(reason, required: false)
        try mapping("open report for this profile") { try database.dismissReports(username: name, reason: reason, actor: actor) }
    }

    /// Reserves a username (checked like one, built-in reserved names aside) or a domain; returns the stored name.
    func reserve(kind rawKind: String?, name rawName: String?, reason: String?, actor: AdminActor) throws -> (ReservedKind, String) {
        let (kind, name) = try reservation(kind: rawKind, name: rawName)
        let reason = try checked(reason, required: false)
        try mapping("reservation") { try database.reserve(kind, name: name, reason: reason, actor: actor) }
        return (kind, name)
    }

    func unreserve(kind rawKind: String?, name rawName: String?, actor: AdminActor) throws {
        let (kind, name) = try reservation(kind: rawKind, name: rawName)
        try mapping("reservation") { try database.unreserve(kind, name: name, reason: nil, actor: actor) }
    }

    // MARK: Checks

    private func reservation(kind rawKind: String?, name rawName: String?) throws -> (ReservedKind, String) {
        guard let kind = ReservedKind(rawValue: rawKind ?? "") else {
            throw APIError.invalid(CoreError(field: "kind", "must be username or domain"))
        }
        let raw = Text.trimmed(rawName ?? "")
        switch kind {
        case .username:
            do { return (kind, try Username(raw, field: "name").value) } catch {
                // A built-in reserved name is reserved already; anything else is not a username.
                if Username.reserved.contains(raw.lowercased()) { throw APIError.invalid(CoreError(field: "name", "'\(raw)' is reserved already (built in)")) }
                throw APIError.invalid(error)
            }
        case .domain:
            do { return (kind, try DomainName(raw, field: "name").value.lowercased()) } catch { throw APIError.invalid(error) }
        }
    }

    private func profileName(_ raw: String) throws -> Username {
        let text = raw.hasPrefix("@") ? String(raw.dropFirst()) : raw
        guard let name = try? Username(text) else { throw APIError.refused(.notFound, what: "profile") }
        return name
    }

    private func checked(_ reason: String?, required: Bool) throws -> String? {
        do { return try AdminReason.validated(reason, required: required) } catch { throw APIError.invalid(error) }
    }

    private func mapping(_ what: String, _ body: () throws -> Void) throws {
        do { try body() } catch let refusal as AdminRefusal { throw APIError.refused(refusal, what: what) }
    }
}
