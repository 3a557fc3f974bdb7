import Synchronization

/// The Quick Connect thank-you page, rendered once per owner (name and public username) rather than once per visitor:
/// the page depends on nothing else (the templates and settings are fixed while the server runs), so a kept page is
/// always the page a fresh rendering would give. At most ``limit`` pages are kept; beyond that the store starts over.
final class ThankYouPages: Sendable {
    /// What a thank-you page shows: the owner's name and, when their profile is public, its address.
    struct Owner: Hashable, Sendable {
        var name: String?
        /// The profile's path segment (`@ada`), when public.
        var handle: String?
    }

    static let limit = 1024
    private let pages = Mutex<[Owner: String]>([:])

    init() {}

    /// The page for `owner`, made by `render` the first time.
    func page(for owner: Owner, render: (Owner) throws -> String) rethrows -> String {
        if let page = pages.withLock({ $0[owner] }) { return page }
        let page = try render(owner)
        pages.withLock { pages in
            if pages.count >= Self.limit { pages.removeAll() }
            pages[owner] = page
        }
        return page
    }
}
