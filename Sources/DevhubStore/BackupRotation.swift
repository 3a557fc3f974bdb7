import Foundation

/// The dated files of a backup folder: `devhub-2026-11-30T040000Z.sqlite` (UTC, to the second, so names sort by
/// time), and the rotation that keeps the newest few. Files not named like that are never touched.
public enum BackupRotation {
    static let prefix = "devhub-"
    static let suffix = ".sqlite"

    /// The file name of a backup taken at `milliseconds` since 1970.
    public static func fileName(at milliseconds: Int64) -> String { "\(prefix)\(stamp(at: milliseconds))\(suffix)" }

    /// `2026-11-30T040000Z`: a UTC time to the second that sorts as text and is safe in a file name.
    public static func stamp(at milliseconds: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))T\(two(c.hour))\(two(c.minute))\(two(c.second))Z"
    }

    /// Whether `name` is a backup's file name (`devhub-YYYY-MM-DDTHHMMSSZ.sqlite`, digits where digits go).
    public static func isBackupName(_ name: String) -> Bool {
        let example = fileName(at: 0)
        let bytes = Array(name.utf8)
        guard bytes.count == example.utf8.count, name.hasPrefix(prefix), name.hasSuffix(suffix) else { return false }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        return zip(bytes, example.utf8).allSatisfy { given, shape in isDigit(shape) ? isDigit(given) : given == shape }
    }

    /// The backups in `directory`, oldest first.
    public static func backups(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter(isBackupName).sorted()
    }

    /// Removes the oldest backups beyond the newest `keep`, not counting `sparing` (a backup about to be replaced
    /// by one of the same name); returns the names removed.
    @discardableResult
    public static func prune(_ directory: String, keep: Int, sparing: String? = nil) throws -> [String] {
        let all = try backups(in: directory).filter { $0 != sparing }
        let removed = Array(all.dropLast(max(0, keep)))
        for name in removed {
            try FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
        }
        return removed
    }
}
