import DevhubSite

extension AppServices {
    /// The values every signed-in page shows: email, verification state, the public URL, and which item of the
    /// navigation is current (`nav_dashboard`, `nav_contacts`, `nav_connect`, `nav_import`, `nav_profile`, `nav_settings`), and the
    /// Quick Connect badge (submissions not yet seen).
    func accountValues(_ userID: String, active: String) throws -> [String: Any] {
        guard let account = try database.account(id: userID) else { return [:] }
        var values: [String: Any] = ["email": account.email, "verified": account.verified, "signed_in": true, "nav_\(active)": true]
        let unseen = try database.unseenQuickConnectSubmissions(userID: userID)
        if unseen > 0 { values["connect_badge"] = unseen; values["has_connect_badge"] = true }
        if account.verified, let snapshot = try database.profile(userID: userID), snapshot.profile.isPublic {
            values["public_url"] = ProfileRenderer.canonicalURL(of: snapshot.profile, settings: pages.context.settings)
        }
        return values
    }
}
