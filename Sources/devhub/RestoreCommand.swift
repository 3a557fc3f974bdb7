import ArgumentParser
import DevhubStore
import Foundation

/// `devhub restore FILE --db PATH`: puts a backup in the database's place while no server runs, keeping the old one.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database with a backup (stop the server first); the old database is kept beside it.")
    @Argument(help: "The backup to restore (a file written by `devhub backup` or `devhub serve --backup-dir`).") var file: String
    @OptionGroup var options: CommonOptions

    func run() async throws {
        let path = options.databasePath
        let result = try AppDatabase.restore(backup: file, to: path)
        if let previous = result.previous {
            print("restored \(path) from \(file); the previous database is kept as \(previous)")
        } else {
            print("restored \(path) from \(file)")
        }
    }
}
