extension ContactFields {
    /// The contact for an import: a field that fails its check is dropped (and reported) instead of refusing the
    /// whole contact, so one odd URL in an address book does not lose the person. A missing or bad name still refuses it.
    public func validatedLeniently(source: String) throws(CoreError) -> (contact: Contact, dropped: [CoreError]) {
        var fields = self
        var dropped: [CoreError] = []
        while true {
            do {
                return (try fields.validated(source: source), dropped)
            } catch {
                guard error.field != "name", dropped.count < 40, fields.dropping(error.field) else { throw error }
                dropped.append(error)
            }
        }
    }

    /// Removes the value `field` names (`phone`, `links[2].url`, `tags[0]`, `background.likes`); false when it cannot.
    mutating func dropping(_ field: String) -> Bool {
        func index(in field: String) -> Int? {
            guard let open = field.firstIndex(of: "["), let close = field.firstIndex(of: "]") else { return nil }
            return Int(field[field.index(after: open)..<close])
        }
        let top = String(field.prefix { $0 != "[" && $0 != "." })
        switch top {
        case "links":
            guard let i = index(in: field), let count = links?.count, i < count else { links = nil; return true }
            links?.remove(at: i)
        case "tags":
            guard let i = index(in: field), let count = tags?.count, i < count else { tags = nil; return true }
            tags?.remove(at: i)
        case "background":
            switch field {
            case "background.family": background?.family = nil
            case "background.company": background?.company = nil
            case "background.likes": background?.likes = nil
            case "background.dislikes": background?.dislikes = nil
            case "background.notes": background?.notes = nil
            default: background = nil
            }
        case "relationship": relationship = nil
        case "company": company = nil
        case "industry": industry = nil
        case "location": location = nil
        case "birthday": birthday = nil
        case "email": email = nil
        case "phone": phone = nil
        case "github": github = nil
        case "website": website = nil
        case "main_app": mainApp = nil
        case "notes": notes = nil
        case "cadence_days": cadenceDays = nil
        case "importance": importance = nil
        case "reminder_date": reminderDate = nil
        default: return false
        }
        return true
    }
}
