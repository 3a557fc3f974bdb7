import DevhubCore
import Foundation
import GRDB

/// Why an admin action on an account was not done.
public enum AdminRefusal: Error, Equatable, Sendable {
    /// No account (or profile) has that id (or username).
    case notFound
    /// The account is already in the state asked for (suspended, not suspended, published…).
    case unchanged
    /// An admin may not act on their own account this way (suspend or delete themselves).
    case ownAccount
}

extension AppDatabase {
    // MARK: Roles

    /// The account's role; nil for an unknown id (or an imported profile's owner, who has no account). Read on every
    /// admin request, so a demotion takes effect at once.
    public func role(userID: String) throws -> AccountRole? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT role FROM users WHERE id = ? AND email IS NOT NULL", arguments: [userID])
                .map { AccountRole(rawValue: $0) ?? .member }
        }
    }

    /// Sets the role of the account with `email` (`devhub user promote|demote`), writing the audit row in the same
    /// transaction. Returns the account, or throws ``AdminRefusal`` (`.notFound`, `.unchanged`).
    @discardableResult
    public func setRole(email: EmailAddress, role: AccountRole, actor: AdminActor) throws -> Account {
        guard let account = try account(email: email) else { throw AdminRefusal.notFound }
        let now = now()
        try writer.write { db in
            try db.execute(sql: "UPDATE users SET role = ?, updated_at = ? WHERE id = ? AND role <> ?",
                           arguments: [role.rawValue, now, account.id, role.rawValue])
            guard db.changesCount == 1 else { throw AdminRefusal.unchanged }
            try Self.audit(db, actor: actor, action: role == .admin ? .promote : .demote, targetKind: "user", target: account.email,
                           reason: nil, now: now)
        }
        return account
    }

    // MARK: Suspension

    /// Suspends account `userID`: its sessions end and its API keys are revoked at once, its profile and Quick Connect
    /// pages leave the site with the regenerations queued here, its webhooks stop (deliveries are skipped while it is
    /// suspended) and its log-in answers "suspended". Its open reports are marked decided. Audited with `reason`.
    public func suspendUser(id userID: String, reason: String, actor: AdminActor) throws {
        let now = now()
        try writer.write { db in
            let email = try Self.accountEmail(db, userID: userID)
            guard userID != actor.userID else { throw AdminRefusal.ownAccount }
            try db.execute(sql: """
                UPDATE users SET suspended_at = ?, suspension_reason = ?, updated_at = ? WHERE id = ? AND suspended_at IS NULL
                """, arguments: [now, reason, now, userID])
            guard db.changesCount == 1 else { throw AdminRefusal.unchanged }
            try db.execute(sql: "DELETE FROM sessions WHERE user_id = ?", arguments: [userID])
            try db.execute(sql: "UPDATE api_keys SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", arguments: [now, userID])
            try Self.refreshVisibility(db, userID: userID, now: now)
            try Self.enqueueAllQuickConnectPages(db, userID: userID, now: now)
            try Self.decideReports(db, userID: userID, decision: "suspend", now: now)
            try Self.audit(db, actor: actor, action: .suspend, targetKind: "user", target: email, reason: reason, now: now)
        }
    }

    /// Lifts a suspension: the account may log in again, its pages come back as they were (the regenerations are
    /// queued here), its webhooks run again. Its API keys stay revoked: the owner makes new ones.
    public func unsuspendUser(id userID: String, reason: String?, actor: AdminActor) throws {
        let now = now()
        try writer.write { db in
            let email = try Self.accountEmail(db, userID: userID)
            try db.execute(sql: """
                UPDATE users SET suspended_at = NULL, suspension_reason = NULL, updated_at = ? WHERE id = ? AND suspended_at IS NOT NULL
                """, arguments: [now, userID])
            guard db.changesCount == 1 else { throw AdminRefusal.unchanged }
            try Self.refreshVisibility(db, userID: userID, now: now)
            try Self.enqueueAllQuickConnectPages(db, userID: userID, now: now)
            // The GitHub sync's paced series ended while the account was suspended: start it again if it is on.
            if try Bool.fetchOne(db, sql: "SELECT sync_enabled FROM github_accounts WHERE user_id = ?", arguments: [userID]) == true {
                try Self.enqueueUnlessPending(db, .githubSync(GitHubSyncJob(userID: userID, paced: true)), runAt: now, now: now)
            }
            try Self.audit(db, actor: actor, action: .unsuspend, targetKind: "user", target: email, reason: reason, now: now)
        }
    }

    /// Whether the account is suspended, and why (nil when it is not, or is unknown).
    public func suspensionReason(userID: String) throws -> String? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT suspended_at, suspension_reason FROM users WHERE id = ?", arguments: [userID])
                .flatMap { row in (row[0] as Int64?) == nil ? nil : (row[1] as String?) ?? "" }
        }
    }

    /// Starts the account deletion flow for `userID` as if its owner asked (the page goes at once, the data after the
    /// grace period), audited with `reason`. The account is suspended too: logging in does not cancel this deletion.
    public func deleteUserAsAdmin(id userID: String, reason: String, actor: AdminActor) throws {
        let now = now()
        try writer.write { db in
            let email = try Self.accountEmail(db, userID: userID)
            guard userID != actor.userID else { throw AdminRefusal.ownAccount }
            guard try Self.scheduleDeletion(db, userID: userID, now: now) else { throw AdminRefusal.unchanged }
            // Suspended too, so the owner's log-in within the grace period (which restores an account whose owner
            // asked for its deletion) answers "suspended" instead of undoing the admin's decision.
            try db.execute(sql: """
                UPDATE users SET suspended_at = coalesce(suspended_at, ?), suspension_reason = coalesce(suspension_reason, ?) WHERE id = ?
                """, arguments: [now, reason, userID])
            try Self.decideReports(db, userID: userID, decision: "delete", now: now)
            try Self.audit(db, actor: actor, action: .delete, targetKind: "user", target: email, reason: reason, now: now)
        }
    }

    // MARK: Unpublishing

    /// Takes the profile `username` off the site with `reason` (shown to its owner in the editor): its page and Quick
    /// Connect pages go with the regenerations queued here, and stay off whatever the owner saves (an edit puts it in
    /// the review queue) until an admin republishes it. Its open reports are marked decided.
    public func unpublishProfile(username: Username, reason: String, actor: AdminActor) throws {
        let now = now()
        try writer.write { db in
            guard let userID = try String.fetchOne(db, sql: "SELECT user_id FROM public_profiles WHERE username = ?", arguments: [username.value])
            else { throw AdminRefusal.notFound }
            try db.execute(sql: """
                UPDATE public_profiles SET unpublished_at = ?, unpublish_reason = ?, appealed_at = NULL WHERE user_id = ? AND unpublished_at IS NULL
                """, arguments: [now, reason, userID])
            guard db.changesCount == 1 else { throw AdminRefusal.unchanged }
            try Self.refreshVisibility(db, userID: userID, now: now)
            try Self.enqueueAllQuickConnectPages(db, userID: userID, now: now)
            try Self.decideReports(db, userID: userID, decision: "unpublish", now: now)
            try Self.audit(db, actor: actor, action: .unpublish, targetKind: "profile", target: username.value, reason: reason, now: now)
        }
    }

    /// Puts an unpublished profile back: public again if its owner asks for it (and nothing else keeps it off).
    public func republishProfile(username: Username, reason: String?, actor: AdminActor) throws {
        let now = now()
        try writer.write { db in
            guard let userID = try String.fetchOne(db, sql: "SELECT user_id FROM public_profiles WHERE username = ?", arguments: [username.value])
            else { throw AdminRefusal.notFound }
            try db.execute(sql: """
                UPDATE public_profiles SET unpublished_at = NULL, unpublish_reason = NULL, appealed_at = NULL
                WHERE user_id = ? AND unpublished_at IS NOT NULL
                """, arguments: [userID])
            guard db.changesCount == 1 else { throw AdminRefusal.unchanged }
            try Self.refreshVisibility(db, userID: userID, now: now)
            try Self.enqueueAllQuickConnectPages(db, userID: userID, now: now)
            try Self.audit(db, actor: actor, action: .republish, targetKind: "profile", target: username.value, reason: reason, now: now)
        }
    }

    /// Why an admin took the owner's profile off the site, and when the owner last edited it since; nil when it is not
    /// unpublished.
    public func unpublishNotice(userID: String) throws -> (reason: String, appealedAt: Int64?)? {
        try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT unpublish_reason, appealed_at FROM public_profiles WHERE user_id = ? AND unpublished_at IS NOT NULL
                """, arguments: [userID]).map { (($0[0] as String?) ?? "", $0[1]) }
        }
    }

    // MARK: Helpers inside transactions

    /// The account's email address, or ``AdminRefusal/notFound`` (imported profiles' owners have no account).
    static func accountEmail(_ db: Database, userID: String) throws -> String {
        guard let email = try String.fetchOne(db, sql: "SELECT email FROM users WHERE id = ? AND email IS NOT NULL", arguments: [userID])
        else { throw AdminRefusal.notFound }
        return email
    }

    /// Queues the re-rendering of every Quick Connect page of the owner, revoked codes included (their closed pages
    /// leave the site with a suspension or an unpublishing, and come back with it).
    static func enqueueAllQuickConnectPages(_ db: Database, userID: String, now: Int64) throws {
        let ids = try String.fetchAll(db, sql: "SELECT id FROM quick_connect_codes WHERE user_id = ? ORDER BY id", arguments: [userID])
        guard !ids.isEmpty else { return }
        try enqueue(db, .regenerateConnect(ConnectPagesJob(codes: ids)), runAt: now, now: now)
    }

    /// Appends one row to the audit trail (call it inside the action's transaction).
    static func audit(
        _ db: Database, actor: AdminActor, action: AdminAction, targetKind: String, target: String, reason: String?, now: Int64
    ) throws {
        try db.execute(sql: """
            INSERT INTO admin_audit (created_at, actor, actor_id, action, target_kind, target, reason) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [now, actor.label, actor.userID, action.rawValue, targetKind, target, reason])
    }
}
