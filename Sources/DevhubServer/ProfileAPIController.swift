import DevhubCore
import DevhubStore
import Hummingbird

/// `/api/profile`: the signed-in owner's profile (JSON) with where its custom domain stands, the domain check,
/// and a Markdown preview.
struct ProfileAPIController {
    let services: AppServices

    struct Preview: Decodable { var bio: String }

    /// DNS checks an owner may ask for per minute (each one sends queries).
    static let domainChecksPerMinute = 10

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("profile") { _, context -> Response in
            try ownerProfileResponse(userID: try context.requireUser())
        }
        group.put("profile") { request, context -> Response in
            let userID = try context.requireUser()
            let input = try await RequestBody.json(ProfileInput.self, request, context: context).value
            _ = try AccountActions(services: services).saveProfile(input, userID: userID)
            return try ownerProfileResponse(userID: userID)
        }
        group.post("profile/domain/verify") { _, context -> Response in
            let userID = try context.requireUser()
            try await services.checkDomainNow(userID: userID)
            return try ownerProfileResponse(userID: userID)
        }
        group.post("profile/preview") { request, context -> Response in
            _ = try context.requireUser()
            let body = try await RequestBody.json(Preview.self, request, context: context).value
            return try JSONResponse.make(["html": services.markdown.render(body.bio).html])
        }
    }

    /// The owner's profile with its domain's state, or 404 when they have none yet.
    private func ownerProfileResponse(userID: String) throws -> Response {
        guard let body = try services.ownerProfile(userID: userID) else {
            throw APIError(.notFound, code: "not_found", "You have no profile yet; PUT one.")
        }
        return try JSONResponse.encode(body)
    }
}

extension AppServices {
    /// The owner's profile as the editor sees it (their custom domain even while pending) with the domain's state;
    /// nil when they have no profile yet.
    func ownerProfile(userID: String) throws -> OwnerProfileBody? {
        guard let snapshot = try database.profile(userID: userID) else { return nil }
        return OwnerProfileBody(profile: ProfileInput(snapshot.profile), domain: try domainState(userID: userID, profile: snapshot.profile))
    }

    /// Where the owner's custom domain stands.
    func domainState(userID: String, profile: Profile?) throws -> CustomDomainState {
        CustomDomainState(claim: try database.domainClaim(userID: userID), publishedDomain: profile?.customDomain, siteHost: settings.baseHost)
    }

    /// Checks the owner's custom domain against DNS now (the editor's "Check now"); 409 naming `custom_domain`
    /// when none is set (the request is fine, the profile's state is not), 429 past
    /// ``ProfileAPIController/domainChecksPerMinute``.
    func checkDomainNow(userID: String) async throws {
        guard let claim = try database.domainClaim(userID: userID) else {
            throw APIError(.conflict, code: "no_custom_domain", "custom_domain is not set; save a domain in your profile first.",
                           details: [("custom_domain", "is not set; save a domain in your profile first")])
        }
        if let wait = await limiter.hit("domain-check:\(userID)", limit: ProfileAPIController.domainChecksPerMinute, window: 60) {
            throw APIError.tooManyRequests(retryAfter: wait)
        }
        _ = try await domains.check(claim)
    }
}
