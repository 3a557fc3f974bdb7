import DevhubCore

/// What a password must be: 8 to 128 Unicode code points (longer is refused, to bound hashing work; counted as JSON
/// Schema's `minLength`/`maxLength` count, so the OpenAPI document states the rule exactly), not one of the most
/// common passwords, and not the email address itself.
public enum PasswordPolicy {
    public static let minimumLength = 8
    public static let maximumLength = 128

    /// A short list of the most common passwords (from public breach corpora).
    static let common: Set<String> = [
        "12345678", "123456789", "1234567890", "password", "password1", "password123", "qwerty123", "qwertyuiop",
        "11111111", "00000000", "iloveyou", "abc12345", "sunshine", "princess", "football", "baseball", "welcome1",
        "letmein1", "admin123", "passw0rd", "trustno1", "superman", "starwars", "whatever", "dragon12", "monkey12",
        "1q2w3e4r", "1qaz2wsx", "zaq12wsx", "asdfghjk", "qwerty12", "changeme", "devhub123", "p@ssw0rd", "123123123",
    ]

    /// Throws a ``CoreError`` on `password` naming the rule it breaks.
    public static func check(_ password: String, email: String? = nil) throws(CoreError) {
        let length = password.unicodeScalars.count
        guard length >= minimumLength else { throw CoreError(field: "password", "must be at least \(minimumLength) characters") }
        guard length <= maximumLength else { throw CoreError(field: "password", "must be at most \(maximumLength) characters") }
        guard !common.contains(password.lowercased()) else { throw CoreError(field: "password", "is too common; choose another") }
        if let email, password.lowercased() == email.lowercased() {
            throw CoreError(field: "password", "must not be your email address")
        }
    }
}
