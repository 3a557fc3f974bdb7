import DevhubCore
import DevhubSite

extension AppServices {
    /// The values every signed-in page shows: email, verification state, the public URL, and which item of the
    /// navigation is current (`nav_dashboard`, `nav_contacts`, `nav_connect`, `nav_import`, `nav_profile`, `nav_settings`), and the
    /// Quick Connect badge (submissions not yet seen).
    func accountValues(_ userID: String, active: String) throws -> [String: Any] {
        guard let account = try database.account(id: userID) else { return [:] }
        var values: [String: Any] = ["email": account.email, "verified": account.verified, "signed_in": true, "nav_\(active)": true]
        if try database.role(userID: userID) == .admin { values["is_admin"] = true }
        let unseen = try database.unseenQuickConnectSubmissions(userID: userID)
        if unseen > 0 { values["connect_badge"] = unseen; values["has_connect_badge"] = true }
        let moderation = try database.unpublishNotice(userID: userID)
        if let moderation {
            values["unpublish_reason"] = moderation.reason
            if moderation.appealedAt != nil { values["appealed"] = true }
        }
        if account.verified, moderation == nil, var profile = try database.profile(userID: userID)?.profile, profile.isPublic {
            // The editor's view carries a domain that may still be pending: the page lives where it is published.
            if let claim = try database.domainClaim(userID: userID), claim.status != .verified { profile.customDomain = nil }
            values["public_url"] = ProfileRenderer.canonicalURL(of: profile, settings: pages.context.settings)
        }
        return values
    }
}
