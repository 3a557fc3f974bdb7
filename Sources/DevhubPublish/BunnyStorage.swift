import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Bunny Storage's HTTP API and the purge endpoint, as documented: `PUT`/`DELETE {endpoint}/{zone}/{path}` and
/// `GET {endpoint}/{zone}/{dir}/` with the zone password in `AccessKey`, `POST {api}/purge?url=…` (or `POST {api}/pullzone/{id}/purgeCache`) with the
/// account key. Every answer other than success is returned to the caller as a one-line ``Outcome``.
struct BunnyStorage: Sendable {
    let configuration: BunnyConfiguration
    let http: BunnyHTTP

    /// What one request came to.
    enum Outcome: Sendable {
        case done
        /// The key was refused (401 or 403): stops the whole publish.
        case refused(String)
        case failed(String)
    }

    /// One entry of a directory listing.
    struct Entry: Decodable {
        var ObjectName: String
        var IsDirectory: Bool
        var Length: Int?
        var Checksum: String?
    }

    /// Uploads `body` to `path` with its upper-case SHA-256 in `Checksum`; the storage refuses a corrupted body.
    func upload(_ path: String, body: Data, sha256: String) async -> Outcome {
        await storage("PUT", path, extra: ["Checksum": sha256, "Content-Type": "application/octet-stream"], body: body, accept: [200, 201])
    }

    /// Deletes `path`; a path the zone no longer holds (404) counts as deleted.
    func delete(_ path: String) async -> Outcome {
        await storage("DELETE", path, extra: [:], body: nil, accept: [200, 204, 404])
    }

    /// Every file below `directory` (the zone's root by default), recursively: path → upper-case SHA-256 (empty
    /// when the listing has none).
    func listAll(under directory: String = "") async throws(PublishError) -> [String: String] {
        var files: [String: String] = [:]
        var directories = [directory]
        while let directory = directories.popLast() {
            for entry in try await list(directory) {
                let path = directory + entry.ObjectName
                if entry.IsDirectory { directories.append(path + "/") } else { files[path] = (entry.Checksum ?? "").uppercased() }
            }
        }
        return files
    }

    /// One directory's listing (`dir` empty or ending in `/`).
    func list(_ directory: String) async throws(PublishError) -> [Entry] {
        guard let url = URL(string: "\(configuration.storageEndpoint)/\(Self.encode(configuration.storageZone))/\(Self.encodePath(directory))") else {
            throw .failed("\(configuration): not a valid URL")
        }
        let answer: HTTPAnswer
        do {
            answer = try await http.send("GET", url, headers: ["AccessKey": configuration.storageKey, "Accept": "application/json"])
        } catch {
            throw .failed("listing /\(directory) of \(configuration): \(error)")
        }
        if answer.status == 401 || answer.status == 403 { throw .keyRefused(refusal(answer)) }
        if answer.status == 404 { return [] }
        guard answer.status == 200 else { throw .failed("listing /\(directory) of \(configuration): \(answer.summary)") }
        do {
            return try JSONDecoder().decode([Entry].self, from: answer.body)
        } catch {
            throw .failed("listing /\(directory) of \(configuration): not a JSON listing")
        }
    }

    /// Purges one absolute URL from the pull zone's cache.
    func purge(_ absoluteURL: String) async -> Outcome {
        guard let purge = configuration.purge,
              let url = URL(string: "\(purge.apiURL)/purge?url=\(Self.encode(absoluteURL))")
        else { return .failed("not a valid purge URL") }
        return await purgeRequest(url, purge)
    }

    /// Purges the whole pull zone's cache (`POST {api}/pullzone/{id}/purgeCache`): one request instead of many when a
    /// publish changed most of the site.
    func purgeAll() async -> Outcome {
        guard let purge = configuration.purge,
              let url = URL(string: "\(purge.apiURL)/pullzone/\(Self.encode(purge.pullZone))/purgeCache")
        else { return .failed("not a valid purge URL") }
        return await purgeRequest(url, purge)
    }

    private func purgeRequest(_ url: URL, _ purge: BunnyConfiguration.Purge) async -> Outcome {
        do {
            let answer = try await http.send("POST", url, headers: ["AccessKey": purge.apiKey, "Accept": "application/json"], body: Data())
            if answer.status == 401 || answer.status == 403 {
                return .refused("pull zone \(purge.pullZone): the purge API at \(purge.apiURL) refused BUNNY_API_KEY: \(answer.summary)")
            }
            return (200..<300).contains(answer.status) ? .done : .failed(answer.summary)
        } catch {
            return .failed(error.description)
        }
    }

    private func storage(_ method: String, _ path: String, extra: [String: String], body: Data?, accept: Set<Int>) async -> Outcome {
        guard let url = URL(string: "\(configuration.storageEndpoint)/\(Self.encode(configuration.storageZone))/\(Self.encodePath(path))") else {
            return .failed("not a valid URL")
        }
        var headers = extra
        headers["AccessKey"] = configuration.storageKey
        do {
            let answer = try await http.send(method, url, headers: headers, body: body)
            if answer.status == 401 || answer.status == 403 { return .refused(refusal(answer)) }
            return accept.contains(answer.status) ? .done : .failed(answer.summary)
        } catch {
            return .failed(error.description)
        }
    }

    private func refusal(_ answer: HTTPAnswer) -> String {
        "\(configuration) refused BUNNY_STORAGE_KEY: \(answer.summary)"
    }

    /// Bytes outside RFC 3986's unreserved set, percent-encoded (for one path segment or one query value).
    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }

    /// A relative path with each segment encoded and the slashes kept (`@` kept too: RFC 3986 allows it in paths).
    static func encodePath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { encode(String($0)).replacingOccurrences(of: "%40", with: "@") }
            .joined(separator: "/")
    }
}
