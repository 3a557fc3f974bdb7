import Foundation
import Testing

/// The demo site built once into a fresh temporary directory, with the demo profiles' facts at hand.
struct DemoSite {
    /// The temporary site (removed when the last reference goes away).
    let site: TempSite
    /// Every demo profile file.
    let profiles: [DemoProfile]

    /// The demo profiles that are published.
    var publicProfiles: [DemoProfile] { profiles.filter(\.isPublic) }
    /// The demo profiles marked `public: false`.
    var privateProfiles: [DemoProfile] { profiles.filter { !$0.isPublic } }

    /// Copies the demo content, imports `content/profiles` and builds; `prepare` may change the site in between.
    static func build(_ prepare: (TempSite) throws -> Void = { _ in }) async throws -> DemoSite {
        let site = try TempSite()
        try prepare(site)
        let imported = await site.importProfiles()
        try #require(imported.status == 0, "import failed: \(imported)")
        let built = await site.build()
        try #require(built.status == 0, "build failed: \(built)")
        let demo = DemoSite(site: site, profiles: try DemoProfile.all())
        try #require(!demo.publicProfiles.isEmpty && !demo.privateProfiles.isEmpty, "the demo needs public and private profiles")
        try #require(demo.publicProfiles.contains { $0.customDomain != nil }, "the demo needs a custom-domain profile")
        return demo
    }

    /// The canonical URL of `profile` on the test base URL.
    func canonical(_ profile: DemoProfile) -> String { profile.canonicalURL(base: TempSite.baseURL) }

    /// The profile's page, scanned.
    func page(_ path: String) throws -> HTMLPage { HTMLPage(try site.text(path)) }

    /// `api/profiles/@U.json`, parsed.
    func json(_ profile: DemoProfile) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: site.data("api/profiles/@\(profile.username).json"))
        return try #require(object as? [String: Any], "the JSON of \(profile.username) is not an object")
    }
}
