import DevhubCore
import DevhubSite
import DevhubStore

extension DeployPaths {
    /// The paths a build changed, as a deploy job stores them: a Quick Connect page's `connect/TOKEN/…` becomes
    /// `connect/ID/…` (the code's id), so the job in the database names no token.
    static func sealed(_ report: BuildReport) -> DeployPaths {
        func seal(_ path: String) -> String {
            guard let token = ConnectPageRenderer.token(inPath: path), let id = report.connectCodes[token] else { return path }
            return ConnectPageRenderer.folder + "/" + id + path.dropFirst(ConnectPageRenderer.folder.count + 1 + token.utf8.count)
        }
        return DeployPaths(written: report.writtenPaths.map(seal), deleted: report.deletedPaths.map(seal))
    }

    /// The paths as the output names them: each `connect/ID/…` back to `connect/TOKEN/…`, the token derived under `key`.
    func unsealed(key: ServerSecretKey) -> DeployPaths {
        func unseal(_ path: String) -> String {
            let parts = path.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == ConnectPageRenderer.folder, !QuickConnectToken.isWellFormed(parts[1]) else { return path }
            return "\(parts[0])/\(key.quickConnectToken(codeID: String(parts[1])))/\(parts[2])"
        }
        return DeployPaths(written: written.map(unseal), deleted: deleted.map(unseal))
    }
}
