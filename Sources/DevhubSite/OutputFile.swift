/// One file a build produces: where it goes (relative to the output directory) and its bytes.
public struct OutputFile: Sendable {
    /// Path relative to the output directory, `/`-separated, e.g. `@ada/index.html`.
    public var path: String
    /// The complete contents.
    public var bytes: [UInt8]

    /// A file from text (UTF-8).
    public init(_ path: String, _ text: String) {
        self.path = path
        self.bytes = Array(text.utf8)
    }

    /// A file from bytes.
    public init(_ path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}
