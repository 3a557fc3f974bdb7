import Foundation
import GRDB

extension AppDatabase {
    /// Copies the live database to `path` with SQLite's online backup (writers keep going), runs
    /// `PRAGMA integrity_check` on the copy and returns its verdict; a copy that fails the check is removed.
    /// `beforeKeeping` runs once the copy passed, before it takes its name (the rotation makes room there).
    public func backup(to path: String, beforeKeeping: () throws -> Void = {}) throws -> String {
        let temporary = path + ".partial"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            let destination = try DatabaseQueue(path: temporary)
            try writer.backup(to: destination)
            let verdict = try destination.read(Self.integrityVerdict)
            try destination.close()
            guard verdict == "ok" else { throw StoreError("checking backup \(path)", reason: verdict) }
            try beforeKeeping()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
            return verdict
        } catch let error as DatabaseError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw StoreError("backing up to \(path)", reason: error.message ?? "\(error)")
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }
}
