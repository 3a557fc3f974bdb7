import DevhubCore
import DevhubStore
import Foundation
import HTTPTypes
import Hummingbird

/// The CRM's JSON API: contacts, interactions, follow-ups, tags, import/export and the digest. Every route needs a
/// session and only ever reads or changes the signed-in owner's rows (someone else's id is 404).
struct CRMAPIController {
    let services: AppServices
    var actions: CRMActions { CRMActions(services: services) }
    var transfer: ContactTransfer { ContactTransfer(services: services) }
    var database: AppDatabase { services.database }

    struct InteractionBody: Decodable {
        var contactID: String?
        var fields: InteractionFields
        enum CodingKeys: String, CodingKey { case contactID = "contact_id" }
        init(from decoder: any Decoder) throws {
            contactID = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .contactID)
            fields = try InteractionFields(from: decoder)
        }
    }

    struct Bulk: Decodable {
        var ids: [String]
        var action: String
        var tag: String?
    }

    struct Name: Decodable { var name: String }

    func addRoutes(to api: RouterGroup<AppRequestContext>) {
        api.get("contacts") { request, context -> Response in
            let userID = try context.requireUser()
            var query = try CRMActions.query { ListParameters.text(request, $0) }
            query.technology = try CRMActions.technology(ListParameters.raw(request, "tech"))
            let paging = try ListParameters.page(request)
            let (page, today) = try database.datedContacts(userID: userID, query: query, page: PageRequest(page: paging.page, size: paging.size))
            return JSONResponse.ordered(CRMJSON.orderedList(page) { CRMJSON.contactObject($0, today: today) })
        }
        api.post("contacts") { request, context -> Response in
            let userID = try context.requireUser()
            let body = try await RequestBody.json(ContactFields.self, request, context: context)
            let stored = try actions.createContact(body.value, userID: userID)
            return JSONResponse.ordered(CRMJSON.contactObject(stored, today: try database.today(userID: userID)), status: .created)
        }
        api.post("contacts/bulk") { request, context -> Response in
            let userID = try context.requireUser()
            let body = try await RequestBody.json(Bulk.self, request, context: context).value
            guard body.ids.count <= 1000 else { throw APIError.invalid(CoreError(field: "ids", "has more than 1000 entries")) }
            let affected: Int
            switch body.action {
            case "delete":
                affected = try actions.deleteContacts(ids: body.ids, userID: userID)
            case "tag", "untag":
                let tag = try actions.validate { () throws(CoreError) in try TagName.validated(body.tag ?? "", field: "tag") }
                affected = try database.tagContacts(ids: body.ids, userID: userID, tag: tag, adding: body.action == "tag")
            default:
                throw APIError.invalid(CoreError(field: "action", "must be tag, untag or delete"))
            }
            return try JSONResponse.object(["affected": affected])
        }
        api.get("contacts/:id") { _, context -> Response in
            let userID = try context.requireUser()
            let stored = try actions.contact(id: try context.parameters.require("id"), userID: userID)
            return JSONResponse.ordered(CRMJSON.contactObject(stored, today: try database.today(userID: userID)))
        }
        api.patch("contacts/:id") { request, context -> Response in
            let userID = try context.requireUser()
            let body = try await RequestBody.json(ContactFields.self, request, context: context)
            let stored = try actions.updateContact(id: try context.parameters.require("id"), body.value, keys: body.keys, userID: userID)
            return JSONResponse.ordered(CRMJSON.contactObject(stored, today: try database.today(userID: userID)))
        }
        api.delete("contacts/:id") { _, context -> Response in
            let userID = try context.requireUser()
            guard try actions.deleteContacts(ids: [try context.parameters.require("id")], userID: userID) == 1 else { throw CRMActions.notFound }
            return Response(status: .noContent)
        }
        api.get("contacts/:id/interactions") { request, context -> Response in
            let userID = try context.requireUser()
            let paging = try ListParameters.page(request)
            guard let page = try database.interactions(
                userID: userID, contactID: try context.parameters.require("id"), page: PageRequest(page: paging.page, size: paging.size))
            else { throw CRMActions.notFound }
            return try JSONResponse.object(CRMJSON.list(page, CRMJSON.interaction))
        }
        api.post("contacts/:id/interactions") { request, context -> Response in
            let userID = try context.requireUser()
            let body = try await RequestBody.json(InteractionFields.self, request, context: context).value
            let stored = try actions.logInteraction(body, contactID: try context.parameters.require("id"), userID: userID)
            return try JSONResponse.object(CRMJSON.interaction(stored), status: .created)
        }
        api.get("interactions") { request, context -> Response in
            let userID = try context.requireUser()
            let paging = try ListParameters.page(request)
            let page = try database.interactions(userID: userID, page: PageRequest(page: paging.page, size: paging.size))!
            return try JSONResponse.object(CRMJSON.list(page, CRMJSON.interaction))
        }
        api.post("interactions") { request, context -> Response in
            let userID = try context.requireUser()
            let body = try await RequestBody.json(InteractionBody.self, request, context: context).value
            guard let contactID = FieldText.blankToNil(body.contactID) else {
                throw APIError.invalid(CoreError(field: "contact_id", "is required"))
            }
            let stored = try actions.logInteraction(body.fields, contactID: contactID, userID: userID)
            return try JSONResponse.object(CRMJSON.interaction(stored), status: .created)
        }
        api.delete("interactions/:id") { _, context -> Response in
            let userID = try context.requireUser()
            guard try database.deleteInteraction(id: try context.parameters.require("id"), userID: userID) else {
                throw APIError(.notFound, code: "not_found", "No such interaction.")
            }
            return Response(status: .noContent)
        }
        api.get("interaction-types") { _, context -> Response in
            let userID = try context.requireUser()
            return try JSONResponse.object(["built_in": InteractionType.builtIn, "custom": try database.customInteractionTypes(userID: userID)])
        }
        api.post("interaction-types") { request, context -> Response in
            let userID = try context.requireUser()
            let body = try await RequestBody.json(Name.self, request, context: context).value
            let name = try actions.validate { () throws(CoreError) in try InteractionType.normalised(body.name, field: "name") }
            var added = false
            if !InteractionType.builtIn.contains(name) { added = try database.addInteractionType(name, userID: userID) }
            return try JSONResponse.object(["name": name], status: added ? .created : .ok)
        }
        api.get("follow-ups") { request, context -> Response in
            let userID = try context.requireUser()
            var query = try CRMActions.query { ListParameters.text(request, $0) }
            query.withFollowUp = true
            query.sort = .nextFollowUp
            query.descending = false
            let paging = try ListParameters.page(request)
            let (page, today) = try database.datedContacts(userID: userID, query: query, page: PageRequest(page: paging.page, size: paging.size))
            return try JSONResponse.object(CRMJSON.list(page) { CRMJSON.followUp($0, today: today) })
        }
        api.get("tags") { request, context -> Response in
            let userID = try context.requireUser()
            let paging = try ListParameters.page(request, defaultSize: 100)
            let tags = try database.tags(userID: userID)
            let slice = Array(tags.dropFirst((paging.page - 1) * paging.size).prefix(paging.size))
            return try JSONResponse.object(CRMJSON.list(PageOf(items: slice, page: paging.page, size: paging.size, total: tags.count), CRMJSON.tag))
        }
        api.post("tags") { request, context -> Response in
            let userID = try context.requireUser()
            let body = try await RequestBody.json(Name.self, request, context: context).value
            let name = try actions.validate { () throws(CoreError) in try TagName.validated(body.name, field: "name") }
            return try JSONResponse.object(CRMJSON.tag(try database.createTag(name, userID: userID)), status: .created)
        }
        api.delete("tags/:id") { _, context -> Response in
            let userID = try context.requireUser()
            guard try database.deleteTag(id: try context.parameters.require("id"), userID: userID) else {
                throw APIError(.notFound, code: "not_found", "No such tag.")
            }
            return Response(status: .noContent)
        }
        api.post("import/vcard") { request, context -> Response in
            let userID = try context.requireUser()
            let text = String(buffer: try await RequestBody.bytes(request, limit: RequestBody.uploadLimit))
            return try JSONResponse.object(CRMJSON.importSummary(try transfer.importVCard(text, userID: userID)))
        }
        api.post("import/csv") { request, context -> Response in
            let userID = try context.requireUser()
            let text = String(buffer: try await RequestBody.bytes(request, limit: RequestBody.uploadLimit))
            let rows = try ContactTransfer.csvRows(text)
            let mapping = try ListParameters.text(request, "columns").map(ContactTransfer.columnMapping)
                ?? ContactTransfer.guessMapping(rows.first ?? [])
            return try JSONResponse.object(CRMJSON.importSummary(try transfer.importCSV(rows, mapping: mapping, userID: userID)))
        }
        api.get("export/vcard") { _, context -> Response in
            let userID = try context.requireUser()
            return download(try transfer.vCardExport(userID: userID), type: "text/vcard; charset=utf-8", name: "contacts.vcf")
        }
        api.get("export/csv") { _, context -> Response in
            let userID = try context.requireUser()
            return download(try transfer.csvExport(userID: userID), type: "text/csv; charset=utf-8", name: "contacts.csv")
        }
        api.get("export/json") { _, context -> Response in
            let userID = try context.requireUser()
            var response = try JSONResponse.object(try transfer.jsonExport(userID: userID))
            response.headers[.contentDisposition] = "attachment; filename=\"devhub-export.json\""
            return response
        }
        api.get("digest") { _, context -> Response in
            let userID = try context.requireUser()
            let report = try database.refreshDigest(userID: userID, today: try database.today(userID: userID))
            return try JSONResponse.object(CRMJSON.digest(report, appURL: services.settings.appURL))
        }
    }

    private func download(_ text: String, type: String, name: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
