import ArgumentParser
import DevhubCore
import DevhubSite
import DevhubStore
import Foundation

/// `devhub jobs [list|retry|discard]`: the operator's view of the job queue, and what to do with dead jobs.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "List the jobs not done; retry or discard dead ones.",
        subcommands: [List.self, Retry.self, Discard.self], defaultSubcommand: List.self)

    /// `devhub jobs [--dead] [--json]`: one line per job not done.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One line per job not done: id, kind, state (pending, running, retrying, dead), attempts, next run, last error.")
        @OptionGroup var options: CommonOptions
        @Flag(help: "Only the dead jobs.") var dead = false
        @Flag(help: "A JSON array instead of lines.") var json = false

        func run() async throws {
            let jobs = try AppDatabase(path: options.databasePath).unfinishedJobs(deadOnly: dead)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(jobs.map(JobLine.init)), as: UTF8.self))
            } else {
                for job in jobs { print(JobLine(job).text) }
            }
        }
    }

    /// `devhub jobs retry ID|--all-dead`.
    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a dead job again with a fresh retry schedule (a dead verification or reset email gets a fresh link).")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The dead job's id (see `devhub jobs --dead`).") var id: Int64?
        @Flag(name: .customLong("all-dead"), help: "Retry every dead job.") var allDead = false

        func validate() throws {
            guard (id == nil) != !allDead else { throw ValidationError("give either a job ID or --all-dead") }
        }

        func run() async throws {
            let database = try AppDatabase(path: options.databasePath)
            if let id {
                guard try database.retryDeadJob(id: id) else { throw ValidationError("no dead job with id \(id)") }
                print("job \(id) queued again")
            } else {
                print("\(try database.retryAllDeadJobs()) dead job(s) queued again")
            }
        }
    }

    /// `devhub jobs discard ID`.
    struct Discard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a dead job (and the unsent message of a dead mail job).")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The dead job's id (see `devhub jobs --dead`).") var id: Int64

        func run() async throws {
            guard try AppDatabase(path: options.databasePath).discardDeadJob(id: id) else {
                throw ValidationError("no dead job with id \(id)")
            }
            print("job \(id) discarded")
        }
    }
}

/// One job as `devhub jobs` prints it; with `--json` every key is present (`null` when there is no value), so
/// scripts can rely on the shape.
struct JobLine: Encodable {
    var id: Int64
    var kind: String
    var state: String
    var attempts: Int
    @EncodedAsNull var nextRun: String?
    var createdAt: String
    @EncodedAsNull var lastAttemptAt: String?
    @EncodedAsNull var lastError: String?

    init(_ job: JobSummary) {
        id = job.id
        kind = job.kind
        state = job.state.rawValue
        attempts = job.attempts
        nextRun = job.nextRunAt.map(Timestamp.iso8601)
        createdAt = Timestamp.iso8601(job.createdAt)
        lastAttemptAt = job.lastAttemptAt.map(Timestamp.iso8601)
        lastError = job.lastError
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, state, attempts, nextRun = "next_run", createdAt = "created_at", lastAttemptAt = "last_attempt_at"
        case lastError = "last_error"
    }

    /// Tab-separated: id, kind, state, attempts, next run (`-` for none), last error (`-` for none; one line).
    var text: String {
        let error = (lastError ?? "-").unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : String($0) }.joined()
        return [String(id), kind, state, String(attempts), nextRun ?? "-", error].joined(separator: "\t")
    }
}
