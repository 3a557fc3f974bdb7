import DevhubCore
import DevhubSite
import HTTPTypes
import Hummingbird

/// The HTML pages under `/app/`: forms that work without JavaScript, posting back to themselves.
struct PagesController {
    let services: AppServices
    var actions: AccountActions { AccountActions(services: services) }
    var pages: AppPages { services.pages }

    /// Editor rows for links.
    static let linkRows = 10

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("signup") { _, _ in try pages.render("signup", title: "Create your account") }
        group.post("signup") { request, context -> Response in
            let form = try await FormBody.decode(request, context: context)
            do {
                try await actions.signUp(email: form["email"] ?? "", password: form["password"] ?? "")
                return try pages.message(
                    "Check your email", "If the address can receive it, a verification link is on its way. It expires in 24 hours.",
                    link: ("/app/login", "Log in"))
            } catch let error as APIError {
                return try pages.render("signup", title: "Create your account", status: error.status, AppPages.errorValues(error).merging(["email": form["email"] ?? ""]) { a, _ in a })
            }
        }
        group.get("login") { _, _ in try pages.render("login", title: "Log in") }
        group.post("login") { request, context -> Response in
            let form = try await FormBody.decode(request, context: context)
            do {
                let token = try await actions.logIn(email: form["email"] ?? "", password: form["password"] ?? "")
                return seeOther("/app/dashboard", cookies: [services.sessionCookie(token.value)])
            } catch let error as APIError {
                var response = try pages.render("login", title: "Log in", status: error.status, AppPages.errorValues(error).merging(["email": form["email"] ?? ""]) { a, _ in a })
                for field in error.headers { response.headers.append(field) }
                return response
            }
        }
        group.post("logout") { _, context -> Response in
            if let token = context.sessionToken { try services.database.deleteSession(token: token) }
            return seeOther("/app/login", cookies: [services.expiredSessionCookie()])
        }
        group.get("resend") { _, _ in try pages.render("resend", title: "Resend the verification email") }
        group.post("resend") { request, context -> Response in
            let form = try await FormBody.decode(request, context: context)
            do {
                try await actions.resendVerification(email: form["email"] ?? "")
            } catch let error as APIError {
                return try pages.render("resend", title: "Resend the verification email", status: error.status, AppPages.errorValues(error))
            }
            return try pages.message("Check your email", "If the address has an unverified account, a new link is on its way.")
        }
        group.get("forgot") { _, _ in try pages.render("forgot", title: "Forgot your password") }
        group.post("forgot") { request, context -> Response in
            let form = try await FormBody.decode(request, context: context)
            do {
                try await actions.forgotPassword(email: form["email"] ?? "")
            } catch let error as APIError {
                return try pages.render("forgot", title: "Forgot your password", status: error.status, AppPages.errorValues(error))
            }
            return try pages.message("Check your email", "If the address has a verified account, a reset link is on its way. It expires in 1 hour.")
        }
        group.get("reset") { request, _ -> Response in
            var response = try pages.render("reset", title: "Choose a new password", ["token": request.uri.queryParameters["token"].map(String.init) ?? ""])
            response.headers[.referrerPolicy] = "no-referrer"
            return response
        }
        group.post("reset") { request, context -> Response in
            let form = try await FormBody.decode(request, context: context)
            do {
                try await actions.resetPassword(token: form["token"] ?? "", password: form["password"] ?? "")
            } catch let error as APIError {
                return try pages.render("reset", title: "Choose a new password", status: error.status, AppPages.errorValues(error).merging(["token": form["token"] ?? ""]) { a, _ in a })
            }
            return try pages.message("Password changed", "Log in with your new password. Other sessions were signed out.", link: ("/app/login", "Log in"))
        }
        group.get("profile") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let notice: String? = if request.uri.queryParameters["saved"] != nil {
                "Saved. Your public page is being regenerated."
            } else if request.uri.queryParameters["checked"] != nil {
                "Checked your domain's DNS records just now."
            } else { nil }
            return try storedProfilePage(userID: userID, notice: notice)
        }
        group.post("profile") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let form = try await FormBody.decode(request, context: context)
            let input = Self.input(from: form)
            var values = try services.accountValues(userID, active: "profile")
            values.merge(editorValues(input)) { _, new in new }
            values.merge(try services.domainState(userID: userID, profile: nil).pageValues) { _, new in new }
            if form["action"] == "preview" {
                values["preview_html"] = services.markdown.render(input.bio ?? "").html
                return try pages.render("profile", title: "Edit your profile", values)
            }
            do {
                _ = try actions.saveProfile(input, userID: userID)
                return seeOther("/app/profile?saved=1")
            } catch let error as APIError {
                return try pages.render("profile", title: "Edit your profile", status: error.status, values.merging(AppPages.errorValues(error)) { _, new in new })
            }
        }
        group.post("profile/domain/verify") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            do {
                try await services.checkDomainNow(userID: userID)
            } catch let error as APIError {
                return try storedProfilePage(userID: userID, error: error)
            }
            return seeOther("/app/profile?checked=1")
        }
    }

    /// The editor filled from the stored profile, with the domain's state, a notice or an error.
    private func storedProfilePage(userID: String, notice: String? = nil, error: APIError? = nil) throws -> Response {
        let stored = try services.database.profile(userID: userID)
        var values = try services.accountValues(userID, active: "profile")
        values.merge(editorValues(stored.map { ProfileInput($0.profile) })) { _, new in new }
        values.merge(try services.domainState(userID: userID, profile: stored?.profile).pageValues) { _, new in new }
        values["notice"] = notice
        if let error { values.merge(AppPages.errorValues(error)) { _, new in new } }
        var response = try pages.render("profile", title: "Edit your profile", status: error?.status ?? .ok, values)
        for field in error?.headers ?? [:] { response.headers.append(field) }
        return response
    }

    /// The editor's field values (absent keys for absent values, ten link rows numbered from 1).
    private func editorValues(_ input: ProfileInput?) -> [String: Any] {
        var values: [String: Any] = ["is_public": input?.isPublic ?? true]
        values["username"] = input?.username
        values["name"] = input?.name
        values["headline"] = input?.headline
        values["location"] = input?.location
        values["website"] = input?.website
        values["avatar"] = input?.avatar
        values["custom_domain"] = input?.customDomain
        values["bio"] = input?.bio
        if let skills = input?.skills, !skills.isEmpty { values["skills"] = skills.joined(separator: ", ") }
        let links = input?.links ?? []
        values["links"] = (0..<max(Self.linkRows, links.count)).map { index -> [String: Any] in
            var row: [String: Any] = ["index": index + 1]
            if index < links.count { row["label"] = links[index].label; row["url"] = links[index].url }
            return row
        }
        return values
    }

    /// The profile fields posted by the editor form.
    static func input(from form: [String: String]) -> ProfileInput {
        func optional(_ key: String) -> String? {
            guard let value = form[key], !Text.trimmed(value).isEmpty else { return nil }
            return value
        }
        let links = (1...linkRows).compactMap { index -> ProfileLink? in
            let label = Text.trimmed(form["link_label_\(index)"] ?? "")
            let url = Text.trimmed(form["link_url_\(index)"] ?? "")
            guard !label.isEmpty || !url.isEmpty else { return nil }
            return ProfileLink(label: label, url: url)
        }
        let skills = Text.listItems(form["skills"] ?? "")
        var input = ProfileInput(Profile(username: Username(trusted: ""), name: ""))
        input.username = form["username"] ?? ""
        input.name = form["name"] ?? ""
        input.headline = optional("headline")
        input.location = optional("location")
        input.website = optional("website")
        input.avatar = optional("avatar")
        input.customDomain = optional("custom_domain")
        input.links = links
        input.skills = skills
        input.isPublic = form["public"] == "true"
        input.bio = form["bio"] ?? ""
        return input
    }
}
