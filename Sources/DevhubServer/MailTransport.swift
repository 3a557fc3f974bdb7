import DevhubCore
import Foundation
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where outgoing mail goes, chosen by configuration.
public enum MailTransport: Sendable {
    /// One `.eml` file per message in a folder (the default; the demo reads mail there).
    case file(directory: String)
    /// A `sendmail`-compatible program (e.g. `msmtp -t`) that reads the message on standard input.
    case sendmail(command: [String])
    /// Resend's HTTP API (`POST {baseURL}/emails` with a bearer key).
    case resend(apiKey: String, baseURL: String)

    /// Sends `message`; throws with a reason on failure (the mailer job retries).
    func send(_ message: MIMEMessage, logger: Logger) async throws {
        switch self {
        case .file(let directory):
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let name = "\(Int64(message.date.timeIntervalSince1970 * 1000))-\(UUID().uuidString.prefix(8)).eml"
            let path = (directory as NSString).appendingPathComponent(name)
            try Data(message.rendered.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            logger.notice("mail written", metadata: ["path": "\(path)", "links": "\(Self.redactedLinks(in: message.text))"])
        case .sendmail(let command):
            try await Self.pipe(message.rendered, to: command)
        case .resend(let apiKey, let baseURL):
            try await Self.postToResend(message, apiKey: apiKey, baseURL: baseURL)
        }
    }

    /// The links of a message with token values masked, safe to log.
    static func redactedLinks(in text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace }).filter { $0.hasPrefix("http") }.map { link in
            guard let query = link.firstIndex(of: "?") else { return String(link) }
            return String(link[..<query]) + "?…"
        }
    }

    private static func pipe(_ text: String, to command: [String]) async throws {
        guard let executable = command.first else { throw MailError("no sendmail command configured") }
        let outcome = try await ChildProcess.run(executable, Array(command.dropFirst()), input: text)
        guard outcome.status == 0 else {
            // The program's complaint often quotes the recipient: addresses are cut before it is logged or stored.
            throw MailError("\(executable) exited with \(outcome.status): \(AddressRedaction.redact(String(outcome.standardError.prefix(200))))")
        }
    }

    private static func postToResend(_ message: MIMEMessage, apiKey: String, baseURL: String) async throws {
        guard let url = URL(string: baseURL.hasSuffix("/") ? baseURL + "emails" : baseURL + "/emails") else {
            throw MailError("invalid Resend base URL \(baseURL)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: [
            "from": "\(message.fromName) <\(message.from)>", "to": [message.to], "subject": message.subject,
            "text": message.text, "html": message.html,
        ])
        request.timeoutInterval = 20
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw MailError("Resend answered \(status): \(AddressRedaction.redact(String(decoding: data.prefix(200), as: UTF8.self)))")
        }
    }
}

/// A mail delivery failure.
public struct MailError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
