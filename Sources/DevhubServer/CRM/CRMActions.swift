import DevhubCore
import DevhubStore
import Foundation
import HTTPTypes

/// The CRM operations the API and the pages share: checks that turn bad input into 422s naming the field, and
/// "not found" for anything that is not the signed-in owner's.
struct CRMActions {
    let services: AppServices
    var database: AppDatabase { services.database }

    static let notFound = APIError(.notFound, code: "not_found", "No such contact.")

    func createContact(_ fields: ContactFields, userID: String, source: String = "manual") throws -> StoredContact {
        let contact = try validate { () throws(CoreError) in try fields.validated(source: source) }
        return try database.createContact(contact, userID: userID, events: WebhookEmitter.contact(created: true))
    }

    /// Applies `fields` to the owner's contact; with `keys`, only those fields change (`PATCH`).
    func updateContact(id: String, _ fields: ContactFields, keys: Set<String>? = nil, userID: String) throws -> StoredContact {
        guard let existing = try database.contact(id: id, userID: userID) else { throw Self.notFound }
        let merged = keys.map { ContactFields(existing.contact).merging(fields, keys: $0) } ?? fields
        let contact = try validate { () throws(CoreError) in try merged.validated(source: existing.contact.source) }
        guard let updated = try database.updateContact(id: id, userID: userID, contact, events: WebhookEmitter.contact(created: false))
        else { throw Self.notFound }
        return updated
    }

    func contact(id: String, userID: String) throws -> StoredContact {
        guard let contact = try database.contact(id: id, userID: userID) else { throw Self.notFound }
        return contact
    }

    func logInteraction(_ fields: InteractionFields, contactID: String, userID: String) throws -> StoredInteraction {
        let today = try database.today(userID: userID)
        let custom = Set(try database.customInteractionTypes(userID: userID))
        let interaction = try validate { () throws(CoreError) in try fields.validated(today: today, customTypes: custom) }
        guard let stored = try database.logInteraction(interaction, contactID: contactID, userID: userID, events: WebhookEmitter.interactionLogged)
        else { throw Self.notFound }
        return stored
    }

    /// Deletes the owner's contacts among `ids` (others are ignored) and returns how many went.
    func deleteContacts(ids: [String], userID: String) throws -> Int {
        try database.deleteContacts(ids: ids, userID: userID, events: WebhookEmitter.contactsDeleted)
    }

    /// Every interaction type the owner can pick: built in, then their own.
    func interactionTypes(userID: String) throws -> [String] {
        InteractionType.builtIn + (try database.customInteractionTypes(userID: userID)).filter { !InteractionType.builtIn.contains($0) }
    }

    /// Parses the contact-list filters (`q`, `tag`, `status`, `vip`, `sort`); 422 naming a bad one. (`tech` is read
    /// apart, raw: ``technology(_:)``.)
    static func query(_ parameters: (String) -> String?) throws -> ContactQuery {
        var query = ContactQuery()
        query.text = parameters("q")
        query.tag = parameters("tag")
        if let status = parameters("status") {
            guard let value = FollowUpStatus(rawValue: status) else {
                throw APIError.invalid(CoreError(field: "status", "must be one of ok, due_soon, overdue"))
            }
            query.status = value
        }
        if let vip = parameters("vip") {
            guard let value = ["true": true, "1": true, "false": false, "0": false][vip] else {
                throw APIError.invalid(CoreError(field: "vip", "must be true or false"))
            }
            query.vip = value
        }
        if let sort = parameters("sort") {
            let descending = sort.hasPrefix("-")
            guard let value = ContactQuery.Sort(rawValue: String(sort.dropFirst(descending ? 1 : 0))) else {
                let names = ContactQuery.Sort.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.invalid(CoreError(field: "sort", "must be one of \(names), with - in front for descending"))
            }
            query.sort = value
            query.descending = descending
        }
        return query
    }

    /// The technologies of a `tech` parameter (``TechnologyName/list(_:field:)``); 422 naming `tech` when invalid.
    static func technologies(_ raw: String) throws -> [String] {
        do { return try TechnologyName.list(raw) } catch { throw APIError.invalid(error) }
    }

    /// The one technology of a contact-list `tech` filter, from the raw parameter (``TechnologyName/single(_:field:)``);
    /// 422 naming `tech` when invalid.
    static func technology(_ raw: String?) throws -> String? {
        do { return try TechnologyName.single(raw) } catch { throw APIError.invalid(error) }
    }

    /// Runs a domain check, answering 422 naming the field when it fails.
    func validate<T>(_ body: () throws(CoreError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw APIError.invalid(error)
        }
    }
}
