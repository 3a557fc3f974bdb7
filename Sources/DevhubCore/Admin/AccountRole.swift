/// What an account may do on the server: a `member` owns their profile and CRM; an `admin` also moderates the site
/// (`/app/admin`, `/api/admin/…`). Only the operator's CLI changes a role (`devhub user create --admin`,
/// `devhub user promote|demote`): no route makes an admin.
public enum AccountRole: String, Sendable, Codable, CaseIterable {
    case member
    case admin
}

/// Where an account stands, as the admin list shows it.
public enum AccountState: String, Sendable, Codable, CaseIterable {
    case active
    case suspended
    case pendingDeletion = "pending deletion"
}

/// What an admin did, as the audit trail names it.
public enum AdminAction: String, Sendable, Codable, CaseIterable {
    case suspend, unsuspend, delete, unpublish, republish
    case promote, demote
    case reserve, unreserve
    case dismissReports = "dismiss-reports"
}

/// Who did an audited action: an admin account (by id, with its address at the time) or the operator's CLI.
public struct AdminActor: Equatable, Sendable {
    /// The admin's account id; nil for the CLI.
    public var userID: String?
    /// What the trail shows: the admin's email address, or `cli`.
    public var label: String

    /// An admin account.
    public init(userID: String, email: String) {
        self.userID = userID
        self.label = email
    }

    private init(cli: Void) {
        userID = nil
        label = "cli"
    }

    /// The operator's command line (`devhub user promote|demote|create --admin`).
    public static let cli = AdminActor(cli: ())
}

/// The reason an admin gives for an action: trimmed, 1–500 characters (by Unicode scalar), no control characters.
public enum AdminReason {
    /// The longest reason kept.
    public static let maximumLength = 500

    /// The reason checked; throws ``CoreError`` naming `field` when it is missing (and `required`) or too long.
    public static func validated(_ raw: String?, field: String = "reason", required: Bool = true) throws(CoreError) -> String? {
        let text = Text.trimmed(raw ?? "")
        if text.isEmpty {
            if required { throw CoreError(field: field, "is required: say why (the owner and the audit trail see it)") }
            return nil
        }
        guard text.unicodeScalars.count <= maximumLength else { throw CoreError(field: field, "must be at most \(maximumLength) characters") }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t" })
        else { throw CoreError(field: field, "must not contain control characters") }
        return text
    }
}
