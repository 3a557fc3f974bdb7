import DevhubCore
import DevhubStore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /report`: a visitor's abuse report from a profile's static report form (a plain form post, no session, no
/// JavaScript). Answers "thank you" (200) whether or not the profile exists, the reasons for a bad form (422 naming
/// the fields), 413 over 8 KiB and 429 past the limits per client address and per profile; a honeypot keeps bots out.
/// The address is never stored: it only counts towards the limit, in memory.
struct ReportFormController {
    let services: AppServices

    /// A report with 2,000 characters of details fits easily.
    static let bodyLimit = 8 * 1024
    static let window: TimeInterval = 600

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post("report") { request, context -> Response in
            var response = try await submit(request, context: context)
            response.headers[.cacheControl] = "no-store"
            response.headers[.referrerPolicy] = "no-referrer"
            return response
        }
    }

    private func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let settings = services.settings
        let address = services.clientAddress(request, context)
        if let wait = await services.limiter.hit("report-address:\(address)", limit: settings.reportsPerAddress, window: Self.window) {
            return try tooMany(wait)
        }
        let form: [String: String]
        do {
            form = try await FormBody.decode(request, context: context, limit: Self.bodyLimit)
        } catch let error as APIError where error.status == .contentTooLarge {
            return try services.pages.message(
                "That was too much text", "The report takes up to 2,000 characters of details; please shorten it.", status: .contentTooLarge)
        }
        // Bots fill every field; people never see this one. Answer as if it worked, keep nothing.
        if !(form[AbuseReportSubmission.honeypotField] ?? "").isEmpty { return try thanks() }
        switch AbuseReportSubmission.validate(form) {
        case .failure(let problems):
            var values = AppPages.errorValues(problems.errors.map { ($0.field, $0.message) })
            values["heading"] = "The report could not be sent"
            values["message"] = "Go back, correct the fields below and send it again."
            return try services.pages.render("message", title: "The report could not be sent", status: .unprocessableContent, values)
        case .success(let report):
            if let wait = await services.limiter.hit(
                "report-profile:\(report.username.value)", limit: settings.reportsPerProfile, window: Self.window)
            {
                return try tooMany(wait)
            }
            try services.database.fileReport(report, mailInterval: settings.reportMailIntervalMilliseconds)
            return try thanks()
        }
    }

    /// The one answer a reporter gets: nothing about the profile or what happens next.
    private func thanks() throws -> Response {
        try services.pages.message("Thank you", "Your report was received. The site's operator reviews every report.")
    }

    private func tooMany(_ wait: Int) throws -> Response {
        var response = try services.pages.message(
            "Too many reports", "Please wait a few minutes and send the report again.", status: .tooManyRequests)
        response.headers[.retryAfter] = String(wait)
        return response
    }
}
