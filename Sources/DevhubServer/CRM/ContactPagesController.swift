import DevhubCore
import DevhubStore
import HTTPTypes
import Hummingbird

/// The contact pages under `/app/contacts`: list with filters, search and bulk actions, the contact page with its
/// timeline and a quick "log interaction" form, and the add/edit form. Plain forms, no JavaScript.
struct ContactPagesController {
    let services: AppServices
    var actions: CRMActions { CRMActions(services: services) }
    var database: AppDatabase { services.database }
    var pages: AppPages { services.pages }

    func addRoutes(to app: RouterGroup<AppRequestContext>) {
        app.get("contacts") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let parameters = { (name: String) in ListParameters.text(request, name) }
            var values = try services.accountValues(userID, active: "contacts")
            do {
                var query = try CRMActions.query(parameters)
                query.technology = try CRMActions.technology(parameters("tech").map(TechnologyName.tidied))
                let paging = try ListParameters.page(request)
                let (page, today) = try database.datedContacts(userID: userID, query: query, page: PageRequest(page: paging.page, size: paging.size))
                values["contacts"] = page.items.map { ContactPageValues.row($0, today: today) }
                values["pagination"] = ContactPageValues.pagination(page, path: "/app/contacts", query: ["q", "tag", "tech", "status", "vip", "sort"].map { ($0, parameters($0) ?? "") })
                if page.total == 0 { values["empty"] = true }
            } catch let error as APIError {
                values.merge(AppPages.errorValues(error)) { _, new in new }
            }
            values["q"] = parameters("q")
            values["tech"] = parameters("tech")
            if parameters("vip") == "true" { values["vip_only"] = true }
            values["status_options"] = FollowUpStatus.allCases.map { status -> [String: Any] in
                var option: [String: Any] = ["value": status.rawValue, "label": ContactPageValues.statusLabels[status]!]
                if parameters("status") == status.rawValue { option["selected"] = true }
                return option
            }
            values["tag_options"] = try database.tags(userID: userID).map { tag -> [String: Any] in
                var option: [String: Any] = ["name": tag.name, "count": tag.contacts]
                if parameters("tag")?.lowercased() == tag.name.lowercased() { option["selected"] = true }
                return option
            }
            if let notice = parameters("notice") { values["notice"] = notice }
            return try pages.render("contacts", title: "Contacts", values)
        }
        app.post("contacts/bulk") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let pairs = try await FormBody.pairs(request, context: context)
            let ids = pairs.filter { $0.key == "ids" }.map(\.value)
            let action = pairs.last { $0.key == "action" }?.value ?? ""
            let tag = pairs.last { $0.key == "tag" }?.value ?? ""
            let affected: Int
            switch action {
            case "delete": affected = try actions.deleteContacts(ids: ids, userID: userID)
            case "tag", "untag":
                guard let name = try? TagName.validated(tag) else { return seeOther("/app/contacts?notice=" + ContactPageValues.percentEncode("Type a tag name first.")) }
                affected = try database.tagContacts(ids: ids, userID: userID, tag: name, adding: action == "tag")
            default: affected = 0
            }
            let verb = ["delete": "Deleted", "tag": "Tagged", "untag": "Untagged"][action] ?? "Changed"
            return seeOther("/app/contacts?notice=" + ContactPageValues.percentEncode("\(verb) \(affected) contact\(affected == 1 ? "" : "s")."))
        }
        app.get("contacts/new") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            var values = try services.accountValues(userID, active: "contacts")
            values.merge(ContactPageValues.form(ContactFields())) { _, new in new }
            values["action_url"] = "/app/contacts"
            return try pages.render("contact-form", title: "Add a contact", values.merging(["heading": "Add a contact"]) { _, new in new })
        }
        app.post("contacts") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let fields = ContactPageValues.fields(from: try await FormBody.decode(request, context: context))
            do {
                let stored = try actions.createContact(fields, userID: userID)
                return seeOther("/app/contacts/\(stored.id)")
            } catch let error as APIError {
                return try formPage(userID: userID, fields: fields, error: error, heading: "Add a contact", action: "/app/contacts")
            }
        }
        app.get("contacts/:id") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            guard let stored = try database.contact(id: try context.parameters.require("id"), userID: userID) else { return try notFound() }
            return try contactPage(stored, userID: userID, notice: ListParameters.text(request, "notice"), insight: ListParameters.text(request, "insight"))
        }
        app.get("contacts/:id/edit") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            guard let stored = try database.contact(id: try context.parameters.require("id"), userID: userID) else { return try notFound() }
            var values = try services.accountValues(userID, active: "contacts")
            values.merge(ContactPageValues.form(ContactFields(stored.contact))) { _, new in new }
            values["action_url"] = "/app/contacts/\(stored.id)"
            values["heading"] = "Edit \(stored.contact.name)"
            values["cancel_url"] = "/app/contacts/\(stored.id)"
            return try pages.render("contact-form", title: "Edit \(stored.contact.name)", values)
        }
        app.post("contacts/:id") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let id = try context.parameters.require("id")
            let fields = ContactPageValues.fields(from: try await FormBody.decode(request, context: context))
            do {
                _ = try actions.updateContact(id: id, fields, userID: userID)
                return seeOther("/app/contacts/\(id)?notice=Saved.")
            } catch let error as APIError where error.status == .unprocessableContent {
                return try formPage(userID: userID, fields: fields, error: error, heading: "Edit contact", action: "/app/contacts/\(id)")
            } catch let error as APIError where error.status == .notFound {
                return try notFound()
            }
        }
        app.post("contacts/:id/delete") { _, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            guard try actions.deleteContacts(ids: [try context.parameters.require("id")], userID: userID) == 1 else { return try notFound() }
            return seeOther("/app/contacts?notice=Deleted%201%20contact.")
        }
        app.post("contacts/:id/interactions") { request, context -> Response in
            guard let userID = context.userID else { return seeOther("/app/login") }
            let id = try context.parameters.require("id")
            let form = try await FormBody.decode(request, context: context)
            let fields = InteractionFields(type: form["type"], date: form["date"], notes: form["notes"], followUpDate: form["follow_up_date"])
            do {
                _ = try actions.logInteraction(fields, contactID: id, userID: userID)
                return seeOther("/app/contacts/\(id)?notice=Interaction%20logged.#timeline")
            } catch let error as APIError where error.status == .unprocessableContent {
                guard let stored = try database.contact(id: id, userID: userID) else { return try notFound() }
                return try contactPage(stored, userID: userID, error: error, status: error.status)
            } catch let error as APIError where error.status == .notFound {
                return try notFound()
            }
        }
    }

    private func contactPage(
        _ stored: StoredContact, userID: String, notice: String? = nil, insight: String? = nil, error: APIError? = nil,
        status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let today = try database.today(userID: userID)
        var values = try services.accountValues(userID, active: "contacts")
        values.merge(ContactPageValues.detail(stored, today: today)) { _, new in new }
        let timeline = try database.interactions(userID: userID, contactID: stored.id, page: PageRequest(page: 1, size: 100))
        values["interactions"] = (timeline?.items ?? []).map { item -> [String: Any] in
            var entry: [String: Any] = ["type": item.interaction.type, "date": item.interaction.date.iso]
            entry["notes"] = item.interaction.notes
            entry["follow_up_date"] = item.interaction.followUp?.iso
            return entry
        }
        if (timeline?.total ?? 0) > 100 { values["more_interactions"] = "/api/contacts/\(stored.id)/interactions?page=2&size=100" }
        values["today"] = today.iso
        values["type_options"] = try actions.interactionTypes(userID: userID).map { ["name": $0] }
        values["notice"] = notice
        try values.merge(gitHubValues(stored, userID: userID, today: today, insight: insight)) { _, new in new }
        if let error { values.merge(AppPages.errorValues(error)) { _, new in new } }
        return try pages.render("contact", title: stored.contact.name, status: status, values)
    }

    /// The contact's GitHub timeline (insights, top repositories), technologies and matches; the log form's notes
    /// start with the title of insight `insight` when the dashboard's "log an interaction" sent it.
    private func gitHubValues(_ stored: StoredContact, userID: String, today: CalendarDate, insight: String?) throws -> [String: Any] {
        var values: [String: Any] = [:]
        let insights = try database.gitHubInsights(
            userID: userID, contactID: stored.id, includeAcknowledged: true, page: PageRequest(page: 1, size: GitHubPageValues.listedInsights))
        values["github_insights"] = insights.items.map { GitHubPageValues.insight($0, back: "contact") }
        values["github_repositories"] = GitHubPageValues.topRepositories(try database.gitHubRepositories(userID: userID, contactID: stored.id))
            .map(GitHubPageValues.repository)
        values["technologies"] = stored.technologies(today: today).prefix(CRMJSON.maxTechnologies).map(GitHubPageValues.technology)
        let matches = try TechnologyActions(database: database).matches(for: stored, userID: userID).matches
        values["matches"] = matches.prefix(GitHubPageValues.listedMatches).map(GitHubPageValues.match)
        if let insight, let found = try database.gitHubInsight(userID: userID, id: insight), found.contactID == stored.id {
            values["log_notes"] = "About: \(found.title)"
        }
        return values
    }

    private func formPage(userID: String, fields: ContactFields, error: APIError, heading: String, action: String) throws -> Response {
        var values = try services.accountValues(userID, active: "contacts")
        values.merge(ContactPageValues.form(fields)) { _, new in new }
        values.merge(AppPages.errorValues(error)) { _, new in new }
        values["action_url"] = action
        values["heading"] = heading
        return try pages.render("contact-form", title: heading, status: error.status, values)
    }

    private func notFound() throws -> Response {
        try pages.message("Not found", "There is no such contact in your CRM.", link: ("/app/contacts", "Back to your contacts"), status: .notFound)
    }
}
