import DevhubCore
import DevhubStore
import Foundation

/// What the account routes do, shared by the JSON API and the HTML pages (they differ only in how they answer).
/// Every answer that could tell whether an address has an account is the same either way.
struct AccountActions: Sendable {
    let services: AppServices

    private var database: AppDatabase { services.database }

    /// Creates an unverified account and queues the verification email; an existing address gets no new account
    /// (and, if still unverified, a fresh link — rate-limited like resend). Throws only for invalid input.
    func signUp(email rawEmail: String, password: String) async throws {
        let email = try validEmail(rawEmail)
        if let domain = email.value.split(separator: "@").last, try database.isReservedDomain(String(domain)) {
            throw APIError.invalid(CoreError(field: "email", "addresses at \(domain) cannot sign up here"))
        }
        do { try PasswordPolicy.check(password, email: email.value) } catch { throw APIError.invalid(error) }
        // Hash even when the address exists, so both answers take as long.
        let hash = try await services.hasher.hash(password)
        let created = try database.createAccount(email: email, passwordHash: hash) { token in
            services.mail.verification(to: email.value, token: token)
        }
        if created == nil { try await resendVerification(email: email.value) }
    }

    /// Checks the credentials and starts a session. Five failures per address in 15 minutes lock it for the rest of
    /// the window; the address counts by its identity (``EmailAddress/key``), so case variants share one count.
    func logIn(email rawEmail: String, password: String) async throws -> SecretToken {
        guard let email = try? EmailAddress(rawEmail), !password.isEmpty, password.count <= PasswordPolicy.maximumLength else {
            throw APIError.badCredentials
        }
        let key = "login-failures:\(email.key)"
        let limit = services.settings.failedLoginsPerWindow
        if let wait = await services.limiter.isLimited(key, limit: limit, window: 15 * 60) {
            throw APIError.tooManyRequests(retryAfter: wait)
        }
        let account = try database.account(email: email)
        // Verify against a real hash even for unknown addresses, so timing does not tell them apart.
        let valid = await services.hasher.verify(password, against: account?.passwordHash ?? Self.decoyHash)
        guard valid, let account else {
            if let wait = await services.limiter.hit(key, limit: limit, window: 15 * 60) {
                throw APIError.tooManyRequests(retryAfter: wait)
            }
            throw APIError.badCredentials
        }
        await services.limiter.reset(key)
        // Only the right password learns that the account is suspended.
        if let reason = try database.suspensionReason(userID: account.id) {
            throw APIError(.forbidden, code: "account_suspended",
                           "This account is suspended by the site's operator\(reason.isEmpty ? "" : ": \(reason)"). Write to the operator to appeal.")
        }
        // Logging in within the grace period of a deletion restores the account (and its page, if it was public).
        try database.cancelAccountDeletion(userID: account.id)
        return try database.createSession(userID: account.id)
    }

    /// Sends a new verification link to an unverified account (older links stop working); silent otherwise.
    func resendVerification(email rawEmail: String) async throws {
        let email = try validEmail(rawEmail)
        guard let account = try database.account(email: email), !account.verified else { return }
        guard await services.limiter.hit("resend:\(account.id)", limit: 3, window: 3600) == nil else { return }
        try database.issueEmailToken(userID: account.id, purpose: "verify", lifetime: AppDatabase.verificationLifetime) { token in
            services.mail.verification(to: account.email, token: token)
        }
    }

    /// Sends a reset link to a verified account; silent otherwise (no mail but verification goes to unverified addresses).
    func forgotPassword(email rawEmail: String) async throws {
        let email = try validEmail(rawEmail)
        guard let account = try database.account(email: email), account.verified else { return }
        guard await services.limiter.hit("reset:\(account.id)", limit: 3, window: 3600) == nil else { return }
        try database.issueEmailToken(userID: account.id, purpose: "reset", lifetime: AppDatabase.resetLifetime) { token in
            services.mail.passwordReset(to: account.email, token: token)
        }
    }

    /// Sets a new password with a reset token; every session of the account ends.
    func resetPassword(token: String, password: String) async throws {
        do { try PasswordPolicy.check(password) } catch { throw APIError.invalid(error) }
        let hash = try await services.hasher.hash(password)
        switch try database.resetPassword(token: token, passwordHash: hash) {
        case .success: return
        // 403, not 400: the request is well formed; the token does not grant the change.
        case .failure: throw APIError(.forbidden, code: "invalid_token", "This reset link is invalid, expired or already used.")
        }
    }

    /// Validates and saves the signed-in owner's profile (regeneration is queued with it).
    func saveProfile(_ input: ProfileInput, userID: String) throws -> ProfileSnapshot {
        do {
            let profile = try input.profile().validated()
            try profile.customDomain?.checkClaimable(siteHosts: [services.settings.baseHost, services.settings.appHost])
            return try database.saveProfile(profile, userID: userID)
        } catch let error as CoreError {
            throw APIError.invalid(error)
        }
    }

    /// Schedules the account's deletion after checking the password again: the public page goes at once (the
    /// regeneration and the Quick Connect pages' are queued), every session ends, and the private data is erased by
    /// the cleanup job once the grace period (`--deletion-grace`) is over; logging in before then restores it.
    func deleteAccount(userID: String, password: String) async throws {
        guard let account = try database.account(id: userID) else { throw APIError.unauthorized }
        guard !password.isEmpty, password.count <= PasswordPolicy.maximumLength,
              await services.hasher.verify(password, against: account.passwordHash)
        else {
            throw APIError(.forbidden, code: "invalid_credentials", "The password is wrong; nothing was deleted.", details: [("password", "is wrong")])
        }
        try database.scheduleAccountDeletion(userID: userID)
        // A credential is not kept through the grace period: logging in again restores the account, not the token.
        try database.deleteGitHubToken(userID: userID)
    }

    /// Saves the time zone, the digest preferences and the GitHub sync switch; 422 naming a bad field.
    func updateSettings(userID: String, timeZone: String?, digestHour: Int?, digestEnabled: Bool?, githubSync: Bool? = nil) throws -> OwnerSettings {
        guard let current = try database.ownerSettings(userID: userID) else { throw APIError.unauthorized }
        let zone = timeZone.map { Text.trimmed($0) } ?? current.timeZone
        guard TimeZone(identifier: zone) != nil else {
            throw APIError.invalid(CoreError(field: "time_zone", "'\(zone)' is not a time zone name such as Europe/Berlin"))
        }
        let hour = digestHour ?? current.digestHour
        guard (0...23).contains(hour) else { throw APIError.invalid(CoreError(field: "digest_hour", "must be an hour from 0 to 23")) }
        try database.updateOwnerSettings(userID: userID, timeZone: zone, digestHour: hour, digestEnabled: digestEnabled ?? current.digestEnabled)
        if let githubSync { try GitHubActions(services: services).setSync(userID: userID, enabled: githubSync) }
        return try database.ownerSettings(userID: userID)!
    }

    /// Refuses (403 `email_not_verified`) what an unverified account may not do: anything that publishes on the
    /// site's origin or mails someone else.
    func requireVerified(userID: String) throws {
        guard try database.isVerified(userID: userID) else { throw APIError.emailNotVerified }
    }

    private func validEmail(_ raw: String) throws -> EmailAddress {
        do { return try EmailAddress(raw) } catch { throw APIError.invalid(error) }
    }

    /// A valid Argon2id hash of a random password nobody knows.
    static let decoyHash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Sq7dX1xHc6BxH0pZbQ9H4Pd2R3eC1eQOqk6bUZ0r0s"
}
