import DevhubCore
import DevhubStore

/// What the API and the pages share about technologies: the collaboration matching for a list of technologies or
/// for a contact, always within one owner's contacts.
struct TechnologyActions {
    /// A contact is matched on at most this many of their technologies (their heaviest).
    static let contactMatchTechnologies = 10

    let database: AppDatabase

    /// The owner's contacts who share one of `technologies`, ranked and explained (``CollaborationMatching``);
    /// `excluding` leaves one contact out.
    func matches(userID: String, technologies: [String], excluding: String? = nil) throws -> [CollaborationMatch] {
        let today = try database.today(userID: userID)
        let candidates = try database.contacts(userID: userID, withAnyTechnology: technologies, excluding: excluding).map { stored in
            MatchCandidate(id: stored.id, name: stored.contact.name, technologies: stored.technologies(today: today), lastContacted: stored.lastContacted)
        }
        return CollaborationMatching.rank(candidates, wanted: technologies, now: Technologies.instant(endOf: today), today: today)
    }

    /// The contacts who share technologies with `stored` (matched on their ``contactMatchTechnologies`` heaviest),
    /// and those technologies.
    func matches(for stored: StoredContact, userID: String) throws -> (technologies: [String], matches: [CollaborationMatch]) {
        let today = try database.today(userID: userID)
        let technologies = stored.technologies(today: today).prefix(Self.contactMatchTechnologies).map(\.name)
        guard !technologies.isEmpty else { return ([], []) }
        return (technologies, try matches(userID: userID, technologies: technologies, excluding: stored.id))
    }

    /// One page of `items`.
    static func page<Item: Sendable>(_ items: [Item], page: Int, size: Int) -> PageOf<Item> {
        PageOf(items: Array(items.dropFirst((page - 1) * size).prefix(size)), page: page, size: size, total: items.count)
    }
}
