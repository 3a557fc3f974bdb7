import DevhubCore
import DevhubSite
import DevhubStore

extension MailComposer {
    /// The admins' mail listing the abuse reports filed since the last one, grouped by profile, with a link to the queue.
    func abuseReports(to email: String, profiles: [ReportedProfile]) -> OutgoingMail {
        let count = profiles.reduce(0) { $0 + $1.reports.count }
        let queue = "\(appURL)/app/admin/reports"
        var text = "\(count) new abuse report\(count == 1 ? "" : "s") on \(profiles.count) profile\(profiles.count == 1 ? "" : "s"):\n"
        var html = "<p>\(count) new abuse report\(count == 1 ? "" : "s") on \(profiles.count) profile\(profiles.count == 1 ? "" : "s"):</p>"
        for profile in profiles {
            text += "\n@\(profile.username): \(profile.reports.count) new\n"
            html += "<h2>@\(XML.escape(profile.username)): \(profile.reports.count) new</h2><ul>"
            for report in profile.reports {
                let details = report.details.isEmpty ? "" : ": \(String(String.UnicodeScalarView(report.details.unicodeScalars.prefix(200))))"
                text += "- \(report.reason.label)\(details)\n"
                html += "<li>\(XML.escape(report.reason.label))\(XML.escape(details))</li>"
            }
            html += "</ul>"
        }
        text += "\nThe queue: \(queue)\n"
        html += "<p><a href=\"\(XML.escape(queue))\">Open the report queue</a></p>"
        return OutgoingMail(
            recipient: email, subject: "\(count) new abuse report\(count == 1 ? "" : "s") on \(siteTitle)", textBody: text,
            htmlBody: "<!DOCTYPE html><html><body>\(html)</body></html>")
    }
}
