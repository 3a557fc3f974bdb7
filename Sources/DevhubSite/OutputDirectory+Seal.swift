import DevhubCore

extension OutputDirectory {
    /// The seal file: the token of the ``BuildSeal`` this directory holds (a dot-file, never served or published).
    static let sealName = ".devhub-seal"

    /// The token in the directory's seal file, or nil when there is none.
    func sealToken() -> String? {
        read(Self.sealName).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes a new random token into the seal file (atomically) and returns it.
    func renewSealToken() throws(SiteError) -> String {
        var generator = SystemRandomNumberGenerator()
        let token = Hex.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try write(OutputFile(Self.sealName, token))
        return token
    }
}
