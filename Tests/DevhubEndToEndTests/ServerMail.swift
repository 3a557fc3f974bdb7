import Foundation

/// One email as the server handed it over (an `.eml` file of the file transport, or a Maildir file
/// written by the test's SMTP server), read as raw text: bodies are 8-bit, so links are literal.
struct MailMessage: CustomStringConvertible {
    /// The verification email's subject.
    static let verificationSubject = "Verify your Devhub email address"

    /// Where the message was read from.
    var file: URL
    /// The whole message.
    var raw: String

    /// The header fields (continuation lines unfolded), names lower-cased, in order.
    var headerFields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        for line in raw.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n") {
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t", !fields.isEmpty {
                fields[fields.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
        }
        return fields
    }

    /// The first value of header `name`.
    func header(_ name: String) -> String? { headerFields.first { $0.name == name.lowercased() }?.value }

    /// The `Subject` header as written.
    var subject: String? { header("subject") }

    /// Whether the `To` header names `address` (case-insensitive).
    func isAddressed(to address: String) -> Bool {
        header("to")?.lowercased().contains(address.lowercased()) == true
    }

    /// Whether this is the verification email.
    var isVerification: Bool { subject == Self.verificationSubject }

    /// Every token of a `APP_URL/verify-email?token=TOKEN` link in the message, in order of appearance.
    func verificationTokens(appURL: String) -> [String] {
        tokens(after: appURL + "/verify-email?token=")
    }

    /// Every `TOKEN` following `prefix` literally (the token is the longest run of URL-safe characters).
    func tokens(after prefix: String) -> [String] {
        let pattern = NSRegularExpression.escapedPattern(for: prefix) + "([A-Za-z0-9_~.%-]+)"
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(raw.startIndex..., in: raw)
        return regex.matches(in: raw, range: range).compactMap { match in
            Range(match.range(at: 1), in: raw).map { String(raw[$0]) }
        }
    }

    /// The file name and the start of the message, for failure messages.
    var description: String { "\(file.lastPathComponent):\n\(raw.prefix(1500))" }
}

/// Reads the messages the server delivered into a folder.
enum Mailbox {
    /// Every `*.eml` file directly in `directory` (dot-files, which may be half-written temporaries, left out),
    /// sorted by file name.
    static func emlMessages(in directory: URL) -> [MailMessage] {
        messages(in: [directory]) { $0.hasSuffix(".eml") }
    }

    /// Every message of the Maildir `directory` (its `new/` and `cur/` folders).
    static func maildirMessages(in directory: URL) -> [MailMessage] {
        messages(in: [directory.appendingPathComponent("new"), directory.appendingPathComponent("cur")]) { _ in true }
    }

    private static func messages(in folders: [URL], where include: (String) -> Bool) -> [MailMessage] {
        folders.flatMap { folder -> [MailMessage] in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.filter { !$0.hasPrefix(".") && include($0) }.sorted().compactMap { name in
                let url = folder.appendingPathComponent(name)
                return (try? String(contentsOf: url, encoding: .utf8)).map { MailMessage(file: url, raw: $0) }
            }
        }
    }
}
