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
        let database = try AppDatabase(path: options.databasePath)
        // Files are read a chunk at a time into one transaction: all or nothing, in flat memory.
        let summary = try database.importProfiles { upsert in
            try ProfileFile.forEachChunk(in: directory) { try upsert($0) }
        }
        let count = summary.created + summary.updated + summary.unchanged
        print("imported \(count) profiles from \(directory): \(summary)")
    }
}
