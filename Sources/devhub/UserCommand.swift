import ArgumentParser
import DevhubCore
import DevhubServer
import DevhubStore

/// `devhub user create|verify`: the operator's account tools.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Create or verify accounts without email.", subcommands: [Create.self, Verify.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account (no email is sent).")
        @OptionGroup var options: CommonOptions
        @Option(help: "The account's email address.") var email: String
        @Option(help: "Its password (8–128 characters).") var password: String
        @Flag(help: "Mark the address verified.") var verified = false

        func run() async throws {
            let address = try EmailAddress(email)
            try PasswordPolicy.check(password, email: address.value)
            let hash = try await PasswordHasher().hash(password)
            guard try AppDatabase(path: options.databasePath).createAccountDirectly(email: address, passwordHash: hash, verified: verified) != nil else {
                throw ValidationError("an account with \(address) already exists")
            }
            print("created account \(address)\(verified ? " (verified)" : "")")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark an account's email address verified.")
        @OptionGroup var options: CommonOptions
        @Option(help: "The account's email address.") var email: String

        func run() async throws {
            let database = try AppDatabase(path: options.databasePath)
            guard let account = try database.account(email: try EmailAddress(email)) else {
                throw ValidationError("no account with \(email)")
            }
            try database.markVerified(userID: account.id)
            print("verified \(account.email)")
        }
    }
}

/// `devhub backup FILE`: an online copy of the database (safe while the server runs), checked before it is kept.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "Copy the database while it is in use, and check the copy.")
    @Argument(help: "Where to write the backup.") var file: String
    @OptionGroup var options: CommonOptions

    func run() async throws {
        let result = try AppDatabase(path: options.databasePath).backup(to: file)
        print("backed up \(options.databasePath) to \(file): integrity \(result)")
    }
}
