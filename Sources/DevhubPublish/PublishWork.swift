import DevhubCore
import DevhubStore
import Foundation

/// What one publish has to do: the files to upload and to delete (recorded names, sorted), how many files the zone
/// already holds, and what to record once every request succeeded.
struct PublishWork: Sendable {
    var uploads: [String]
    var deletions: [String]
    var skipped: Int
    /// The custom domains of `domains.json` and the purge URL rules.
    var plan: PublishPlan
    var completion: Completion

    /// What the published state learns when the publish had no failure.
    enum Completion: Sendable {
        /// These units are now held in full; those are no longer held.
        case units([(key: String, filesText: String)], gone: [String])
        /// Every unit of the build (a publish that compared every file).
        case everything(outputID: Int64)
        /// Nothing: no build of the folder is recorded (a `--verify` of a folder built elsewhere).
        case nothing
    }

    /// The work from the units that changed since the zone last held them (``PublishedUnitsState``): only their files
    /// are compared with the published state, path by path.
    static func changedUnits(_ state: PublishedUnitsState, database: AppDatabase, target: String, outputPath: String) throws -> PublishWork {
        let newFiles = state.changed.flatMap(\.files)
        let held = try database.publishedHashes(target: target, paths: newFiles.map(\.path))
        let uploads = newFiles.filter { file in held[file.path].map { !PublishPlan.sameDigest($0, file.hash) } ?? true }.map(\.path)
        let kept = Set(newFiles.map(\.path))
        let formerly = (state.changed + state.gone).flatMap(\.publishedFiles).map(\.path)
        let deletions = Set(formerly.filter { !kept.contains($0) })
        return PublishWork(
            uploads: uploads.sorted(), deletions: deletions.sorted(), skipped: state.manifestFiles - uploads.count,
            plan: PublishPlan(files: [], domains: PublishPlan.readDomains(outputPath)),
            completion: .units(state.changed.map { ($0.key, $0.filesText) }, gone: state.gone.map(\.key)))
    }

    /// The work from every file of `plan` compared with every file of the published state.
    static func everyFile(_ plan: PublishPlan, database: AppDatabase, target: String, outputID: Int64?) throws -> PublishWork {
        let (changed, gone, skipped) = plan.difference(from: try database.publishedFiles(target: target))
        return PublishWork(
            uploads: changed, deletions: gone, skipped: skipped, plan: plan,
            completion: outputID.map { .everything(outputID: $0) } ?? .nothing)
    }

    /// Records what the published state learns from a publish with no failure.
    func complete(database: AppDatabase, target: String) throws {
        switch completion {
        case .units(let units, let gone): try database.recordPublishedUnits(target: target, units: units, goneKeys: gone)
        case .everything(let outputID): try database.recordAllPublishedUnits(target: target, outputID: outputID)
        case .nothing: break
        }
    }
}
