import DevhubSite

extension AppServices {
    /// The values every signed-in page shows: email, verification state, the public URL, and which item of the
    /// navigation is current (`nav_dashboard`, `nav_contacts`, `nav_import`, `nav_profile`, `nav_settings`).
    func accountValues(_ userID: String, active: String) throws -> [String: Any] {
        guard let account = try database.account(id: userID) else { return [:] }
        var values: [String: Any] = ["email": account.email, "verified": account.verified, "signed_in": true, "nav_\(active)": true]
        if account.verified, let snapshot = try database.profile(userID: userID), snapshot.profile.isPublic {
            values["public_url"] = ProfileRenderer.canonicalURL(of: snapshot.profile, settings: pages.context.settings)
        }
        return values
    }
}
