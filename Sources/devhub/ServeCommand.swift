import ArgumentParser
import Foundation
import DevhubServer
import Hummingbird
import Logging

/// `devhub serve`: serves the generated site (and, later, the private routes) on one port.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the site and the companion server.")

    @OptionGroup var options: CommonOptions

    @Option(help: "Interface to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (env DEVHUB_PORT).")
    var port: Int?

    func run() async throws {
        var logger = Logger(label: "devhub.serve")
        logger.logLevel = options.verbose ? .debug : .info
        let port = port ?? ProcessInfo.processInfo.environment["DEVHUB_PORT"].flatMap(Int.init) ?? 8080
        let app = buildApplication(ServerConfiguration(host: host, port: port, outputDirectory: options.outputPath), logger: logger)
        try await app.runService()
    }
}
