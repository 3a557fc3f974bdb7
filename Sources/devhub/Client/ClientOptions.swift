import ArgumentParser
import DevhubClient
import Foundation

/// What every client command shares: `--json`, the configuration (file and `DEVHUB_URL` / `DEVHUB_TOKEN`), the API
/// client, and printing.
struct ClientOptions: ParsableArguments {
    @Flag(help: "Print JSON for scripts (the API's objects; lists as one array) instead of tables.")
    var json = false

    /// This process's environment.
    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// `$HOME/.devhub/config.json`.
    var configFile: ConfigFile { ConfigFile(environment: environment) }

    /// How standard output is styled (never colours with `--json`).
    var style: TerminalStyle {
        json ? TerminalStyle(isTerminal: false, colours: false) : TerminalStyle.current(environment: environment)
    }

    /// A client for the configured server and key; exit 2 when none is configured.
    func client() throws(ClientError) -> APIClient {
        APIClient(config: try ClientConfig.resolve(file: configFile, environment: environment))
    }

    /// Runs `body`, putting `label` (the command and its subject) in front of any ``ClientError`` it throws.
    func perform(_ label: String, _ body: () async throws -> Void) async throws {
        do { try await body() } catch let error as ClientError { throw error.context(TerminalText.clean(label)) }
    }

    /// Prints `value` as the client's JSON.
    func printJSON<Value: Encodable>(_ value: Value) throws {
        FileHandle.standardOutput.write(Data(try JSONOutput.text(value).utf8))
    }

    /// Prints the server's JSON body `raw` re-indented (keys sorted).
    func printJSON(raw: Data) throws {
        try printJSON(try APIClient.decode(JSONValue.self, raw, path: ""))
    }

    /// Prints `text` as is.
    func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
