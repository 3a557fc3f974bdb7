/// A problem in a content file (profile, page or `site.yml`), located as precisely as we can.
public struct ContentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file, as given on the command line.
    public var file: String
    /// 1-based line in the file, when known.
    public var line: Int?
    /// The field, when the problem is in one.
    public var field: String?
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:line: field: message`, the shape compilers use, so editors can jump to it.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let field { text += "\(field): " }
        return text + message
    }
}
