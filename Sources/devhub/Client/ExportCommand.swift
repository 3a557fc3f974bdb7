import ArgumentParser
import DevhubClient
import Foundation

/// `devhub export --format vcard|csv|json [--output FILE]`: every contact, as the web UI's export downloads it.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export your contacts as vCard, CSV or JSON (to standard output, or a file).")

    /// The export formats, named as the API's routes are.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case vcard, csv, json
    }

    @Option(help: "vcard, csv or json.") var format: Format
    @Option(help: "Write to this file (atomically) instead of standard output.") var output: String?
    @OptionGroup var options: ClientOptions

    func run() async throws {
        try await options.perform("export") {
            let data = try await options.client().data("GET", "export/" + format.rawValue)
            guard let output else { return FileHandle.standardOutput.write(data) }
            do { try data.write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw ClientError(.usage, "cannot write \(output): \(error.localizedDescription)")
            }
            if options.json { try options.printJSON(ExportResult(format: format.rawValue, output: output, bytes: data.count)) } else {
                options.write("exported \(data.count) bytes of \(format.rawValue) to \(output)\n")
            }
        }
    }
}

/// What `devhub export --output FILE --json` prints.
struct ExportResult: Encodable {
    var format: String
    var output: String
    var bytes: Int
}
