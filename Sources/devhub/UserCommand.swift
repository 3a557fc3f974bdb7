import ArgumentParser
import DevhubCore
import DevhubServer
import DevhubStore

/// `devhub user create|verify|promote|demote`: the operator's account tools. The command line is the root of trust
/// for roles: no route makes an admin.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Create or verify accounts without email; make or unmake admins.",
        subcommands: [Create.self, Verify.self, Promote.self, Demote.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account (no email is sent).")
        @OptionGroup var options: CommonOptions
        @Option(help: "The account's email address.") var email: String
        @Option(help: "Its password (8–128 characters).") var password: String
        @Flag(help: "Mark the address verified.") var verified = false
        @Flag(help: "Make the account an admin (written to the audit trail, actor cli).") var admin = false

        func run() async throws {
            let address = try EmailAddress(email)
            try PasswordPolicy.check(password, email: address.value)
            let hash = try await PasswordHasher().hash(password)
            let database = try AppDatabase(path: options.databasePath)
            guard try database.createAccountDirectly(email: address, passwordHash: hash, verified: verified) != nil else {
                throw ValidationError("an account with \(address) already exists")
            }
            if admin { try database.setRole(email: address, role: .admin, actor: .cli) }
            print("created account \(address)\(verified ? " (verified)" : "")\(admin ? " (admin)" : "")")
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

/// `devhub user promote --email E`: makes the account an admin (audited, actor `cli`).
struct Promote: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Make an account an admin.")
    @OptionGroup var options: CommonOptions
    @Option(help: "The account's email address.") var email: String

    func run() async throws { try RoleChange.run(email: email, role: .admin, options: options) }
}

/// `devhub user demote --email E`: makes an admin a member again, effective on their next request (audited, actor `cli`).
struct Demote: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Make an admin a member again (at once, in their current session too).")
    @OptionGroup var options: CommonOptions
    @Option(help: "The account's email address.") var email: String

    func run() async throws { try RoleChange.run(email: email, role: .member, options: options) }
}

/// The role change both commands make.
enum RoleChange {
    static func run(email: String, role: AccountRole, options: CommonOptions) throws {
        let address = try EmailAddress(email)
        do {
            let account = try AppDatabase(path: options.databasePath).setRole(email: address, role: role, actor: .cli)
            print("\(account.email) is now \(role == .admin ? "an admin" : "a member")")
        } catch AdminRefusal.notFound {
            throw ValidationError("no account with \(address)")
        } catch AdminRefusal.unchanged {
            throw ValidationError("\(address) is already \(role == .admin ? "an admin" : "a member")")
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
