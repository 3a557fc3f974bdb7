import ArgumentParser
import DevhubCore
import DevhubContent
import DevhubSite
import DevhubStore
import Foundation
import Logging

/// `devhub build`: renders the public site into the output directory.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Render every public profile and the site around them into the output directory.")

    @OptionGroup var options: CommonOptions

    @Option(help: ArgumentHelp("Regenerate only these profiles (comma-separated usernames) and the lists that show them.",
                               valueName: "user,user…"))
    var only: String?

    @Flag(help: ArgumentHelp(
        "Check every output file against the manifest instead of trusting the seal of the last complete build (after files were changed or deleted by hand)."))
    var verify = false

    func validate() throws {
        _ = try onlyUsernames()
    }

    func run() async throws {
        let builder = try Self.makeBuilder(options)
        let report = try await builder.build(only: try onlyUsernames(), verify: verify)
        print(report)
    }

    private func onlyUsernames() throws -> [Username]? {
        guard let only else { return nil }
        do {
            return try only.split(separator: ",").map { try Username(String($0).trimmingCharacters(in: .whitespaces), field: "--only") }
        } catch let error as CoreError {
            throw ValidationError(error.description)
        }
    }

    /// Wires the generator to the database, the templates, the content pages and the output directory.
    static func makeBuilder(
        _ options: CommonOptions, collectsPaths: Bool = false, now: @escaping @Sendable () -> Int64 = AppDatabase.systemMilliseconds,
        secretKey: ServerSecretKey? = nil
    ) throws -> SiteBuilder {
        let secretKey = try secretKey ?? options.secretKey()
        var logger = Logger(label: "devhub.build")
        logger.logLevel = options.verbose ? .debug : .warning
        let settings = try options.siteSettings()
        let templates = try SiteTemplates(directory: options.templatesPath)
        let pages = try PageFile.readDirectory((options.contentPath as NSString).appendingPathComponent("pages"))
        let database = try AppDatabase(path: options.databasePath, now: now)
        let output = try OutputDirectory(path: options.outputPath)
        return SiteBuilder(
            source: database, manifest: try SQLiteBuildManifest(database: database, outputDirectory: output.root), output: output,
            context: RenderContext(settings: settings, templates: templates), pages: pages, logger: logger,
            collectsPaths: collectsPaths, quickConnect: QuickConnectCodeSource(database: database, key: secretKey), now: now)
    }
}
