import DevhubCore
import Foundation
import GRDB

extension AppDatabase {
    /// The profile of account `userID`, if they made one.
    public func profile(userID: String) throws -> ProfileSnapshot? {
        try writer.read { db in
            guard var snapshot = try Self.fetchSnapshots(db, whereClause: "p.user_id = ?", arguments: [userID]).first else { return nil }
            // The editor shows what the owner asked for, not whether it is live yet.
            snapshot.profile.isPublic = try Bool.fetchOne(
                db, sql: "SELECT requested_public FROM public_profiles WHERE user_id = ?", arguments: [userID]) ?? true
            if let claim = try Self.domainClaim(db, userID: userID) { snapshot.profile.customDomain = claim.domain }
            return snapshot
        }
    }

    /// Creates or updates the profile of account `userID` and queues its regeneration (the old username's too
    /// after a rename). It goes public only when the owner asked for it and their email is verified; its custom
    /// domain is published only once DNS proved it (see ``claimDomain(_:userID:requested:now:)``). A profile an admin
    /// unpublished stays off the site, and the save puts it in the admins' review queue.
    /// Throws ``CoreError`` naming `username` or `custom_domain` when another profile has it or an admin reserved it.
    @discardableResult
    public func saveProfile(_ profile: Profile, userID: String) throws -> ProfileSnapshot {
        let now = now()
        return try writer.write { db in
            if let other = try String.fetchOne(
                db, sql: "SELECT user_id FROM public_profiles WHERE username = ? AND user_id <> ?", arguments: [profile.username.value, userID]),
                !other.isEmpty
            {
                throw CoreError(field: "username", "'\(profile.username)' is already taken")
            }
            if let domain = profile.customDomain, try Bool.fetchOne(
                db, sql: "SELECT 1 FROM public_profiles WHERE custom_domain = ? AND user_id <> ?", arguments: [domain.value, userID]) != nil
            {
                throw CoreError(field: "custom_domain", "'\(domain)' is already used by another profile")
            }
            try Self.checkNotReserved(db, profile, userID: userID)
            let allowed = try Bool.fetchOne(
                db, sql: "SELECT (email IS NULL OR email_verified = 1) AND suspended_at IS NULL FROM users WHERE id = ?", arguments: [userID]) ?? false
            // An unpublished profile stays off the site whatever its owner saves; the edit is their appeal.
            let unpublished = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM public_profiles WHERE user_id = ? AND unpublished_at IS NOT NULL", arguments: [userID]) ?? false
            let visible = profile.isPublic && allowed && !unpublished
            var stored = profile
            stored.customDomain = try Self.claimDomain(db, userID: userID, requested: profile.customDomain, now: now)
            let fieldsHash = Self.fieldsHash(stored)
            var regenerate = [profile.username.value]
            let id: String
            let createdAt: Int64
            if let existing = try Row.fetchOne(
                db, sql: "SELECT id, username, created_at FROM public_profiles WHERE user_id = ?", arguments: [userID])
            {
                id = existing[0]
                createdAt = existing[2]
                let oldUsername: String = existing[1]
                if oldUsername != profile.username.value { regenerate.append(oldUsername) }
                try writeProfile(db, stored, id: id, userID: nil, visible: visible, createdAt: createdAt, updatedAt: now,
                                 contentHash: Self.contentHash(fieldsHash: fieldsHash, createdAt: createdAt, updatedAt: now))
            } else {
                id = ULID(milliseconds: now).value
                createdAt = now
                try writeProfile(db, stored, id: id, userID: userID, visible: visible, createdAt: now, updatedAt: now,
                                 contentHash: Self.contentHash(fieldsHash: fieldsHash, createdAt: now, updatedAt: now))
            }
            if unpublished { try db.execute(sql: "UPDATE public_profiles SET appealed_at = ? WHERE id = ?", arguments: [now, id]) }
            try Self.enqueue(db, .regenerate(ProfilesJob(usernames: regenerate)), runAt: now, now: now)
            try Self.enqueueQuickConnectPages(db, userID: userID, now: now)
            return ProfileSnapshot(
                id: id, profile: profile, createdAt: createdAt, updatedAt: now,
                contentHash: Self.contentHash(fieldsHash: fieldsHash, createdAt: createdAt, updatedAt: now))
        }
    }
}
