import ArgumentParser
import DevhubCore
import DevhubSite
import DevhubStore
import Foundation

/// `devhub bench-regenerate`: times one-profile regeneration in-process, as the server calls it
/// (an edit saved, then a targeted build), over profiles spread across the alphabet.
struct BenchRegenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-regenerate",
        abstract: "Benchmark: edit N profiles one at a time and time each targeted regeneration (used by scripts/bench.sh).")

    @OptionGroup var options: CommonOptions

    @Option(help: "How many edits to time.")
    var samples = 50

    func run() async throws {
        let builder = try BuildCommand.makeBuilder(options)
        let database = try AppDatabase(path: options.databasePath)
        let total = try database.publicProfileCount(.directory)
        guard total > 0, samples > 0 else { throw ValidationError("no public profiles to edit") }
        var durations: [Double] = []
        var written: [Int] = []
        let clock = ContinuousClock()
        for sample in 0..<samples {
            let position = (sample * total) / samples
            guard let listing = try database.publicListings(.directory, offset: position, limit: 1).first,
                  var profile = try database.profile(username: listing.username)?.profile
            else { continue }
            profile.headline = "Edited headline \(sample) at \(database.currentTime())"
            try database.importProfiles([profile])
            let started = clock.now
            let report = try await builder.build(only: [profile.username])
            let elapsed = clock.now - started
            durations.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
            written.append(report.written)
        }
        durations.sort()
        let median = durations[durations.count / 2]
        let p90 = durations[min(durations.count - 1, durations.count * 9 / 10)]
        print(String(format: "one-profile regeneration: median %.2f ms, p90 %.2f ms over %d edits; files written per edit: %d–%d",
                     median, p90, durations.count, written.min() ?? 0, written.max() ?? 0))
    }
}

/// `devhub bench-write-limit`: the cost of creating an output tree's files with nothing rendered — every file of
/// `--from` read into memory first, then written into `--to` the way a build writes (``OutputDirectory/write(_:)``,
/// folders made as needed, two slices per core). The floor under a clean build's time.
struct BenchWriteLimitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-write-limit",
        abstract: "Benchmark: write a built output tree's files again into an empty folder, as a build writes them (used by scripts/bench-generator.sh).")

    @Option(help: "A built output folder to copy.")
    var from: String

    @Option(help: "An empty folder to write into (on the file system to measure).")
    var to: String

    func run() async throws {
        let files = try Self.readTree(from)
        let output = try OutputDirectory(path: to)
        // As a build writes: two slices per core on threads that may block (see ProfileBatchRenderer.render).
        let clock = ContinuousClock()
        let started = clock.now
        _ = try await BlockingWork(slicing: files, into: 2 * ProcessInfo.processInfo.activeProcessorCount) { slice in
            for file in slice { try output.write(file) }
        }.value()
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let bytes = files.reduce(0) { $0 + $1.bytes.count }
        print(String(format: "wrote %d files (%.1f MB) in %.2f s: %.0f files/s", files.count, Double(bytes) / 1e6, seconds, Double(files.count) / seconds))
    }

    /// Every regular file under `root` except dot-files and dot-folders, in path order (a build's order: one profile's
    /// files together).
    private static func readTree(_ root: String) throws -> [OutputFile] {
        let base = URL(fileURLWithPath: root).standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { throw ValidationError("--from: \(root) is not a folder") }
        var files: [OutputFile] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let path = String(url.standardizedFileURL.path.dropFirst(base.path.count + 1))
            files.append(OutputFile(path, bytes: Array(try Data(contentsOf: url))))
        }
        return files.sorted { $0.path < $1.path }
    }
}
