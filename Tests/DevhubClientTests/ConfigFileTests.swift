import DevhubClient
import DevhubCore
import Foundation
import Testing

@Suite("Client configuration file and environment")
struct ConfigFileTests {
    /// A temporary home folder, removed afterwards.
    private func withHome(_ body: (String) throws -> Void) throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-client-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try body(home)
    }

    private func mode(_ path: String) throws -> Int {
        try #require((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue)
    }

    @Test("write makes HOME/.devhub 0700 (narrowing an existing folder) and config.json 0600, leaves no temporary file, and reads back")
    func writeModesAndReadBack() throws {
        try withHome { home in
            let file = ConfigFile(home: home)
            try FileManager.default.createDirectory(atPath: file.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            let config = ClientConfig(url: "https://app.devhub.test", token: "dh_abc123")
            try file.write(config)
            #expect(try mode(file.directory) == 0o700)
            #expect(try mode(file.path) == 0o600)
            #expect(try FileManager.default.contentsOfDirectory(atPath: file.directory) == ["config.json"])
            #expect(try file.read() == config)
            try file.write(ClientConfig(url: "https://other.test", token: "dh_xyz"))
            #expect(try file.read()?.token == "dh_xyz")
            #expect(try mode(file.path) == 0o600)
            #expect(try file.remove())
            #expect(try file.read() == nil)
            #expect(try !file.remove())
        }
    }

    @Test("DEVHUB_URL and DEVHUB_TOKEN override the file field by field; nothing configured is an auth failure (exit 2)")
    func environmentOverrides() throws {
        try withHome { home in
            let file = ConfigFile(home: home)
            #expect(throws: ClientError.self) { try ClientConfig.resolve(file: file, environment: [:]) }
            do {
                _ = try ClientConfig.resolve(file: file, environment: ["DEVHUB_URL": "http://127.0.0.1:9"])
                Issue.record("resolved without a token")
            } catch let error as ClientError { #expect(error.exitCode == 2) }
            let fromFile = APIKeyFormat.generate(), fromEnvironment = APIKeyFormat.generate()
            try file.write(ClientConfig(url: "https://file.test/", token: fromFile))
            #expect(try ClientConfig.resolve(file: file, environment: [:]) == ClientConfig(url: "https://file.test", token: fromFile))
            #expect(try ClientConfig.resolve(file: file, environment: ["DEVHUB_TOKEN": fromEnvironment]).token == fromEnvironment)
            #expect(try ClientConfig.resolve(file: file, environment: ["DEVHUB_URL": "http://env.test"]).url == "http://env.test")
            #expect(try ClientConfig.resolve(file: file, environment: ["DEVHUB_URL": ""]).url == "https://file.test", "an empty variable does not override")
            do {
                _ = try ClientConfig.resolve(file: file, environment: ["DEVHUB_TOKEN": "dh_typo"])
                Issue.record("resolved with a malformed key")
            } catch let error as ClientError { #expect(error.exitCode == 2) }
        }
    }

    @Test("URLs and keys are checked before use", arguments: [
        ("ftp://x.test", true), ("https://", true), ("app.devhub.test", true), ("https://x.test/?q=1", true), ("https://x.test/base/", false),
    ])
    func urlValidation(url: String, rejected: Bool) {
        #expect((try? ClientConfig.validatedURL(url)) == nil ? rejected : !rejected)
    }

    @Test("keys must be well formed (dh_, base62, matching checksum) before anything is sent")
    func tokenValidation() throws {
        let key = APIKeyFormat.generate()
        #expect(try ClientConfig.validatedToken(" \(key)\n") == key)
        let typo = String(key.dropLast()) + (key.hasSuffix("a") ? "b" : "a")
        for bad in ["", "dh_", "abc", String(key.dropLast()), typo, key + "\u{1B}[2J", "dh_é", "dh_" + String(repeating: "a", count: 300)] {
            #expect(throws: ClientError.self, "\(bad.debugDescription)") { try ClientConfig.validatedToken(bad) }
        }
    }
}
