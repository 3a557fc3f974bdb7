import Foundation

/// Runs a program with text on its standard input and waits without blocking the caller's thread.
enum ChildProcess {
    /// What the program said and how it ended.
    struct Outcome {
        var status: Int32
        var standardError: String
    }

    /// Runs `executable` with `arguments` in `directory`, writing `input` to its standard input.
    static func run(_ executable: String, _ arguments: [String], input: String, in directory: String? = nil) async throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let stdin = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let errors = stderr.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: Outcome(
                    status: process.terminationStatus, standardError: String(decoding: errors.prefix(500), as: UTF8.self)))
            }
        }
    }
}
