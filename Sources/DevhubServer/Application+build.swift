import Hummingbird
import Logging

/// Builds the server application (tests build the same one): the static site, and `/healthz`.
public func buildApplication(_ configuration: ServerConfiguration, logger: Logger) -> some ApplicationProtocol {
    let router = Router()
    router.add(middleware: RequestLoggerMiddleware())
    router.add(middleware: StaticSiteMiddleware(outputDirectory: configuration.outputDirectory))
    router.add(middleware: FileMiddleware(configuration.outputDirectory, searchForIndexHtml: true, logger: logger))
    router.get("/healthz") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\"}\n")))
    }
    return Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .seconds(configuration.idleTimeoutSeconds))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        logger: logger
    )
}
