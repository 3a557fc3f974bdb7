import ArgumentParser
import DevhubCore
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
