import DevhubCore
import DevhubSite
import DevhubStore

/// The text of the emails the server sends.
struct MailComposer: Sendable {
    /// The app URL links point at, without a trailing slash.
    let appURL: String
    let siteTitle: String

    /// "Verify your Devhub email address", with the one link and the expiry notice.
    func verification(to email: String, token: SecretToken) -> OutgoingMail {
        let link = "\(appURL)/verify-email?token=\(token.value)"
        return OutgoingMail(
            recipient: email, subject: "Verify your Devhub email address",
            textBody: """
                Welcome to \(siteTitle)!

                Confirm that this is your address by opening this link:

                \(link)

                This link expires in 24 hours. If you did not sign up, ignore this message: nothing happens without the link.
                """,
            htmlBody: page(
                heading: "Verify your email address",
                body: "<p>Welcome to \(XML.escape(siteTitle))! Confirm that this is your address:</p>",
                button: ("Verify my email address", link),
                footer: "This link expires in 24 hours. If you did not sign up, ignore this message: nothing happens without the link."))
    }

    /// The password-reset email.
    func passwordReset(to email: String, token: SecretToken) -> OutgoingMail {
        let link = "\(appURL)/app/reset?token=\(token.value)"
        return OutgoingMail(
            recipient: email, subject: "Reset your Devhub password",
            textBody: """
                Someone (hopefully you) asked to reset the password of your \(siteTitle) account.

                Choose a new password here:

                \(link)

                This link expires in 1 hour and works once. If you did not ask, ignore this message: your password stays as it is.
                """,
            htmlBody: page(
                heading: "Reset your password",
                body: "<p>Someone (hopefully you) asked to reset the password of your \(XML.escape(siteTitle)) account.</p>",
                button: ("Choose a new password", link),
                footer: "This link expires in 1 hour and works once. If you did not ask, ignore this message: your password stays as it is."))
    }

    /// The daily digest: who needs attention today and why, each with a link to log an interaction.
    func digest(_ report: DigestReport, to email: String, summary: String? = nil) -> OutgoingMail {
        let dashboard = "\(appURL)/app/dashboard"
        let count = report.priorities.count
        let subject = count == 0
            ? "Your \(siteTitle) digest for \(report.date.iso): nobody needs attention"
            : "Your \(siteTitle) digest for \(report.date.iso): \(count) \(count == 1 ? "person needs" : "people need") attention"
        var text = "Here is who needs attention today (\(report.date.iso)).\n\n"
        var html = "<p>Here is who needs attention today (\(XML.escape(report.date.iso))).</p>"
        if let summary {
            text += summary + "\n\n"
            html += "<p>\(XML.escape(summary))</p>"
        }
        if report.priorities.isEmpty {
            text += "Nobody: every follow-up is on track.\n"
            html += "<p>Nobody: every follow-up is on track.</p>"
        } else {
            html += "<ol>"
            for (index, entry) in report.priorities.enumerated() {
                let reasons = entry.reasons.map(\.text).joined(separator: "; ")
                let link = CRMJSON.logInteractionURL(appURL: appURL, contactID: entry.contactID)
                text += "\(index + 1). \(entry.name) — \(reasons)\n   Log an interaction: \(link)\n\n"
                html += "<li><strong>\(XML.escape(entry.name))</strong> — \(XML.escape(reasons)) · <a href=\"\(XML.escape(link))\">Log an interaction</a></li>"
            }
            html += "</ol>"
        }
        if !report.insights.isEmpty {
            text += "\n" + report.insights.map { "• " + $0 }.joined(separator: "\n") + "\n"
            html += "<ul>" + report.insights.map { "<li>\(XML.escape($0))</li>" }.joined() + "</ul>"
        }
        text += "\nYour dashboard: \(dashboard)\nChange the hour or turn the digest off in your settings: \(appURL)/app/settings\n"
        return OutgoingMail(
            recipient: email, subject: subject, textBody: text,
            htmlBody: page(
                heading: "Who needs attention today", body: html, button: ("Open your dashboard", dashboard),
                footer: "Ranked by how overdue each follow-up is, times its importance; VIPs count double. Change the hour or turn the digest off in your settings."))
    }

    /// The owner's notification of the visitors who arrived through a Quick Connect code since the last one: one
    /// visitor is named in the subject with a link to their contact; several are listed, each with a link.
    func quickConnect(to email: String, arrivals: [QuickConnectArrival], code: StoredQuickConnectCode) -> OutgoingMail {
        let place = [code.event, code.location, code.session].compactMap { $0 }.joined(separator: " · ")
        let uses = code.maxSubmissions.map { "\(code.useCount) of \($0)" } ?? "\(code.useCount)"
        let footer = "People who connected through this code so far: \(uses)."
        func link(_ arrival: QuickConnectArrival) -> String { "\(appURL)/app/contacts/\(arrival.contactID)" }
        if arrivals.count == 1, let arrival = arrivals.first {
            return OutgoingMail(
                recipient: email, subject: "New contact from Quick Connect: \(arrival.name)",
                textBody: """
                    \(arrival.name) left their details through your Quick Connect code at \(place).

                    They are in your contacts, tagged \(code.eventTag):

                    \(link(arrival))

                    \(footer)
                    """,
                htmlBody: page(
                    heading: "New contact from Quick Connect",
                    body: "<p><strong>\(XML.escape(arrival.name))</strong> left their details through your Quick Connect code at "
                        + "\(XML.escape(place)).</p><p>They are in your contacts, tagged <code>\(XML.escape(code.eventTag))</code>.</p>",
                    button: ("Open the contact", link(arrival)),
                    footer: footer))
        }
        let list = arrivals.map { "- \($0.name): \(link($0))" }.joined(separator: "\n")
        let items = arrivals.map { "<li><a href=\"\(XML.escape(link($0)))\">\(XML.escape($0.name))</a></li>" }.joined()
        return OutgoingMail(
            recipient: email, subject: "\(arrivals.count) new contacts from Quick Connect at \(code.event)",
            textBody: """
                \(arrivals.count) people left their details through your Quick Connect code at \(place).

                They are in your contacts, tagged \(code.eventTag):

                \(list)

                \(footer)
                """,
            htmlBody: page(
                heading: "\(arrivals.count) new contacts from Quick Connect",
                body: "<p>\(arrivals.count) people left their details through your Quick Connect code at \(XML.escape(place)).</p>"
                    + "<p>They are in your contacts, tagged <code>\(XML.escape(code.eventTag))</code>:</p><ul>\(items)</ul>",
                button: ("Open your contacts", "\(appURL)/app/contacts"),
                footer: footer))
    }

    private func page(heading: String, body: String, button: (label: String, url: String), footer: String) -> String {
        let url = XML.escape(button.url)
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(XML.escape(heading))</title></head>
            <body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; line-height: 1.5; color: #1b1b1f">
            <h1 style="font-size: 1.4rem">\(XML.escape(heading))</h1>
            \(body)
            <p><a href="\(url)" style="display: inline-block; padding: .75rem 1.25rem; background: #3b3bb3; color: #fff; \
            border-radius: .4rem; text-decoration: none; font-weight: 600">\(XML.escape(button.label))</a></p>
            <p style="font-size: .9rem">Or paste this link into your browser:<br><a href="\(url)">\(url)</a></p>
            <p style="font-size: .9rem; color: #555">\(XML.escape(footer))</p>
            </body></html>
            """
    }
}
