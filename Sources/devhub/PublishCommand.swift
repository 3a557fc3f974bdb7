import ArgumentParser
import DevhubPublish
import DevhubStore
import Foundation

/// `devhub publish`: the output folder to a Bunny Storage zone, incrementally, then the CDN purged.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Upload the output folder's changed files to a Bunny Storage zone, delete what is gone, purge the CDN.")

    @OptionGroup var options: CommonOptions
    @OptionGroup var bunny: PublishOptions

    @Option(help: "Requests in flight at once.")
    var jobs = 8

    @Option(help: ArgumentHelp("Seconds one request may take before it is retried.", valueName: "seconds"))
    var timeout: Double = 30

    @Flag(help: "List the zone and hash the output folder first, and reconcile the two (re-upload missing or altered files, delete strays).")
    var verify = false

    @Option(help: ArgumentHelp("Above this many URLs to purge, purge the whole pull zone with one request instead.", valueName: "count"))
    var purgeAllAbove = 1_000

    func validate() throws {
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 64, got \(jobs)") }
        guard timeout > 0, timeout <= 600 else { throw ValidationError("--timeout must be between 0 and 600 seconds, got \(timeout)") }
        guard purgeAllAbove >= 1 else { throw ValidationError("--purge-all-above must be at least 1, got \(purgeAllAbove)") }
    }

    func run() async throws {
        let configuration = try bunny.configuration(baseURL: try options.siteSettings().baseURL)
        let database = try AppDatabase(path: options.databasePath)
        let progress: (@Sendable (String) -> Void)? = isatty(STDERR_FILENO) == 1 ? Self.showProgress : nil
        let publisher = Publisher(
            configuration: configuration, database: database, outputPath: options.outputPath, key: try options.secretKey(), jobs: jobs,
            timeout: timeout, purgeAllAbove: purgeAllAbove, progress: progress)
        let report: PublishReport
        do {
            report = try await publisher.publish(verify: verify)
        } catch {
            if progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            FileHandle.standardError.write(Data("devhub publish: \(error)\n".utf8))
            throw ExitCode.failure
        }
        if progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        for failure in report.failures {
            FileHandle.standardError.write(Data("devhub publish: failed \(failure)\n".utf8))
        }
        print(report)
        if !report.failures.isEmpty { throw ExitCode.failure }
    }

    /// Rewrites the terminal's last line with `line`.
    @Sendable private static func showProgress(_ line: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    }
}
