/// Why a visitor reports a public profile (the report form's short list).
public enum ReportReason: String, Sendable, Codable, CaseIterable {
    case spam
    case impersonation
    case harassment
    case illegal
    case other

    /// The label the form and the admin's mail show.
    public var label: String {
        switch self {
        case .spam: "Spam or advertising"
        case .impersonation: "Impersonation or name squatting"
        case .harassment: "Harassment or hate"
        case .illegal: "Illegal content"
        case .other: "Something else"
        }
    }
}

/// A visitor's abuse report as the form sends it (`POST /report`), validated. The visitor's address is never part of it.
public struct AbuseReportSubmission: Equatable, Sendable {
    /// The reported profile's username (whether it exists is not the form's business: the answer is the same).
    public var username: Username
    public var reason: ReportReason
    /// What the visitor wrote, at most ``maximumDetails`` characters.
    public var details: String
    /// An address to answer, if the visitor gave one.
    public var email: String?

    /// A report from its parts (already valid).
    public init(username: Username, reason: ReportReason, details: String, email: String?) {
        self.username = username
        self.reason = reason
        self.details = details
        self.email = email
    }

    /// The longest `details` kept (Unicode scalars).
    public static let maximumDetails = 2_000
    /// The honeypot field's name: hidden from people, filled by bots.
    public static let honeypotField = "website"

    /// Reads the form's fields; every problem names its field.
    public static func validate(_ form: [String: String]) -> Result<AbuseReportSubmission, ReportProblems> {
        var problems: [CoreError] = []
        var username: Username?
        do { username = try Username(form["username"] ?? "", field: "username") } catch { problems.append(error) }
        let reason = ReportReason(rawValue: Text.trimmed(form["reason"] ?? ""))
        if reason == nil {
            problems.append(CoreError(field: "reason", "must be one of \(ReportReason.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        let details = Text.trimmed(form["details"] ?? "")
        if details.unicodeScalars.count > maximumDetails {
            problems.append(CoreError(field: "details", "must be at most \(maximumDetails) characters"))
        }
        var email: String?
        let rawEmail = Text.trimmed(form["email"] ?? "")
        if !rawEmail.isEmpty {
            do { email = try EmailAddress(rawEmail).value } catch { problems.append(CoreError(field: "email", "is not an email address")) }
        }
        guard problems.isEmpty, let username, let reason else { return .failure(ReportProblems(errors: problems)) }
        return .success(AbuseReportSubmission(username: username, reason: reason, details: details, email: email))
    }
}

/// Why a report form was refused, field by field.
public struct ReportProblems: Error, Equatable, Sendable {
    public var errors: [CoreError]
}
