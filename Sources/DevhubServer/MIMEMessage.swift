import DevhubCore
import DevhubStore
import Foundation

/// An outgoing email as RFC 5322 / MIME text: `multipart/alternative` with a plain-text and an HTML
/// part, 8-bit UTF-8 bodies (links stay intact for anyone reading the raw message) and RFC 2047
/// encoded headers where they are not ASCII.
public struct MIMEMessage: Sendable {
    public var from: String
    public var fromName: String
    public var to: String
    public var subject: String
    public var text: String
    public var html: String
    public var messageID: String
    public var date: Date

    /// A message from `from` (shown as `fromName`) built from a queued mail.
    public init(_ mail: OutgoingMail, from: String, fromName: String, date: Date = Date()) {
        self.from = from
        self.fromName = fromName
        to = mail.recipient
        subject = mail.subject
        text = mail.textBody
        html = mail.htmlBody
        let domain = from.split(separator: "@").last.map(String.init) ?? "devhub.local"
        messageID = "<\(mail.id.isEmpty ? UUID().uuidString : mail.id)@\(domain)>"
        self.date = date
    }

    /// The complete message, CRLF line ends.
    public var rendered: String {
        let boundary = "devhub-" + String(messageID.hashValue.magnitude, radix: 36) + "-alt"
        let headers = [
            "From: \(Self.encodeHeader(fromName)) <\(from)>",
            "To: <\(to)>",
            "Subject: \(Self.encodeHeader(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
        ]
        var lines = headers + [""]
        lines += ["--\(boundary)", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", Self.crlf(text)]
        lines += ["--\(boundary)", "Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", Self.crlf(html)]
        lines += ["--\(boundary)--", ""]
        return lines.joined(separator: "\r\n")
    }

    /// Header text: every line-break and control scalar becomes a space (so CR, LF, NEL, U+2028 and friends never
    /// reach a header, whatever follows them); ASCII passes through, anything else becomes RFC 2047 `=?UTF-8?B?…?=`
    /// words of at most 75 characters, cut between scalars and folded onto continuation lines.
    static func encodeHeader(_ text: String) -> String {
        var clean = String.UnicodeScalarView()
        for scalar in Text.replacingLineBreaks(text, with: " ").unicodeScalars {
            clean.append(scalar.properties.generalCategory == .control ? " " : scalar)
        }
        guard clean.contains(where: { !$0.isASCII }) else { return String(clean) }
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in clean {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 45 {  // 45 bytes → 60 base64 characters + 12 of framing
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    private static func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
    }

    private static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
