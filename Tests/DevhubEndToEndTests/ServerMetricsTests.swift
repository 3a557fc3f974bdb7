import Foundation
import Testing

/// `GET /metrics`: Prometheus text that PyPI's parser reads, counters that move with the requests and jobs a test
/// makes, labels that are route patterns (never paths), and access for loopback clients or the metrics token only.
@Suite("Server: metrics", .enabled(if: Devhub.hasTool("curl"), "needs curl"))
struct ServerMetricsTests {
    /// A token long enough for `--metrics-token`.
    static let token = "metrics-token-0123456789abcdef0123456789abcdef"

    /// Scrapes and parses `/metrics` from loopback.
    static func scrape(_ server: ServerProcess, headers: [String: String] = [:]) async throws -> PrometheusText {
        let response = await server.get("/metrics", headers: headers)
        try #require(response.status == 200, "GET /metrics: \(response)")
        #expect(response.header("content-type")?.hasPrefix("text/plain") == true, "content type: \(response)")
        return try await PrometheusText.parse(response.body, in: server.site.root)
    }

    @Test("/metrics parses as Prometheus text; the login counter grows by N after N log-ins, the job and mail counters after a sign-up",
          .enabled(if: PrometheusText.parserAvailable, "needs python3 -m prometheus_client (make test-deps installs it)"))
    func countersMoveWithRequestsAndJobs() async throws {
        try await ServerProcess.run { server in
            try await server.waitUntilIdle()
            let before = try await Self.scrape(server)
            #expect(before.type(of: "devhub_http_requests") == "counter", "families: \(Set(before.samples.map(\.family)))")
            #expect(before.type(of: "devhub_http_request_duration_seconds") == "histogram")
            #expect(before.type(of: "devhub_pending_jobs") == "gauge")
            #expect(before.type(of: "devhub_dead_jobs") == "gauge")
            for kind in ["send-email", "regenerate", "cleanup"] {
                #expect(before.has("devhub_jobs_run_total", ["kind": kind]), "no jobs_run series for \(kind)")
                #expect(before.has("devhub_jobs_dead_total", ["kind": kind]), "no jobs_dead series for \(kind)")
            }
            // The build `devhub serve` runs on start is counted, with its duration.
            #expect(before.value("devhub_builds_total", ["pass": "site"]) >= 1)
            #expect(before.value("devhub_build_duration_seconds_count", ["pass": "site"]) >= 1)
            #expect(before.has("devhub_mails_sent_total") && before.has("devhub_mails_failed_total"))

            let login = ["route": "/api/auth/login", "method": "POST", "status": "4xx"]
            let logins = 3
            for attempt in 1...logins {
                let wrong = await server.logIn("nobody@example.test", password: "wrong-passphrase-\(attempt)x")
                #expect(wrong.status == 401, "log-in \(attempt): \(wrong)")
            }
            let signUp = await server.signUp("counted@example.test")
            #expect(signUp.status == 202, "sign-up: \(signUp)")
            #expect(await server.eventually { !server.mails(to: "counted@example.test").isEmpty }, "no verification mail")
            try await server.waitUntilIdle()
            // Paths with ids or tokens are counted under their route's pattern; the path itself appears nowhere.
            _ = await server.get("/api/contacts/zzpathmarker01")
            _ = await server.get("/verify-email?token=zzpathmarker02")
            _ = await server.get("/zzpathmarker03/")
            let home = await server.get("/")
            #expect(home.status == 200, "GET /: \(home.status)")

            let afterResponse = await server.get("/metrics")
            let after = try await PrometheusText.parse(afterResponse.body, in: server.site.root)
            #expect(after.value("devhub_http_requests_total", login) == before.value("devhub_http_requests_total", login) + Double(logins))
            #expect(after.value("devhub_http_request_duration_seconds_count", login)
                == before.value("devhub_http_request_duration_seconds_count", login) + Double(logins))
            #expect(after.value("devhub_http_requests_total", ["route": "/api/auth/signup", "status": "2xx"]) == 1)
            #expect(after.value("devhub_jobs_run_total", ["kind": "send-email"]) >= before.value("devhub_jobs_run_total", ["kind": "send-email"]) + 1)
            #expect(after.value("devhub_mails_sent_total") >= before.value("devhub_mails_sent_total") + 1)
            #expect(after.value("devhub_http_requests_total", ["route": "/api/contacts/{id}", "method": "GET"]) == 1)
            #expect(after.value("devhub_http_requests_total", ["route": "/verify-email", "method": "GET"]) == 1)
            #expect(after.value("devhub_http_requests_total", ["route": "static", "method": "GET", "status": "2xx"]) >= 1,
                "routes: \(Set(after.samples.filter { $0.name == "devhub_http_requests_total" }.map { "\($0.labels)" }))")
            #expect(after.value("devhub_http_requests_total", ["route": "unmatched", "method": "GET", "status": "4xx"]) >= 1)
            #expect(!afterResponse.body.contains("zzpathmarker"), "a request path leaked into the metrics")
            #expect(after.value("devhub_pending_jobs") == 0)
        }
    }

    @Test("429s count as rate-limit refusals of their route; a mail the transport refuses counts as a failed job and mail",
          .enabled(if: PrometheusText.parserAvailable, "needs python3 -m prometheus_client (make test-deps installs it)"))
    func refusalsAndFailuresAreCounted() async throws {
        try await ServerProcess.run(["--api-rate-limit", "4", "--mail-transport", "smtp", "--sendmail-command", "/bin/false"]) { server in
            // The sign-up is the first of the 4 API requests allowed this minute; its mail fails (`false` as sendmail).
            let signUp = await server.signUp("undeliverable@example.test")
            #expect(signUp.status == 202, "sign-up: \(signUp)")
            var statuses: [Int] = []
            for _ in 0..<5 { statuses.append(await server.get("/api/profile").status) }
            #expect(statuses == [401, 401, 401, 429, 429], "statuses: \(statuses)")
            let metrics = try await Self.scrape(server)
            #expect(metrics.value("devhub_rate_limited_total", ["route": "/api/profile"]) == 2)
            #expect(metrics.value("devhub_http_requests_total", ["route": "/api/profile", "status": "4xx"]) == 5)

            let failed = await server.eventually {
                guard let now = try? await Self.scrape(server) else { return false }
                return now.value("devhub_jobs_failed_total", ["kind": "send-email"]) >= 1 && now.value("devhub_mails_failed_total") >= 1
            }
            #expect(failed, "a mail through a failing sendmail was not counted as failed; log:\n\(server.logTail())")
            let final = try await Self.scrape(server)
            #expect(final.value("devhub_mails_sent_total") == 0)
            #expect(final.value("devhub_pending_jobs") >= 1, "the failing mail waits for its retry")
        }
    }

    @Test("from a non-loopback client (through a trusted proxy) /metrics answers 403 without the token or with a wrong one, 200 with it")
    func accessNeedsLoopbackOrToken() async throws {
        try await ServerProcess.run(["--trusted-proxy", "127.0.0.1", "--metrics-token", Self.token]) { server in
            let outside = ["X-Forwarded-For": "203.0.113.9"]
            let refused = await server.get("/metrics", headers: outside)
            #expect(refused.status == 403, "non-loopback client without the token: \(refused)")
            #expect(refused.hasErrorShape && refused.errorCode == "forbidden", "error body: \(refused)")
            #expect(!refused.body.contains("devhub_"), "metrics leaked in a refusal")

            let wrong = await server.get("/metrics", headers: outside.merging(["Authorization": "Bearer " + Self.token.dropLast() + "x"]) { $1 })
            #expect(wrong.status == 403, "wrong token: \(wrong)")
            let notBearer = await server.get("/metrics", headers: outside.merging(["Authorization": Self.token]) { $1 })
            #expect(notBearer.status == 403, "token without the Bearer scheme: \(notBearer)")

            let allowed = await server.get("/metrics", headers: outside.merging(["Authorization": "Bearer " + Self.token]) { $1 })
            #expect(allowed.status == 200, "right token: \(allowed)")
            #expect(allowed.body.contains("devhub_http_requests_total"), "body: \(allowed.body.prefix(500))")
            #expect(allowed.header("cache-control") == "no-store")

            // Through the proxy without a forwarded address the client is unknown: refused. A forwarded loopback is local.
            let unknown = await server.get("/metrics")
            #expect(unknown.status == 403, "a request through the trusted proxy without X-Forwarded-For: \(unknown)")
            let local = await server.get("/metrics", headers: ["X-Forwarded-For": "127.0.0.1"])
            #expect(local.status == 200, "a forwarded loopback client: \(local)")
            // The last forwarded address is the client (the one the proxy appended), not the first.
            let spoofed = await server.get("/metrics", headers: ["X-Forwarded-For": "127.0.0.1, 203.0.113.9"])
            #expect(spoofed.status == 403, "a client that put 127.0.0.1 in front of its own address: \(spoofed)")

            // On any host, like /healthz; the client check still applies.
            let otherHost = await server.get("/metrics", headers: ["Host": "unknown.example", "X-Forwarded-For": "127.0.0.1"])
            #expect(otherHost.status == 200, "loopback client on another host: \(otherHost)")
            let otherHostOutside = await server.get("/metrics", headers: ["Host": "unknown.example", "X-Forwarded-For": "203.0.113.9"])
            #expect(otherHostOutside.status == 403, "non-loopback client on another host: \(otherHostOutside)")
        }
    }

    @Test("without a trusted proxy a loopback client gets /metrics on any host")
    func loopbackWithoutProxy() async throws {
        try await ServerProcess.run { server in
            for host in ["127.0.0.1:\(server.port)", "localhost", "unknown.example"] {
                let response = await server.get("/metrics", headers: ["Host": host])
                #expect(response.status == 200, "Host \(host): \(response)")
                #expect(response.body.contains("# TYPE devhub_http_requests_total counter"), "Host \(host): \(response.body.prefix(300))")
            }
        }
    }

    @Test("a --metrics-token shorter than 32 characters is refused at start, naming the option")
    func shortTokenRefused() async throws {
        let site = try TempSite()
        let result = await Devhub.run(["serve", "--db", site.db.path, "--out", site.out.path, "--metrics-token", "too-short"])
        #expect(result.status != 0, "started with a short token: \(result)")
        #expect((result.stdout + result.stderr).contains("--metrics-token"), "\(result)")
    }
}
