import Foundation

/// What one run of a command did: its exit status and everything it printed.
struct RunResult: CustomStringConvertible, Sendable {
    /// The exit status (or the signal number when it was killed by one).
    var status: Int32
    /// Everything written to standard output.
    var stdout: String
    /// Everything written to standard error.
    var stderr: String

    /// The status and both streams, for failure messages.
    var description: String { "exit \(status)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)" }
}

/// Runs the real `devhub` binary (and other command-line tools) as child processes.
enum Devhub {
    /// The package root, which holds `content/`, `site-templates/` and `.build/`, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary under test: `DEVHUB_BINARY` when set, else the package's debug build.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["DEVHUB_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return packageRoot.appendingPathComponent(".build/debug/devhub")
    }

    /// Runs `devhub args` in `directory` (with `environment` added to the child's, and `input` as its standard input
    /// when given) and waits for it to exit.
    static func run(_ args: [String], in directory: URL? = nil, environment: [String: String] = [:], input: Data? = nil) async -> RunResult {
        await runProcess(binary, args, in: directory, environment: environment, input: input)
    }

    /// Runs the tool `name` from `PATH` with `args` and waits for it to exit.
    static func tool(_ name: String, _ args: [String], in directory: URL? = nil) async -> RunResult {
        await runProcess(URL(fileURLWithPath: "/usr/bin/env"), [name] + args, in: directory)
    }

    /// Whether `name` is an executable on `PATH`.
    static func hasTool(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    /// The environment children get: ours without `DEVHUB_*`, so only explicit flags configure the binary.
    static var childEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("DEVHUB_") }
    }

    /// Starts `devhub args` (with `environment` added) without waiting; its output goes to `log`. The caller terminates it.
    static func start(_ args: [String], log: URL, environment: [String: String] = [:]) throws -> Process {
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = args
        process.environment = childEnvironment.merging(environment) { $1 }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Runs `executable` with output captured in temporary files (pipes could fill up and block the child).
    private static func runProcess(
        _ executable: URL, _ args: [String], in directory: URL?, environment: [String: String] = [:], input: Data? = nil
    ) async -> RunResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("devhub-run-\(UUID().uuidString)")
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        let inURL = scratch.appendingPathComponent("stdin")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: outURL.path, contents: nil)
            FileManager.default.createFile(atPath: errURL.path, contents: nil)
            let outHandle = try FileHandle(forWritingTo: outURL)
            let errHandle = try FileHandle(forWritingTo: errURL)
            let process = Process()
            process.executableURL = executable
            process.arguments = args
            process.environment = childEnvironment.merging(environment) { $1 }
            if let directory { process.currentDirectoryURL = directory }
            process.standardOutput = outHandle
            process.standardError = errHandle
            if let input {
                try input.write(to: inURL)
                process.standardInput = try FileHandle(forReadingFrom: inURL)
            } else {
                process.standardInput = FileHandle.nullDevice
            }
            let status: Int32 = try await withCheckedThrowingContinuation { continuation in
                process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                do { try process.run() } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                }
            }
            try? outHandle.close()
            try? errHandle.close()
            return RunResult(status: status, stdout: read(outURL), stderr: read(errURL))
        } catch {
            return RunResult(status: -1, stdout: "", stderr: "could not run \(executable.path) \(args): \(error)")
        }
    }

    private static func read(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }
}
