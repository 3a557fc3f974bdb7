import Foundation
import Testing

/// A `/metrics` answer read by PyPI's `prometheus_client` parser (`text_string_to_metric_families`): the reference
/// reader of the Prometheus text format, so what parses here parses for a Prometheus server.
struct PrometheusText {
    /// One sample line.
    struct Sample: Decodable {
        /// The metric family (the parser drops a counter's `_total`).
        var family: String
        /// `counter`, `gauge`, `histogram`…
        var type: String
        /// The sample's own name (`devhub_http_requests_total`, `…_bucket`, `…_count`).
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// Every sample, in the parser's order.
    var samples: [Sample]

    /// Whether `prometheus_client` can be imported (`make test-deps` installs it into `.venv`).
    static var parserAvailable: Bool {
        guard Devhub.hasTool("python3") else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import prometheus_client"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    private static let script = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        with open(sys.argv[1], encoding="utf-8") as f:
            text = f.read()
        out = []
        for family in text_string_to_metric_families(text):
            for s in family.samples:
                out.append({"family": family.name, "type": family.type, "name": s.name, "labels": s.labels, "value": s.value})
        print(json.dumps(out))
        """

    /// Parses `text` (written to a file under `directory`); fails the test when the parser refuses it.
    static func parse(_ text: String, in directory: URL) async throws -> PrometheusText {
        let file = directory.appendingPathComponent("metrics-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: file)
        let result = await Devhub.tool("python3", ["-c", script, file.path])
        try #require(result.status == 0, "prometheus_client refused the exposition: \(result)\n--- text ---\n\(text.prefix(3000))")
        return PrometheusText(samples: try JSONDecoder().decode([Sample].self, from: Data(result.stdout.utf8)))
    }

    /// The sum of the samples named `name` whose labels include `labels` (0 when there is none).
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        samples.filter { matches($0, name, labels) }.reduce(0) { $0 + $1.value }
    }

    /// Whether a sample named `name` with `labels` exists.
    func has(_ name: String, _ labels: [String: String] = [:]) -> Bool {
        samples.contains { matches($0, name, labels) }
    }

    private func matches(_ sample: Sample, _ name: String, _ labels: [String: String]) -> Bool {
        sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value }
    }

    /// The type the parser gave the family `family`.
    func type(of family: String) -> String? {
        samples.first { $0.family == family }?.type
    }
}
