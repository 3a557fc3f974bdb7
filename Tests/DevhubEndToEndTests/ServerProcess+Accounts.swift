import Foundation
import Testing

/// The account steps the server tests share: sign up, read the verification email, verify, log in, save a profile.
extension ServerProcess {
    /// A password that passes the policy (long enough, not a common one).
    static let goodPassword = "correct-horse-battery-staple-42"

    /// Every `.eml` the file transport has written so far.
    var mails: [MailMessage] { Mailbox.emlMessages(in: mailDir) }

    /// The messages addressed to `email`.
    func mails(to email: String) -> [MailMessage] { mails.filter { $0.isAddressed(to: email) } }

    /// Every token of a verification link sent to `email` so far.
    func verificationTokens(for email: String) -> Set<String> {
        Set(mails(to: email).filter(\.isVerification).flatMap { $0.verificationTokens(appURL: appURL) })
    }

    /// Waits (bounded) for a verification email to `email` carrying a token not in `known`, and returns that token.
    func newVerificationToken(for email: String, excluding known: Set<String> = []) async throws -> String {
        var fresh: Set<String> = []
        _ = await eventually {
            fresh = verificationTokens(for: email).subtracting(known)
            return !fresh.isEmpty
        }
        try #require(fresh.count == 1, """
            expected one new verification link to \(email) in \(mailDir.path), found \(fresh.count); messages:
            \(mails.map(\.description).joined(separator: "\n----\n"))
            log:
            \(logTail())
            """)
        return try #require(fresh.first)
    }

    /// `POST /api/auth/signup`.
    func signUp(_ email: String, password: String = goodPassword) async -> ServerResponse {
        await post("/api/auth/signup", json: ["email": email, "password": password])
    }

    /// `POST /api/auth/login`.
    func logIn(_ email: String, password: String = goodPassword) async -> ServerResponse {
        await post("/api/auth/login", json: ["email": email, "password": password])
    }

    /// `GET /verify-email?token=TOKEN`.
    func verifyEmail(token: String) async -> ServerResponse {
        await get("/verify-email?token=\(token)")
    }

    /// Logs in and returns the session cookie's value; fails unless the answer is 200 with the cookie.
    func session(_ email: String, password: String = goodPassword) async throws -> String {
        let response = await logIn(email, password: password)
        try #require(response.status == 200, "log-in of \(email) failed: \(response)")
        let cookie = try #require(response.cookie(Self.sessionCookieName), "log-in set no \(Self.sessionCookieName) cookie: \(response)")
        try #require(!cookie.value.isEmpty, "empty session cookie: \(response)")
        return cookie.value
    }

    /// Signs `email` up, opens the link of the verification email, logs in and returns the session.
    func verifiedSession(_ email: String, password: String = goodPassword) async throws -> String {
        let signUp = await signUp(email, password: password)
        try #require(signUp.status == 202, "sign-up of \(email) failed: \(signUp)")
        let token = try await newVerificationToken(for: email)
        let verified = await verifyEmail(token: token)
        try #require(verified.status == 200, "verification of \(email) failed: \(verified)")
        return try await session(email, password: password)
    }

    /// `PUT /api/profile` with `profile` (JSON object) as a same-origin browser would send it.
    func saveProfile(_ profile: [String: Any], session: String) async -> ServerResponse {
        await put("/api/profile", json: profile, session: session)
    }

    /// The signed-in account's profile from `GET /api/profile` (the object itself, or its `profile` member).
    func currentProfile(session: String) async throws -> [String: Any] {
        let response = await get("/api/profile", session: session)
        try #require(response.status == 200, "GET /api/profile: \(response)")
        let object = try #require(response.object, "GET /api/profile is not a JSON object: \(response)")
        return (object["profile"] as? [String: Any]) ?? object
    }
}

/// Profile bodies for `PUT /api/profile`, in the fields of the import format.
enum ProfileJSON {
    /// A valid public profile; `links` defaults to one https link.
    static func make(
        username: String, name: String, headline: String = "Tester of servers",
        links: [[String: String]] = [["label": "Code", "url": "https://code.example/tester"]]
    ) -> [String: Any] {
        [
            "username": username, "name": name, "headline": headline, "location": "Lisbon",
            "website": "https://\(username).example", "links": links, "skills": ["Swift", "Testing"],
            "public": true, "bio": "I test **servers** for a living.",
        ]
    }
}
