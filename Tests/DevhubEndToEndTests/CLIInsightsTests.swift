import Foundation
import Testing

/// `devhub insights` against the real binary and a live server: the insights a sync recorded (written here into the
/// server's database file with sqlite3, as the sync's store function would), listed, acknowledged and listed again.
@Suite("devhub insights against a live server", .enabled(if: CLI.serverHasAPIKeys, CLI.noKeysReason))
struct CLIInsightsTests {
    @Test("insights --json prints GET /api/insights' items; insights ack ID acknowledges; --all lists acknowledged ones too")
    func insights() async throws {
        try await CLI.run { server, home, session, _ in
            let sam = try await server.createContact(["name": "Sam"], session: session)
            let samID = try #require(sam["id"] as? String)
            let userID = try await server.userID("cli-owner@example.test")
            let insightID = "01KBZZZZZZZZZZZZZZZZZZZZZ1"
            _ = try await SQLiteFile.query(server.site.db.path, """
                INSERT INTO github_insights (id, user_id, contact_id, type, title, description, url, metadata, change_key, created_at)
                VALUES ('\(insightID)', '\(userID)', '\(samID)', 'release', 'Released v2.0 of sam/foo', NULL,
                        'https://github.com/sam/foo/releases/tag/v2.0', '{}', 'release:sam/foo:v2.0', 1795000000000)
                """)

            let listed = try await home.objects(["insights"])
            #expect(listed.count == 1)
            let item = try #require(listed.first)
            #expect(Set(item.keys) == ["id", "contact_id", "type", "title", "description", "url", "created_at", "acknowledged"])
            #expect(item["id"] as? String == insightID)
            #expect(item["contact_id"] as? String == samID)
            #expect(item["title"] as? String == "Released v2.0 of sam/foo")
            #expect(item["acknowledged"] as? Bool == false)
            #expect(item["description"] is NSNull)

            let text = await home.run(["insights"])
            #expect(text.status == 0, "\(text)")
            #expect(text.stdout.contains("Released v2.0 of sam/foo") && text.stdout.contains(insightID), "\(text)")

            let ack = await home.run(["insights", "ack", insightID])
            #expect(ack.status == 0, "\(ack)")
            #expect(ack.stdout.contains("acknowledged \(insightID)"), "\(ack)")
            #expect(try await home.objects(["insights"]).isEmpty)
            let all = try await home.objects(["insights", "--all"])
            #expect(all.compactMap { $0["acknowledged"] as? Bool } == [true])

            let unknown = await home.run(["insights", "ack", "01JZZZZZZZZZZZZZZZZZZZZZZZ"])
            #expect(unknown.status != 0, "\(unknown)")
            #expect(unknown.stderr.contains("not found"), "\(unknown)")
        }
    }
}
