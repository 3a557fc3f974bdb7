import DevhubCore
import Foundation
import GRDB

extension AppDatabase {
    /// The report type of the daily digest in `agent_reports`.
    static let dailyDigest = "daily-digest"

    /// The owner's CRM preferences, or nil for an unknown account.
    public func ownerSettings(userID: String) throws -> OwnerSettings? {
        try writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT email, email_verified, time_zone, digest_hour, digest_enabled FROM users WHERE id = ? AND email IS NOT NULL
                """, arguments: [userID])
                .map { OwnerSettings(email: $0[0], verified: $0[1], timeZone: $0[2], digestHour: $0[3], digestEnabled: $0[4]) }
        }
    }

    /// Saves the owner's time zone and digest preferences (already checked) and asks for a digest sweep, so a digest
    /// whose hour has already passed today goes out now.
    public func updateOwnerSettings(userID: String, timeZone: String, digestHour: Int, digestEnabled: Bool) throws {
        let now = now()
        try writer.write { db in
            try db.execute(sql: """
                UPDATE users SET time_zone = ?, digest_hour = ?, digest_enabled = ?, updated_at = ? WHERE id = ?
                """, arguments: [timeZone, digestHour, digestEnabled, now, userID])
            try Self.enqueue(db, .digestSweep(DigestSweepJob(once: true)), runAt: now, now: now)
        }
    }

    /// Computes the owner's digest for `today` (ranking + insights) and stores it, replacing an earlier one of the
    /// same day but keeping whether it was mailed.
    public func refreshDigest(userID: String, today: CalendarDate) throws -> DigestReport {
        let now = now()
        return try writer.write { db in try Self.refreshDigest(db, userID: userID, today: today, now: now) }
    }

    /// The owner's stored digest of `date`, if any.
    public func digest(userID: String, date: CalendarDate) throws -> DigestReport? {
        try writer.read { db in try Self.storedDigest(db, userID: userID, date: date) }
    }

    /// Verified owners with the digest on, whose local hour has reached their digest hour and whose digest of their
    /// local today has not been mailed: `(userID, today)`.
    public func ownersDueForDigest() throws -> [(userID: String, today: CalendarDate)] {
        let now = now()
        let instant = Date(timeIntervalSince1970: Double(now) / 1000)
        return try writer.read { db in
            var due: [(String, CalendarDate)] = []
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, time_zone, digest_hour FROM users WHERE email_verified = 1 AND digest_enabled = 1 AND email IS NOT NULL AND deletion_requested_at IS NULL
                """)
            for row in rows {
                let zone = TimeZone(identifier: row[1]) ?? TimeZone(identifier: "UTC")!
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = zone
                guard calendar.component(.hour, from: instant) >= (row[2] as Int) else { continue }
                let today = CalendarDate.on(instant, in: zone)
                let mailed = try Bool.fetchOne(db, sql: """
                    SELECT 1 FROM agent_reports WHERE user_id = ? AND report_type = ? AND report_date = ? AND mailed_at IS NOT NULL
                    """, arguments: [row[0] as String, Self.dailyDigest, today.iso]) ?? false
                if !mailed { due.append((row[0], today)) }
            }
            return due
        }
    }

    /// Queues the email `mail` makes of `report` (from ``refreshDigest(userID:today:)``) unless that day's digest
    /// was mailed already or lists nobody — checked and marked in one transaction, so a digest is mailed at most once
    /// a day. Returns the report when a mail was queued.
    public func mailDigest(_ report: DigestReport, userID: String, mail: (DigestReport, String) -> OutgoingMail) throws -> DigestReport? {
        let now = now()
        return try writer.write { db in
            guard let email = try String.fetchOne(db, sql: "SELECT email FROM users WHERE id = ? AND email_verified = 1", arguments: [userID]) else { return nil }
            // Nobody to get in touch with: no email (a later sweep the same day mails it once someone is due).
            guard !report.priorities.isEmpty, try Self.storedDigest(db, userID: userID, date: report.date)?.mailedAt == nil else { return nil }
            try Self.queueMail(db, mail(report, email), userID: userID, now: now)
            try db.execute(sql: """
                UPDATE agent_reports SET mailed_at = ? WHERE user_id = ? AND report_type = ? AND report_date = ?
                """, arguments: [now, userID, Self.dailyDigest, report.date.iso])
            var mailed = report
            mailed.mailedAt = now
            return mailed
        }
    }

    // MARK: Helpers inside transactions

    static func refreshDigest(_ db: Database, userID: String, today: CalendarDate, now: Int64) throws -> DigestReport {
        let newsSince = now - Int64(FollowUp.newsDays) * 86_400_000
        let found = try contacts(db, db.makeStatement(sql: """
            \(contactSelect) WHERE c.user_id = ? AND (c.next_follow_up <= ? OR c.birthday IS NOT NULL OR c.vip = 1
              OR c.id IN (SELECT contact_id FROM github_insights WHERE user_id = ? AND acknowledged = 0 AND created_at >= ?))
            """), arguments: [userID, today.adding(days: FollowUp.dueSoonDays).iso, userID, newsSince])
        let news = try latestGitHubNews(db, userID: userID, since: newsSince)
        let candidates = found.map { stored in
            var candidate = stored.attentionCandidate
            candidate.news = news[stored.id]
            return candidate
        }
        let ranked = Attention.rank(candidates, today: today)
        let insights = try insights(db, userID: userID, today: today, ranked: ranked)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let priorities = ranked.map(DigestEntry.init)
        try db.execute(sql: """
            INSERT INTO agent_reports (id, user_id, report_type, report_date, priorities, insights, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (user_id, report_type, report_date) DO UPDATE SET priorities = excluded.priorities, insights = excluded.insights,
              created_at = excluded.created_at
            """, arguments: [
                ULID(milliseconds: now).value, userID, dailyDigest, today.iso,
                String(decoding: try encoder.encode(priorities), as: UTF8.self),
                String(decoding: try encoder.encode(insights), as: UTF8.self), now,
            ])
        return try storedDigest(db, userID: userID, date: today)!
    }

    static func storedDigest(_ db: Database, userID: String, date: CalendarDate) throws -> DigestReport? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT priorities, insights, created_at, mailed_at FROM agent_reports WHERE user_id = ? AND report_type = ? AND report_date = ?
            """, arguments: [userID, dailyDigest, date.iso])
        else { return nil }
        let decoder = JSONDecoder()
        return DigestReport(
            date: date,
            priorities: (try? decoder.decode([DigestEntry].self, from: Data((row[0] as String).utf8))) ?? [],
            insights: (try? decoder.decode([String].self, from: Data((row[1] as String).utf8))) ?? [],
            createdAt: row[2], mailedAt: row[3])
    }

    /// A few plain facts for the digest: what needs doing, what was done this week, what is not tracked.
    static func insights(_ db: Database, userID: String, today: CalendarDate, ranked: [AttentionItem]) throws -> [String] {
        let row = try Row.fetchOne(db, sql: """
            SELECT count(*), sum(cadence_days IS NULL AND reminder_date IS NULL), sum(vip),
              (SELECT count(*) FROM interactions WHERE user_id = ? AND date > ? AND date <= ?)
            FROM contacts WHERE user_id = ?
            """, arguments: [userID, today.adding(days: -7).iso, today.iso, userID])!
        let total: Int = row[0]
        guard total > 0 else { return ["Your CRM is empty: add contacts by hand, from a vCard file or a CSV export."] }
        var insights: [String] = []
        let overdue = ranked.filter { $0.reasons.contains { $0.kind == "overdue" } }.count
        let soon = ranked.filter { $0.reasons.contains { $0.kind == "due_today" || $0.kind == "due_soon" } }.count
        let birthdays = ranked.filter { $0.reasons.contains { $0.kind == "birthday" } }.count
        if overdue > 0 { insights.append("\(overdue) follow-up\(overdue == 1 ? " is" : "s are") overdue.") }
        if soon > 0 { insights.append("\(soon) follow-up\(soon == 1 ? " is" : "s are") due within \(FollowUp.dueSoonDays) days.") }
        if birthdays > 0 { insights.append("\(birthdays) birthday\(birthdays == 1 ? "" : "s") this week.") }
        let week: Int = row[3]
        insights.append("You logged \(week) interaction\(week == 1 ? "" : "s") in the last 7 days.")
        let untracked: Int = row[1] ?? 0
        if untracked > 0 {
            insights.append("\(untracked) of your \(total) contacts \(untracked == 1 ? "has" : "have") no follow-up cadence: set one to be reminded.")
        }
        return insights
    }
}

extension AppDatabase {
    /// Every stored digest of the owner, oldest first (exports).
    public func allDigests(userID: String) throws -> [DigestReport] {
        let dates = try writer.read { db in
            try String.fetchAll(db, sql: "SELECT report_date FROM agent_reports WHERE user_id = ? AND report_type = ? ORDER BY report_date", arguments: [userID, Self.dailyDigest])
        }
        return try dates.compactMap(CalendarDate.init(iso:)).compactMap { try digest(userID: userID, date: $0) }
    }
}
