/// How `devhub serve` runs: where it listens, what it serves.
public struct ServerConfiguration: Sendable {
    /// Interface to bind, e.g. `127.0.0.1`.
    public var host: String
    /// TCP port.
    public var port: Int
    /// The generated site to serve (`--out`).
    public var outputDirectory: String
    /// Seconds an idle keep-alive connection is kept open.
    public var idleTimeoutSeconds: Int64

    /// Creates a configuration.
    public init(host: String = "127.0.0.1", port: Int = 8080, outputDirectory: String = "output", idleTimeoutSeconds: Int64 = 30) {
        self.host = host
        self.port = port
        self.outputDirectory = outputDirectory
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }
}
