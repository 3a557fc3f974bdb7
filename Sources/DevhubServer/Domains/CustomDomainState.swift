import DevhubCore
import DevhubSite
import DevhubStore

/// Where the owner's custom domain stands and the DNS records that prove it, as `GET /api/profile` and the profile
/// editor show it.
struct CustomDomainState: Sendable {
    var status: DomainClaimStatus
    /// The records to create; nil when no domain is set.
    var challenge: Challenge?
    /// Why the last check did not prove the domain.
    var lastError: String?
    /// When DNS was last asked (ISO 8601).
    var checkedAt: String?

    /// The DNS records that prove a domain: either one.
    struct Challenge: Encodable, Sendable {
        /// `_devhub-challenge.DOMAIN`
        var txtName: String
        /// The value that TXT record must hold.
        var txtValue: String
        /// The host a CNAME from the domain must point at (the base URL's host).
        var cnameTarget: String

        enum CodingKeys: String, CodingKey {
            case txtName = "txt_name", txtValue = "txt_value", cnameTarget = "cname_target"
        }
    }

    /// The state of `claim`; without a claim, `verified` for a domain the operator imported and `none` otherwise.
    init(claim: DomainClaim?, publishedDomain: DomainName?, siteHost: String) {
        guard let claim else {
            status = publishedDomain == nil ? .none : .verified
            return
        }
        status = claim.status
        challenge = Challenge(txtName: claim.txtName, txtValue: claim.challenge, cnameTarget: siteHost)
        lastError = claim.status == .verified ? nil : claim.lastError
        checkedAt = claim.checkedAt.map(Timestamp.iso8601)
    }

    /// The values the editor template shows (`domain_status`, `domain_pending`, the records, …).
    var pageValues: [String: Any] {
        var values: [String: Any] = ["domain_status": status.rawValue, "domain_\(status.rawValue)": true]
        if let challenge {
            values["domain_txt_name"] = challenge.txtName
            values["domain_txt_value"] = challenge.txtValue
            values["domain_cname_target"] = challenge.cnameTarget
        }
        values["domain_error"] = lastError
        values["domain_checked_at"] = checkedAt
        return values
    }
}

/// The owner's profile as the profile routes answer it: the profile file's fields plus `custom_domain_status`,
/// `custom_domain_challenge` (while a domain is set), `custom_domain_error` and `custom_domain_checked_at`.
struct OwnerProfileBody: Encodable {
    var profile: ProfileInput
    var domain: CustomDomainState

    enum CodingKeys: String, CodingKey {
        case status = "custom_domain_status", challenge = "custom_domain_challenge"
        case error = "custom_domain_error", checkedAt = "custom_domain_checked_at"
    }

    func encode(to encoder: any Encoder) throws {
        try profile.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(domain.status, forKey: .status)
        try container.encodeIfPresent(domain.challenge, forKey: .challenge)
        try container.encodeIfPresent(domain.lastError, forKey: .error)
        try container.encodeIfPresent(domain.checkedAt, forKey: .checkedAt)
    }
}
