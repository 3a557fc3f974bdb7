import DevhubCore

/// The generator's view of the Quick Connect codes: every code whose token the server's key derives, carrying that
/// token (so a build into an empty folder renders every code's page from the database and the key alone).
public struct QuickConnectCodeSource: QuickConnectSource {
    let database: AppDatabase
    let key: ServerSecretKey

    /// Codes of `database`, their tokens derived under `key`.
    public init(database: AppDatabase, key: ServerSecretKey) {
        self.database = database
        self.key = key
    }

    public func quickConnectPages(ids: [String]?) throws -> [QuickConnectPage] {
        try database.quickConnectPages(ids: ids, key: key)
    }

    public func quickConnectToken(codeID: String) -> String {
        key.quickConnectToken(codeID: codeID)
    }
}
