import Crypto
import DevhubCore
import Foundation
import GRDB

/// What an import did.
public struct ImportSummary: Equatable, Sendable, CustomStringConvertible {
    public var created = 0
    public var updated = 0
    public var unchanged = 0

    public var description: String { "\(created) created, \(updated) updated, \(unchanged) unchanged" }
}

extension AppDatabase {
    /// Inserts or updates `profiles` by username in one transaction: all of them or none.
    /// A profile whose fields are unchanged keeps its `updated_at`, so re-importing changes nothing.
    @discardableResult
    public func importProfiles(_ profiles: [Profile]) throws -> ImportSummary {
        try importProfiles { upsert in try upsert(profiles) }
    }

    /// One import transaction fed in chunks: `body` calls `upsert` with each chunk as it is read, so memory
    /// stays flat however many profiles there are. If `body` throws, nothing is written.
    @discardableResult
    public func importProfiles(_ body: (_ upsert: ([Profile]) throws -> Void) throws -> Void) throws -> ImportSummary {
        let now = now()
        do {
            return try writer.write { db in
                var summary = ImportSummary()
                try body { profiles in
                    try upsertProfiles(db, profiles, now: now, summary: &summary)
                }
                return summary
            }
        } catch let error as DatabaseError {
            throw StoreError("importing profiles", reason: Self.explain(error))
        }
    }

    private func upsertProfiles(_ db: Database, _ profiles: [Profile], now: Int64, summary: inout ImportSummary) throws {
        for profile in profiles {
            let fieldsHash = Self.fieldsHash(profile)
            if let existing = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT id, created_at, content_hash, updated_at, unpublished_at FROM public_profiles WHERE username = ?"),
                arguments: [profile.username.value])
            {
                let id: String = existing["id"]
                let createdAt: Int64 = existing["created_at"]
                let updatedAt: Int64 = existing["updated_at"]
                let storedHash: String = existing["content_hash"]
                if storedHash == Self.contentHash(fieldsHash: fieldsHash, createdAt: createdAt, updatedAt: updatedAt) {
                    summary.unchanged += 1
                    continue
                }
                let updated = max(now, updatedAt + 1)
                // A profile an admin unpublished stays off the site, whatever the file says.
                let unpublished = (existing["unpublished_at"] as Int64?) != nil
                try writeProfile(db, profile, id: id, userID: nil, visible: profile.isPublic && !unpublished, createdAt: createdAt, updatedAt: updated,
                                 contentHash: Self.contentHash(fieldsHash: fieldsHash, createdAt: createdAt, updatedAt: updated))
                summary.updated += 1
            } else {
                let userID = ULID(milliseconds: now).value
                try db.cachedStatement(sql: "INSERT INTO users (id, created_at, updated_at) VALUES (?, ?, ?)")
                    .execute(arguments: [userID, now, now])
                try writeProfile(db, profile, id: ULID(milliseconds: now).value, userID: userID, createdAt: now, updatedAt: now,
                                 contentHash: Self.contentHash(fieldsHash: fieldsHash, createdAt: now, updatedAt: now))
                summary.created += 1
            }
        }
    }

    /// Writes the profile row (insert when `userID` is given, update otherwise) and replaces its links and skills.
    func writeProfile(
        _ db: Database, _ profile: Profile, id: String, userID: String?, visible: Bool? = nil, createdAt: Int64, updatedAt: Int64,
        contentHash: String
    ) throws {
        let arguments: StatementArguments = [
            profile.username.value, visible ?? profile.isPublic, profile.name, profile.headline, profile.bio, profile.location,
            profile.website, profile.avatar, profile.customDomain?.value, contentHash, updatedAt, id,
        ]
        if let userID {
            try db.cachedStatement(sql: """
                INSERT INTO public_profiles (username, slug, is_public, display_name, headline, bio, location, website, avatar,
                  custom_domain, content_hash, updated_at, id, user_id, created_at, requested_public)
                VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                """).execute(arguments: arguments + [userID, createdAt, profile.isPublic])
        } else {
            try db.cachedStatement(sql: """
                UPDATE public_profiles SET username = ?1, slug = ?1, is_public = ?2, display_name = ?3, headline = ?4, bio = ?5,
                  location = ?6, website = ?7, avatar = ?8, custom_domain = ?9, content_hash = ?10, updated_at = ?11,
                  requested_public = ?13
                WHERE id = ?12
                """).execute(arguments: arguments + [profile.isPublic])
            try db.cachedStatement(sql: "DELETE FROM profile_links WHERE profile_id = ?").execute(arguments: [id])
            try db.cachedStatement(sql: "DELETE FROM profile_skills WHERE profile_id = ?").execute(arguments: [id])
        }
        let insertLink = try db.cachedStatement(sql: "INSERT INTO profile_links (profile_id, position, label, url) VALUES (?, ?, ?, ?)")
        for (position, link) in profile.links.enumerated() {
            try insertLink.execute(arguments: [id, position, link.label, link.url])
        }
        let insertSkill = try db.cachedStatement(sql: "INSERT INTO profile_skills (profile_id, position, name) VALUES (?, ?, ?)")
        for (position, skill) in profile.skills.enumerated() {
            try insertSkill.execute(arguments: [id, position, skill])
        }
    }

    /// The profile stored under `username`, public or not.
    public func profile(username: Username) throws -> ProfileSnapshot? {
        try writer.read { db in
            try Self.fetchSnapshots(db, whereClause: "p.username = ?", arguments: [username.value]).first
        }
    }

    /// SHA-256 of the profile's fields in a canonical encoding: every field in a fixed order, each
    /// length-prefixed so that no two different profiles encode alike.
    static func fieldsHash(_ profile: Profile) -> String {
        var hasher = SHA256()
        func add(_ text: String?) {
            guard let text else { hasher.update(data: [0]); return }
            hasher.update(data: Array("\(text.utf8.count):".utf8))
            hasher.update(data: Array(text.utf8))
        }
        add(profile.username.value); add(profile.name); add(profile.headline); add(profile.location)
        add(profile.website); add(profile.avatar); add(profile.customDomain?.value); add(profile.isPublic ? "1" : "0")
        add(profile.bio)
        add(String(profile.links.count))
        for link in profile.links { add(link.label); add(link.url) }
        add(String(profile.skills.count))
        for skill in profile.skills { add(skill) }
        return hasher.finalize().hexString
    }

    /// The stored content hash: the fields plus the times the page shows.
    static func contentHash(fieldsHash: String, createdAt: Int64, updatedAt: Int64) -> String {
        SHA256.hash(data: Data("\(fieldsHash)|\(createdAt)|\(updatedAt)".utf8)).hexString
    }

    /// A readable reason for a database error, naming the profile field a constraint belongs to.
    static func explain(_ error: DatabaseError) -> String {
        let message = error.message ?? "\(error)"
        if message.contains("public_profiles.custom_domain") { return "custom_domain is already used by another profile" }
        if message.contains("public_profiles.username") { return "username is already taken" }
        return message
    }
}

extension Digest {
    /// Lower-case hexadecimal digits of the digest.
    var hexString: String { Hex.encode(self) }
}
