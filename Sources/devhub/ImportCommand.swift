import ArgumentParser
import DevhubContent
import DevhubStore

/// `devhub import DIR`: upserts every profile file in DIR, all or nothing.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import profile files (*.md with YAML front matter) into the database.")

    @Argument(help: "Directory of profile files, e.g. content/profiles.")
    var directory: String

    @OptionGroup var options: CommonOptions

    func run() async throws {
        let profiles = try ProfileFile.readDirectory(directory)
        let database = try AppDatabase(path: options.databasePath)
        let summary = try database.importProfiles(profiles)
        print("imported \(profiles.count) profiles from \(directory): \(summary)")
    }
}
