import ArgumentParser
import DevhubClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `devhub login --url URL [--token dh_…]`: checks the key against the server and stores both in
/// `~/.devhub/config.json` (mode 0600).
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Store the server URL and an API key in ~/.devhub/config.json.",
        discussion: "Make a key in /app/settings (API keys). Without --token the key is read from standard input, so it stays out of the shell history: `devhub login --url URL < key.txt`.")

    @Option(help: "The companion server's URL, e.g. https://app.devhub.example.") var url: String
    @Option(help: "The API key (dh_…); read from standard input when left out.") var token: String?
    @OptionGroup var options: ClientOptions

    /// The most standard input may hold: one key and a newline, with room to spare.
    static let maxInput = 4096

    func run() async throws {
        try await options.perform("login") {
            let config = ClientConfig(url: try ClientConfig.validatedURL(url), token: try ClientConfig.validatedToken(try token ?? Self.readToken()))
            let settings = try await APIClient(config: config).get(AccountSettings.self, "settings").value
            let file = options.configFile
            try file.write(config)
            let email = settings.email.map(TerminalText.clean)
            if options.json {
                try options.printJSON(LoginResult(url: config.url, email: email, config: file.path))
            } else {
                options.write("logged in to \(config.url)\(email.map { " as \($0)" } ?? ""); key stored in \(file.path)\n")
            }
        }
    }

    /// The key from standard input: its first line, trimmed (a prompt on standard error when it is a terminal).
    static func readToken() throws(ClientError) -> String {
        if isatty(STDIN_FILENO) == 1 { FileHandle.standardError.write(Data("API key: ".utf8)) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1024)
        while data.count <= maxInput {
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            data.append(contentsOf: buffer[0..<count])
            if buffer[0..<count].contains(0x0A) { break }
        }
        let line = String(decoding: data.prefix(maxInput), as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ClientError(.usage, "no API key: pass --token or pipe the key to standard input")
        }
        return line
    }
}

/// What `devhub login --json` prints.
struct LoginResult: Encodable {
    var url: String
    var email: String?
    var config: String
}
