import GRDB

extension AppDatabase {
    /// Custom domains as claims that DNS must prove. `public_profiles.custom_domain` keeps only the published
    /// (verified, or imported by the operator) domain, so the generator never sees an unproven one.
    static func registerDomainClaimMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-domain-claims") { db in
            let now = AppDatabase.systemMilliseconds()
            try db.execute(sql: """
                CREATE TABLE domain_claims (
                  user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
                  domain TEXT NOT NULL COLLATE NOCASE,
                  challenge TEXT NOT NULL,
                  status TEXT NOT NULL,
                  claimed_at INTEGER NOT NULL,
                  checked_at INTEGER,
                  next_check_at INTEGER,
                  attempts INTEGER NOT NULL DEFAULT 0,
                  last_error TEXT,
                  verified_at INTEGER
                ) WITHOUT ROWID;
                CREATE INDEX domain_claims_domain ON domain_claims(domain);
                CREATE INDEX domain_claims_due ON domain_claims(next_check_at) WHERE next_check_at IS NOT NULL;
                """)
            // Domains set through the server before this version were taken on the user's word: they start over
            // as pending claims (checked within a minute) and leave the site until DNS proves them. Domains of
            // imported profiles (accounts without an email) are the operator's word and stay.
            try db.execute(sql: """
                INSERT INTO domain_claims (user_id, domain, challenge, status, claimed_at, next_check_at)
                  SELECT p.user_id, p.custom_domain, ? || lower(hex(randomblob(16))), 'pending', ?, ?
                  FROM public_profiles p JOIN users u ON u.id = p.user_id
                  WHERE p.custom_domain IS NOT NULL AND u.email IS NOT NULL;
                UPDATE public_profiles SET custom_domain = NULL, content_hash = 'unproven-domain:' || content_hash
                  WHERE custom_domain IS NOT NULL AND user_id IN (SELECT id FROM users WHERE email IS NOT NULL);
                """, arguments: [DomainClaim.challengePrefix, now, now])
        }
    }
}
