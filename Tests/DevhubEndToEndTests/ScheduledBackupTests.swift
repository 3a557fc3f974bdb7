import Foundation
import Testing

/// `devhub serve --backup-dir`: dated online backups that pass `PRAGMA integrity_check` and rotate; `devhub restore`:
/// refuses while a server holds the database and refuses bad files, and a server started on a restored backup
/// serves the same profiles and contacts.
@Suite("Server: scheduled backups and restore", .enabled(if: Devhub.hasTool("curl") && Devhub.hasTool("sqlite3"), "needs curl and sqlite3"))
struct ScheduledBackupTests {
    /// The dated backups in `directory`, oldest first.
    static func backups(_ directory: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix("devhub-") && $0.hasSuffix(".sqlite") }.sorted()
    }

    /// How many backups the server's log says it wrote.
    static func written(_ server: ServerProcess) -> Int {
        ((try? String(contentsOf: server.log, encoding: .utf8)) ?? "").components(separatedBy: "backup written").count - 1
    }

    @Test("backups every second, two kept: they appear, rotate (never more than two after several) and pass the integrity check")
    func backupsRotate() async throws {
        let site = try await ServerProcess.makeSite()
        let folder = site.root.appendingPathComponent("backups")
        try await ServerProcess.run(["--backup-dir", folder.path, "--backup-every", "1s", "--backup-keep", "2"], site: site) { server in
            // Looked at repeatedly while backups keep coming: never more than two, and two once rotation runs.
            var most = 0
            let rotated = await server.eventually {
                let seen = Self.backups(folder)
                most = max(most, seen.count)
                return Self.written(server) >= 4 && seen.count == 2
            }
            #expect(rotated, "fewer than 4 backups written, or not two kept (\(Self.backups(folder))); log:\n\(server.logTail())")
            #expect(most <= 2, "the folder held \(most) backups at once")
        }
        // Once the server stopped, the folder holds two dated backups and nothing else, each a sound copy.
        let names = Self.backups(folder)
        #expect(names.count == 2, "backups kept: \(names)")
        let all = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        #expect(Set(all) == Set(names), "other files in the backup folder: \(all)")
        for name in names {
            #expect(name.range(of: #"^devhub-\d{4}-\d{2}-\d{2}T\d{6}Z\.sqlite$"#, options: .regularExpression) != nil, "backup name: \(name)")
            let path = folder.appendingPathComponent(name).path
            #expect(try await SQLiteFile.query(path, "PRAGMA integrity_check") == "ok", "\(name) fails the integrity check")
            let profiles = try await SQLiteFile.count(path, "SELECT count(*) FROM public_profiles")
            let live = try await SQLiteFile.count(site.db.path, "SELECT count(*) FROM public_profiles")
            #expect(profiles > 0 && profiles == live, "\(name) holds \(profiles) profiles, the database \(live)")
        }
        #expect(try await SQLiteFile.count(site.db.path, "SELECT count(*) FROM server_state WHERE name = 'backup' AND at > 0") == 1,
                "the last backup's time is not recorded")
    }

    @Test("a failed backup is logged without data, keeps no file and is tried again within 5 minutes, not a day later")
    func failedBackupIsRetried() async throws {
        let site = try await ServerProcess.makeSite()
        // A file where the backup folder should be: creating the folder fails.
        let blocker = site.root.appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: blocker)
        let folder = blocker.appendingPathComponent("backups")
        try await ServerProcess.run(["--backup-dir", folder.path, "--backup-every", "1d"], site: site) { server in
            #expect(await server.eventually { server.logText.contains("backup failed") }, "no failure logged; log:\n\(server.logTail())")
            #expect(!server.logText.contains("@example") && !server.logText.contains("backup written"), "the log: \(server.logTail())")
            let query = """
                SELECT count(*) FROM jobs f, jobs n WHERE f.kind = 'backup' AND f.done_at IS NOT NULL
                  AND n.kind = 'backup' AND n.done_at IS NULL AND n.run_at > f.done_at AND n.run_at <= f.done_at + 300000
                """
            #expect(await server.eventually { (try? await SQLiteFile.count(site.db.path, query)) == 1 },
                    "no backup queued again within 5 minutes of the failure")
        }
        #expect(try await SQLiteFile.count(site.db.path, "SELECT count(*) FROM server_state WHERE name = 'backup'") == 0, "a failed backup was recorded as done")
    }

    @Test("restore refuses while a server runs; after it stops, a server on the restored backup serves the same profiles and contacts")
    func restoreServesTheSameData() async throws {
        let site = try await ServerProcess.makeSite()
        let folder = site.root.appendingPathComponent("backups")
        let profile = try #require(try DemoProfile.all().first { $0.isPublic && $0.customDomain == nil }, "no public demo profile")
        var session = ""
        var backup = ""
        var profilePage = ""
        // Enough kept that the backup this test picks is not rotated away while it runs.
        try await ServerProcess.run(["--backup-dir", folder.path, "--backup-every", "1s", "--backup-keep", "1000"], site: site) { server in
            session = try await server.verifiedSession("keeper@example.test")
            #expect(await server.post("/api/contacts", json: ["name": "Backed Up Friend"], session: session).status == 201)
            // A backup that holds the contact.
            let found = await server.eventually {
                for name in Self.backups(folder).reversed() {
                    let path = folder.appendingPathComponent(name).path
                    if (try? await SQLiteFile.count(path, "SELECT count(*) FROM contacts WHERE name = 'Backed Up Friend'")) == 1 {
                        backup = path
                        return true
                    }
                }
                return false
            }
            try #require(found, "no backup holds the new contact; log:\n\(server.logTail())")
            #expect(await server.post("/api/contacts", json: ["name": "After The Backup"], session: session).status == 201)
            let page = await server.get("/@\(profile.username)/")
            try #require(page.status == 200, "GET /@\(profile.username)/: \(page)")
            profilePage = page.body

            let refused = await Devhub.run(["restore", backup, "--db", site.db.path])
            #expect(refused.status != 0, "restore while the server runs: \(refused)")
            #expect(refused.stderr.contains(site.db.path) && refused.stderr.contains("running server"), "the refusal: \(refused)")
            #expect(try await server.names("/api/contacts", session: session) == ["After The Backup", "Backed Up Friend"],
                    "a refused restore changed the database")
        }

        let restored = await Devhub.run(["restore", backup, "--db", site.db.path])
        try #require(restored.status == 0, "restore: \(restored)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: site.db.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(site.db.lastPathComponent + ".before-restore-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
        #expect(kept.count == 1, "the old database is not kept beside it: \(kept)")
        #expect(!FileManager.default.fileExists(atPath: site.db.path + "-wal"), "the old database's WAL is still beside the restored one")
        if let old = kept.first {
            let oldPath = site.db.deletingLastPathComponent().appendingPathComponent(old).path
            #expect(try await SQLiteFile.count(oldPath, "SELECT count(*) FROM contacts WHERE name = 'After The Backup'") == 1,
                    "the kept database lost its last contact (its WAL did not move with it)")
        }

        let storedSession = session
        let page = profilePage
        try await ServerProcess.run([], site: site) { (server: ServerProcess) async throws in
            // The session stored in the backup still opens the account.
            let names = try await server.names("/api/contacts", session: storedSession)
            #expect(names == ["Backed Up Friend"], "contacts after the restore")
            let served = await server.get("/@\(profile.username)/")
            #expect(served.status == 200 && served.body == page, "the profile page after the restore: \(served.status)")
        }
    }

    @Test("restore refuses a corrupt file, one failing the integrity check, a file that is not a database, a backup of a newer version and a missing file, naming the file")
    func restoreRefusesBadFiles() async throws {
        let site = try await ServerProcess.makeSite()
        let good = site.root.appendingPathComponent("good.sqlite").path
        let backedUp = await Devhub.run(["backup", good, "--db", site.db.path])
        try #require(backedUp.status == 0, "devhub backup: \(backedUp)")
        let before = try Data(contentsOf: site.db)

        // Pages of the table data overwritten, the header left as it is.
        let corrupt = site.root.appendingPathComponent("corrupt.sqlite")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let pageSize = 4096
        try #require(bytes.count > 4 * pageSize, "the backup is too small to corrupt")
        for index in pageSize..<(bytes.count - pageSize) where index % 7 != 0 { bytes[index] = UInt8(truncatingIfNeeded: index &* 31) }
        try bytes.write(to: corrupt)
        let text = site.root.appendingPathComponent("notes.sqlite")
        try Data("this is not a database\n".utf8).write(to: text)
        let newer = site.root.appendingPathComponent("newer.sqlite").path
        try FileManager.default.copyItem(atPath: good, toPath: newer)
        _ = try await SQLiteFile.query(newer, "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        let missing = site.root.appendingPathComponent("missing.sqlite").path
        // Readable, but an index's pages belong to nothing: only `PRAGMA integrity_check` notices.
        let orphaned = site.root.appendingPathComponent("orphaned.sqlite").path
        try FileManager.default.copyItem(atPath: good, toPath: orphaned)
        _ = try await SQLiteFile.query(orphaned, "PRAGMA writable_schema = ON; DELETE FROM sqlite_master WHERE name = 'contacts_owner_name'")
        #expect(try await SQLiteFile.count(orphaned, "SELECT count(*) FROM public_profiles") > 0, "the orphaned copy is not readable")

        for (file, words) in [(corrupt.path, ""), (text.path, ""), (newer, "newer"), (missing, "no such file"), (orphaned, "integrity check failed")] {
            let result = await Devhub.run(["restore", file, "--db", site.db.path])
            #expect(result.status != 0, "restore \(file): \(result)")
            let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("Usage") && !$0.isEmpty }
            #expect(lines.count == 1 && result.stderr.contains(file), "the error names \(file) in one line: \(result)")
            #expect(words.isEmpty || result.stderr.contains(words), "the error says '\(words)': \(result)")
        }
        #expect(try Data(contentsOf: site.db) == before, "a refused restore changed the database")
        let strays = try FileManager.default.contentsOfDirectory(atPath: site.db.deletingLastPathComponent().path)
            .filter { $0.contains(".before-restore-") || $0.contains(".restoring") }
        #expect(strays.isEmpty, "a refused restore left files: \(strays)")
        #expect(try await SQLiteFile.query(newer, "PRAGMA integrity_check") == "ok", "restore changed the backup it refused")
    }
}
