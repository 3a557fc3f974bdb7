import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `$HOME/.devhub/config.json`: read, written atomically (a 0600 temporary file in the 0700 folder, flushed, then
/// renamed over the old one) and removed.
public struct ConfigFile: Sendable {
    /// The folder, `$HOME/.devhub`.
    public let directory: String
    /// The file, `$HOME/.devhub/config.json`.
    public var path: String { directory + "/config.json" }

    /// The file under `home` (the `HOME` variable).
    public init(home: String) {
        directory = (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.devhub"
    }

    /// The file under `$HOME` from `environment`, else the user's home folder.
    public init(environment: [String: String]) {
        self.init(home: environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory())
    }

    /// The stored configuration, or nil when there is no file.
    public func read() throws(ClientError) -> ClientConfig? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ClientError(.usage, "cannot read \(path)")
        }
        guard data.count <= 64 * 1024, let config = try? JSONDecoder().decode(ClientConfig.self, from: data) else {
            throw ClientError(.usage, "\(path) is not a devhub configuration (run `devhub login` again)")
        }
        return config
    }

    /// Stores `config`: the folder made (or narrowed to) 0700, the file written as 0600 and renamed into place.
    public func write(_ config: ClientConfig) throws(ClientError) {
        if mkdir(directory, 0o700) != 0, errno != EEXIST { throw failure("cannot create \(directory)") }
        guard chmod(directory, 0o700) == 0 else { throw failure("cannot set the mode of \(directory)") }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(config) else { throw ClientError(.usage, "cannot encode the configuration") }
        data.append(0x0A)
        let temporary = "\(directory)/.config.json.\(getpid()).tmp"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary)") }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw failure("cannot write \(path)")
        }
    }

    /// Removes the file; whether there was one.
    @discardableResult
    public func remove() throws(ClientError) -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw failure("cannot remove \(path)")
    }

    private func failure(_ message: String) -> ClientError {
        ClientError(.usage, "\(message): \(String(cString: strerror(errno)))")
    }
}
