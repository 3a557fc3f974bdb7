import DevhubCore
import DevhubStore
import Logging

/// Proves custom domains through DNS: a TXT record at `_devhub-challenge.DOMAIN` holding the owner's challenge, or
/// a CNAME from the domain to the site's host (accepted only while no other account claims the domain, since a
/// CNAME points at the site, not at one account). Records every outcome in the store, which publishes or
/// unpublishes the domain.
struct DomainVerifier: Sendable {
    let database: AppDatabase
    let resolver: DNSResolver
    /// The base URL's host: the CNAME target.
    let siteHost: String
    let schedule: DomainCheckSchedule
    let logger: Logger

    /// Checks `claim` now and returns it as it stands afterwards.
    func check(_ claim: DomainClaim) async throws -> DomainClaim? {
        let outcome = await outcome(of: claim)
        // The domain may name a person: the log says what happened, not to which domain.
        logger.info("domain checked", metadata: ["outcome": "\(Self.label(outcome))", "previous": "\(claim.status.rawValue)"])
        return try database.recordDomainCheck(userID: claim.userID, domain: claim.domain, outcome: outcome, schedule: schedule)
    }

    /// Checks every claim whose re-check is due (the `domain-checks` job), at most `limit` of them.
    func checkDue(limit: Int = 50) async throws -> Int {
        let due = try database.dueDomainClaims(limit: limit)
        for claim in due { _ = try await check(claim) }
        return due.count
    }

    /// What DNS says of `claim`.
    func outcome(of claim: DomainClaim) async -> DomainCheckOutcome {
        var reasons: [String] = []
        var unavailable = false
        do {
            let texts = try await resolver.texts(at: claim.txtName)
            if texts.contains(claim.challenge) { return .proven(how: "TXT") }
            reasons.append(texts.isEmpty
                ? "no TXT record at \(claim.txtName)"
                : "the TXT record at \(claim.txtName) does not hold the challenge shown in your profile editor")
        } catch .nonexistentDomain {
            reasons.append("no TXT record at \(claim.txtName)")
        } catch {
            unavailable = true
        }
        if claim.contested {
            reasons.append("another account also claims this domain, so only the TXT record can prove it is yours")
        } else {
            do {
                let target = try await resolver.canonicalName(of: claim.domain.value)
                if target == siteHost { return .proven(how: "CNAME") }
                reasons.append(target.map { "the CNAME points at \($0), not at \(siteHost)" } ?? "no CNAME record to \(siteHost)")
            } catch .nonexistentDomain {
                reasons.append("the domain does not exist in DNS (NXDOMAIN)")
            } catch {
                unavailable = true
            }
        }
        if unavailable { return .undetermined(reason: DNSResolver.Failure.unavailable.description) }
        return .unproven(reason: reasons.joined(separator: "; "))
    }

    private static func label(_ outcome: DomainCheckOutcome) -> String {
        switch outcome {
        case .proven(let how): "proven by \(how)"
        case .unproven: "unproven"
        case .undetermined: "undetermined"
        }
    }
}
