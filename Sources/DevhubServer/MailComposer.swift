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
