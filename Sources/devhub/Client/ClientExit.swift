import ArgumentParser
import DevhubClient
import Foundation

/// The entry point: the operator commands exit as ArgumentParser decides; the client commands (`login`,
/// `contacts`, `log`, `due`, `digest`, `qc`, `export`, `logout`) exit 0 ok, 1 usage (not ArgumentParser's 64),
/// 2 auth, 3 not found, 4 server error, with one line `devhub: WHAT: WHY` on standard error.
extension DevhubCommand {
    /// The names of the client's top-level commands.
    static let clientCommandNames: Set<String> = [
        LoginCommand.configuration.commandName!, LogoutCommand.configuration.commandName!, ContactsCommand.configuration.commandName!,
        LogCommand.configuration.commandName!, DueCommand.configuration.commandName!, DigestCommand.configuration.commandName!,
        QuickConnectCommand.configuration.commandName!, ExportCommand.configuration.commandName!,
    ]

    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let isClient = arguments.first.map(clientCommandNames.contains) ?? false
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ClientError {
            fail(error)
        } catch where isClient && exitCode(for: error) == .validationFailure {
            let words = commandWords(arguments)
            fail(ClientError(.usage, "\(message(for: error)) (see `devhub \(words) --help`)").context(words))
        } catch {
            exit(withError: error)
        }
    }

    /// The command's name in `arguments`: `log`, or `contacts edit` for a group's subcommand.
    private static func commandWords(_ arguments: [String]) -> String {
        let groups: [String: [any ParsableCommand.Type]] = [
            ContactsCommand.configuration.commandName!: ContactsCommand.configuration.subcommands,
            QuickConnectCommand.configuration.commandName!: QuickConnectCommand.configuration.subcommands,
        ]
        guard let first = arguments.first else { return "" }
        guard arguments.count > 1, let subcommands = groups[first],
              subcommands.contains(where: { $0.configuration.commandName == arguments[1] }) else { return first }
        return "\(first) \(arguments[1])"
    }

    /// Prints `devhub: MESSAGE` to standard error and exits with the error's code.
    private static func fail(_ error: ClientError) -> Never {
        FileHandle.standardError.write(Data("devhub: \(error.message)\n".utf8))
        Foundation.exit(error.exitCode)
    }
}
