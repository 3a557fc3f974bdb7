/// What a visitor sends through a Quick Connect form, checked field by field (every problem is reported, so the
/// form can show them all at once).
public struct QuickConnectSubmission: Equatable, Sendable {
    public var name: String
    public var email: String
    public var github: String?
    public var note: String?

    /// The honeypot field's name: people never see it, form-filling bots do.
    public static let honeypotField = "website"

    /// Checks the form's fields: `name`, `email`, `github`, `note`, `consent`. Returns the submission or every problem.
    public static func validate(_ form: [String: String]) -> Result<QuickConnectSubmission, QuickConnectFormErrors> {
        var errors: [CoreError] = []
        func check<T>(_ body: () throws(CoreError) -> T) -> T? {
            do { return try body() } catch { errors.append(error); return nil }
        }
        let name = check { () throws(CoreError) in try FieldText.required(form["name"], field: "name", limit: ContactLimits.name) }
        let email = check { () throws(CoreError) in try EmailAddress(form["email"] ?? "", field: "email").value }
        let github = check { () throws(CoreError) in
            try FieldText.blankToNil(form["github"]).map { text throws(CoreError) in try ContactFields.githubUsername(text) }
        } ?? nil
        let note = check { () throws(CoreError) in try FieldText.notes(form["note"], field: "note", limit: QuickConnectLimits.note) } ?? nil
        if FieldText.blankToNil(form["consent"]) == nil {
            errors.append(CoreError(field: "consent", "must be ticked: your details are only sent with your consent"))
        }
        guard errors.isEmpty, let name, let email else { return .failure(QuickConnectFormErrors(errors: errors)) }
        return .success(QuickConnectSubmission(name: name, email: email, github: github, note: note))
    }

    /// The first interaction's notes: where the two met, and what the visitor wrote.
    public func interactionNotes(event: String, location: String?, session: String?) -> String {
        let place = [event, location, session].compactMap { $0 }.joined(separator: " · ")
        var text = "Met through Quick Connect at \(place)."
        if let note { text += "\n\n\(note)" }
        return text
    }
}

/// Every problem with a submitted form.
public struct QuickConnectFormErrors: Error, Equatable, Sendable {
    public var errors: [CoreError]
}
