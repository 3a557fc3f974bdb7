import Foundation
import Testing

/// `devhub publish` against the local Bunny stand-in: the zone ends up equal to `output/` byte for byte, in phase
/// order, only changed files travel, every changed URL is purged, faults are retried until the zone converges, a
/// refused key is one line, and `--verify` repairs a zone changed by hand.
@Suite("devhub publish to Bunny Storage")
struct PublishTests {
    /// The URLs that show `path` (the folder URL for `…/index.html`; `https://DOMAIN/…` for `domains/DOMAIN/…`).
    static func expectedURLs(_ path: String, domains: Set<String>) -> Set<String> {
        func folder(_ path: String) -> String {
            path == "index.html" ? "" : path.hasSuffix("/index.html") ? String(path.dropLast("index.html".count)) : path
        }
        var urls: Set = ["\(TempSite.baseURL)/\(folder(path))"]
        let parts = path.split(separator: "/", maxSplits: 2).map(String.init)
        if parts.count == 3, parts[0] == "domains", domains.contains(parts[1]) { urls.insert("https://\(parts[1])/\(folder(parts[2]))") }
        return urls
    }

    /// The keys of the output's `domains.json`.
    static func domains(_ site: TempSite) throws -> Set<String> {
        Set(try JSONDecoder().decode([String: String].self, from: site.data("domains.json")).keys)
    }

    /// The SHA-256-free identity of each output file: its bytes.
    static func snapshot(_ site: TempSite) throws -> [String: Data] {
        Dictionary(uniqueKeysWithValues: try site.files().map { ($0, try site.data($0)) })
    }

    /// 0 assets, 1 pages and files, 2 lists (the publish order).
    static func phase(_ path: String) -> Int {
        if path.hasPrefix("assets/") { return 0 }
        let lists = path == "index.html" || path.hasPrefix("page/") || path == "robots.txt" || path == "domains.json"
            || path == "_headers" || (!path.contains("/") && path.hasPrefix("sitemap") && path.hasSuffix(".xml"))
        return lists ? 2 : 1
    }

    @Test("a first publish mirrors output/ in phase order and purges every URL; a second one uploads nothing")
    func firstAndSecondPublish() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let fixture = try await BunnyFixture.start(in: site.root)
        defer { fixture.stop() }

        let first = await fixture.publish(site)
        try #require(first.status == 0, "\(first)")
        let files = site.files()
        #expect(PublishSummary(first.stdout) == PublishSummary(uploaded: files.count, skipped: 0, deleted: 0, purged: PublishSummary(first.stdout)?.purged ?? -1), "\(first)")
        OutputTree.expectEqual(site, site.out, fixture.zoneRoot)
        #expect(!files.contains { $0.hasPrefix(".") }, "dot-files in the output listing")
        let phases = fixture.uploads.map(Self.phase)
        #expect(phases == phases.sorted(), "uploads out of phase order: \(fixture.uploads)")
        let domains = try Self.domains(site)
        let expected = files.reduce(into: Set<String>()) { $0.formUnion(Self.expectedURLs($1, domains: domains)) }
        #expect(Set(fixture.purges) == expected, "purged \(Set(fixture.purges).symmetricDifference(expected).sorted().prefix(10))")
        #expect(PublishSummary(first.stdout)?.purged == expected.count)
        #expect(fixture.purges.contains("\(TempSite.baseURL)/@\(demo.publicProfiles[0].username)/"))
        for text in [first.stdout, first.stderr] {
            #expect(!text.contains(BunnyFixture.storageKey) && !text.contains(BunnyFixture.apiKey), "a key was printed")
        }

        let putsBefore = fixture.uploads.count
        let purgesBefore = fixture.purges.count
        let second = await fixture.publish(site)
        #expect(second.status == 0, "\(second)")
        #expect(PublishSummary(second.stdout) == PublishSummary(uploaded: 0, skipped: files.count, deleted: 0, purged: 0), "\(second)")
        #expect(fixture.uploads.count == putsBefore, "a second publish uploaded \(fixture.uploads.dropFirst(putsBefore))")
        #expect(fixture.purges.count == purgesBefore)

        // Files the build no longer produces (a profile turned private) are deleted from the zone, last, and purged.
        let profile = try #require(demo.publicProfiles.first { $0.customDomain == nil })
        try site.addFrontMatterLine("public: false", to: profile.file)
        try #require(await site.importProfiles().status == 0)
        try #require(await site.build().status == 0)
        let gone = Set(files).subtracting(site.files())
        try #require(gone.contains("@\(profile.username)/index.html"), "the build removed \(gone.sorted())")
        let uploadsBefore = fixture.uploads.count
        let third = await fixture.publish(site)
        #expect(third.status == 0, "\(third)")
        #expect(PublishSummary(third.stdout)?.deleted == gone.count, "\(third)")
        #expect(Set(fixture.deletions) == gone && fixture.deletions.count == gone.count, "deleted \(fixture.deletions)")
        let requests = fixture.requests
        let lastUpload = requests.lastIndex { $0.method == "PUT" } ?? -1
        let firstDeletion = requests.firstIndex { $0.method == "DELETE" } ?? -1
        #expect(lastUpload < firstDeletion, "a deletion came before an upload")
        #expect(fixture.uploads.count > uploadsBefore, "the directory and sitemap were not uploaded again")
        #expect(fixture.purges.contains("\(TempSite.baseURL)/@\(profile.username)/"), "the removed page was not purged")
        OutputTree.expectEqual(site, site.out, fixture.zoneRoot)
    }

    @Test("after a one-profile edit and build --only, publish uploads exactly the files whose bytes changed")
    func oneProfileEdit() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let fixture = try await BunnyFixture.start(in: site.root)
        defer { fixture.stop() }
        let first = await fixture.publish(site)
        try #require(first.status == 0, "\(first)")

        let profile = try #require(demo.publicProfiles.first { $0.customDomain == nil })
        let before = try Self.snapshot(site)
        try site.editProfile(profile.file) { text in
            text.replacingOccurrences(of: #"(?m)^headline: .*$"#, with: "headline: Publishing only what changed", options: .regularExpression)
        }
        let imported = await site.importProfiles()
        try #require(imported.status == 0, "\(imported)")
        let built = await Devhub.run([
            "build", "--only", profile.username, "--db", site.db.path, "--out", site.out.path, "--base-url", TempSite.baseURL,
            "--content", site.content.path, "--templates", site.templates.path,
        ], in: site.root)
        try #require(built.status == 0, "\(built)")
        let after = try Self.snapshot(site)
        let changed = Set(after.keys.filter { before[$0] != after[$0] })
        try #require(changed.contains("@\(profile.username)/index.html"), "the edit changed \(changed.sorted())")

        let uploadsBefore = fixture.uploads.count
        let purgesBefore = fixture.purges.count
        let second = await fixture.publish(site)
        #expect(second.status == 0, "\(second)")
        let uploaded = Array(fixture.uploads.dropFirst(uploadsBefore))
        #expect(Set(uploaded) == changed && uploaded.count == changed.count, "uploaded \(uploaded.sorted()), changed \(changed.sorted())")
        #expect(PublishSummary(second.stdout)?.uploaded == changed.count, "\(second)")
        #expect(PublishSummary(second.stdout)?.skipped == after.count - changed.count)
        let purged = Set(fixture.purges.dropFirst(purgesBefore))
        #expect(purged.contains("\(TempSite.baseURL)/@\(profile.username)/"), "purged \(purged.sorted())")
        #expect(purged.contains("\(TempSite.baseURL)/"), "the directory was not purged: \(purged.sorted())")
        OutputTree.expectEqual(site, site.out, fixture.zoneRoot)
    }

    @Test("with 500s, 429s, slow answers and dropped uploads, repeated publishes converge to output/")
    func faultsConverge() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let fixture = try await BunnyFixture.start(in: site.root)
        defer { fixture.stop() }
        try fixture.setFaults([
            "seed": 14, "error_rate": 0.15, "throttle_rate": 0.1, "retry_after": 1, "slow_rate": 0.03, "slow_seconds": 2.5,
            "drop_rate": 0.1,
        ])
        var runs: [RunResult] = []
        for _ in 0..<6 {
            let run = await fixture.publish(site, ["--timeout", "1", "--jobs", "8"])
            runs.append(run)
            if run.status == 0 { break }
        }
        let last = try #require(runs.last)
        try #require(last.status == 0, "no publish succeeded in \(runs.count) runs; last: \(last)")
        let statuses = Set(fixture.requests.map(\.status))
        #expect(statuses.contains("500") && statuses.contains("429") && statuses.contains("dropped"), "faults not exercised: \(statuses), \(fixture.requests.count) requests")
        for run in runs where run.status != 0 {
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.allSatisfy { $0.hasPrefix("devhub publish: ") }, "\(run.stderr)")
        }
        OutputTree.expectEqual(site, site.out, fixture.zoneRoot)
        let domains = try Self.domains(site)
        let expected = site.files().reduce(into: Set<String>()) { $0.formUnion(Self.expectedURLs($1, domains: domains)) }
        #expect(expected.isSubset(of: Set(fixture.purges)), "never purged: \(expected.subtracting(fixture.purges).sorted().prefix(10))")

        try fixture.setFaults(nil)
        let again = await fixture.publish(site)
        #expect(PublishSummary(again.stdout)?.uploaded == 0, "\(again)")
    }

    @Test("a publish killed mid-way (SIGKILL) is finished by the next one: zone equal to output/, every URL purged")
    func killedPublishConverges() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let fixture = try await BunnyFixture.start(in: site.root)
        defer { fixture.stop() }
        // Every answer comes 0.3 s late, so the kill lands while uploads are in flight.
        try fixture.setFaults(["seed": 1, "slow_rate": 1, "slow_seconds": 0.3])
        let process = try Devhub.start([
            "publish", "--db", site.db.path, "--out", site.out.path, "--base-url", TempSite.baseURL,
            "--content", site.content.path, "--templates", site.templates.path, "--jobs", "2",
            "--bunny-storage-zone", BunnyFixture.zone, "--bunny-storage-endpoint", fixture.url,
            "--bunny-pull-zone", BunnyFixture.pullZone, "--bunny-api-url", fixture.url,
        ], log: site.root.appendingPathComponent("killed-publish.log"),
           environment: ["BUNNY_STORAGE_KEY": BunnyFixture.storageKey, "BUNNY_API_KEY": BunnyFixture.apiKey])
        for _ in 0..<100 where fixture.uploads.count < 3 { try await Task.sleep(for: .milliseconds(100)) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let partial = fixture.uploads.count
        #expect(partial >= 3 && partial < site.files().count, "the kill did not land mid-way: \(partial) uploads")

        try fixture.setFaults(nil)
        let next = await fixture.publish(site)
        #expect(next.status == 0, "\(next)")
        OutputTree.expectEqual(site, site.out, fixture.zoneRoot)
        let domains = try Self.domains(site)
        let expected = site.files().reduce(into: Set<String>()) { $0.formUnion(Self.expectedURLs($1, domains: domains)) }
        #expect(expected.isSubset(of: Set(fixture.purges)), "never purged: \(expected.subtracting(fixture.purges).sorted().prefix(10))")
        let again = await fixture.publish(site)
        #expect(PublishSummary(again.stdout) == PublishSummary(uploaded: 0, skipped: site.files().count, deleted: 0, purged: 0), "\(again)")
    }

    @Test("Quick Connect pages are published under their derived tokens, recorded by their codes' ids (no token in the database), and deleted with their codes")
    func connectPagesAreRecordedByID() async throws {
        let site = try await ServerProcess.makeSite()
        var appURL = ""
        let code = try await ServerProcess.run(["--api-rate-limit", "100000"], site: site) { server in
            appURL = server.appURL
            let session = try await server.verifiedSession("publishing-host@example.test")
            let code = try await server.createQuickConnect(["event": "Published Days 2026"], session: session)
            try await server.waitUntilIdle()
            return code
        }
        let fixture = try await BunnyFixture.start(in: site.root)
        defer { fixture.stop() }
        try #require(site.exists(QC.pagePath(code.token), in: site.out), "the server rendered no page for the code")
        let first = await fixture.publish(site)
        try #require(first.status == 0, "\(first)")
        OutputTree.expectEqual(site, site.out, fixture.zoneRoot)
        #expect(fixture.purges.contains("\(TempSite.baseURL)/connect/\(code.token)/"), "the page was not purged")
        #expect(!first.stdout.contains(code.token) && !first.stderr.contains(code.token), "the token was printed: \(first)")
        let recorded = try await SQLiteFile.query(site.db.path, "SELECT path FROM published_files WHERE path LIKE 'connect/%' ORDER BY path;")
        #expect(recorded.split(separator: "\n") == ["connect/\(code.id)/index.html", "connect/\(code.id)/qr.svg"], "recorded: \(recorded)")

        let second = await fixture.publish(site)
        #expect(PublishSummary(second.stdout)?.uploaded == 0, "\(second)")
        // --verify reads the zone's token folder back as the code's page: nothing to repair.
        let verified = await fixture.publish(site, ["--verify"])
        #expect(PublishSummary(verified.stdout).map { [$0.uploaded, $0.deleted] } == [0, 0], "\(verified)")

        // The code goes: the next full build removes its page, the next publish deletes it from the zone.
        _ = try await SQLiteFile.query(site.db.path, "DELETE FROM quick_connect_codes WHERE id = '\(code.id)';")
        let build = await QuickConnectDerivedOutputTests.build(site, into: site.out, appURL: appURL)
        try #require(build.status == 0, "\(build)")
        let third = await fixture.publish(site)
        #expect(PublishSummary(third.stdout)?.deleted == 2, "\(third)")
        #expect(!FileManager.default.fileExists(atPath: fixture.zoneRoot.appendingPathComponent(QC.pagePath(code.token)).path))
        OutputTree.expectEqual(site, site.out, fixture.zoneRoot)
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: site.db.path + suffix))) ?? Data()
            #expect(bytes.range(of: Data(code.token.utf8)) == nil, "the token is in devhub.sqlite\(suffix)")
        }
    }

    @Test("above --purge-all-above URLs, one purge of the whole pull zone replaces the per-URL purges")
    func wholeZonePurge() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let fixture = try await BunnyFixture.start(in: site.root)
        defer { fixture.stop() }
        let run = await fixture.publish(site, ["--purge-all-above", "5"])
        try #require(run.status == 0, "\(run)")
        #expect(fixture.purges == ["pullzone:\(BunnyFixture.pullZone)"], "purges: \(fixture.purges.prefix(10))")
        #expect(PublishSummary(run.stdout)?.purged == 1, "\(run)")
        let pending = try await SQLiteFile.query(site.db.path, "SELECT count(*) FROM publish_purges;")
        #expect(pending.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "URLs still queued: \(pending)")
        let few = await fixture.publish(site, ["--purge-all-above", "0"])
        #expect(few.status != 0 && few.stderr.contains("--purge-all-above"), "\(few)")
    }

    @Test("a wrong storage key is one error line naming the zone and the answer, and a non-zero exit")
    func wrongKey() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let fixture = try await BunnyFixture.start(in: site.root)
        defer { fixture.stop() }
        let wrong = "not-the-password-0000"
        let run = await fixture.publish(site, key: wrong)
        #expect(run.status != 0, "\(run)")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(lines.first?.contains(BunnyFixture.zone) == true && lines.first?.contains("401") == true, "\(run.stderr)")
        #expect(!run.stderr.contains(wrong) && !run.stdout.contains(wrong), "the key was printed")
        #expect(fixture.uploads.isEmpty)

        let unset = await Devhub.run([
            "publish", "--db", site.db.path, "--out", site.out.path, "--base-url", TempSite.baseURL, "--content", site.content.path,
            "--bunny-storage-zone", BunnyFixture.zone, "--bunny-storage-endpoint", fixture.url,
        ], in: site.root)
        #expect(unset.status != 0 && unset.stderr.contains("BUNNY_STORAGE_KEY"), "\(unset)")

        let unbuilt = site.root.appendingPathComponent("never-built")
        let nothing = await Devhub.run([
            "publish", "--db", site.db.path, "--out", unbuilt.path, "--base-url", TempSite.baseURL, "--content", site.content.path,
            "--bunny-storage-zone", BunnyFixture.zone, "--bunny-storage-endpoint", fixture.url,
        ], in: site.root, environment: ["BUNNY_STORAGE_KEY": BunnyFixture.storageKey])
        #expect(nothing.status != 0 && nothing.stderr.contains("devhub build") && nothing.stderr.contains("never-built"), "\(nothing)")
    }

    @Test("--verify repairs a zone changed by hand: a file deleted, a stray added, a file altered")
    func verifyRepairs() async throws {
        let demo = try await DemoSite.build()
        let site = demo.site
        let fixture = try await BunnyFixture.start(in: site.root)
        defer { fixture.stop() }
        let first = await fixture.publish(site)
        try #require(first.status == 0, "\(first)")
        let files = site.files()
        let user = demo.publicProfiles[0].username
        let zone = fixture.zoneRoot
        try FileManager.default.removeItem(at: zone.appendingPathComponent("@\(user)/contact.vcf"))
        try Data("stray".utf8).write(to: zone.appendingPathComponent("assets/stray.txt"))
        try Data("altered by hand".utf8).write(to: zone.appendingPathComponent("robots.txt"))

        let plain = await fixture.publish(site)
        #expect(PublishSummary(plain.stdout)?.uploaded == 0, "a publish without --verify trusts its state: \(plain)")

        let uploadsBefore = fixture.uploads.count
        let verified = await fixture.publish(site, ["--verify"])
        #expect(verified.status == 0, "\(verified)")
        #expect(PublishSummary(verified.stdout).map { ($0.uploaded, $0.deleted, $0.skipped) } ?? (0, 0, 0) == (2, 1, files.count - 2), "\(verified)")
        #expect(Set(fixture.uploads.dropFirst(uploadsBefore)) == ["@\(user)/contact.vcf", "robots.txt"])
        OutputTree.expectEqual(site, site.out, zone)
    }
}
