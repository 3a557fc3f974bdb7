import Foundation
import Testing

/// A build run by a user without capabilities writes the same tree as one run as root: before Linux 6.10 such a
/// user cannot link a nameless file by its descriptor (`AT_EMPTY_PATH`) and the build links it through
/// `/proc/self/fd` instead.
@Suite("Unprivileged build")
struct UnprivilegedBuildTests {
    /// Root (to switch users) with `setpriv` (util-linux) and a `nobody` account: CI runs as root.
    static let canSwitchUser = getuid() == 0 && Devhub.hasTool("setpriv")

    @Test("a build as nobody writes the same files as a build as root", .enabled(if: canSwitchUser))
    func buildAsNobody() async throws {
        let site = try TempSite()
        let imported = await site.importProfiles()
        try #require(imported.status == 0, "\(imported)")
        let asRoot = await site.build()
        try #require(asRoot.status == 0, "\(asRoot)")
        // nobody may write the database (and its WAL) and a fresh output folder, nothing else.
        let shared = site.root.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        let database = shared.appendingPathComponent("devhub.sqlite")
        try FileManager.default.copyItem(at: site.db, to: database)
        for path in [site.root, shared, database] {
            try FileManager.default.setAttributes([.posixPermissions: path == site.root ? 0o755 : 0o777], ofItemAtPath: path.path)
        }
        let output = shared.appendingPathComponent("output")
        let binary = Devhub.binary.path
        let asNobody = await Devhub.tool("setpriv", [
            "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--inh-caps=-all", binary,
            "build", "--db", database.path, "--out", output.path, "--base-url", TempSite.baseURL,
            "--content", site.content.path, "--templates", site.templates.path,
        ], in: site.root)
        try #require(asNobody.status == 0, "\(asNobody)")
        let owners = Set(site.files(in: output).compactMap {
            try? FileManager.default.attributesOfItem(atPath: output.appendingPathComponent($0).path)[.ownerAccountName] as? String
        })
        #expect(owners == ["nobody"], "files owned by \(owners)")
        OutputTree.expectEqual(site, site.out, output)
    }
}
