import DevhubCore

/// Cuts the stream of public profiles into directory pages: page 1 at `/`, page N at `/page/N/`.
struct DirectoryPager {
    /// One page's worth of profiles.
    struct Page {
        let number: Int
        let count: Int
        let total: Int
        let listings: [ProfileListing]

        /// Where the page is written.
        var path: String { number == 1 ? "index.html" : "page/\(number)/index.html" }

        static func url(_ number: Int) -> String { number == 1 ? "/" : "/page/\(number)/" }

        func render(context: RenderContext) throws(SiteError) -> String {
            let settings = context.settings
            let title = number == 1 ? settings.title : "\(settings.title) · page \(number)"
            let layout = context.layout(title: title, description: settings.description, canonical: settings.baseURL + Self.url(number))
            let profiles: [[String: Any]] = listings.map {
                var item: [String: Any] = ["name": $0.name, "handle": $0.username.handle, "url": "/\($0.username.handle)/"]
                item["headline"] = $0.headline  // left out when nil: swift-mustache renders a present nil as "nil"
                return item
            }
            var values: [String: Any] = [
                "profiles": profiles, "has_profiles": !profiles.isEmpty, "page_number": number, "page_count": count, "total": total,
            ]
            if number > 1 { values["prev_url"] = Self.url(number - 1) }
            if number < count { values["next_url"] = Self.url(number + 1) }
            return try context.page("directory", layout: layout, values)
        }
    }

    let pageSize: Int
    let total: Int
    /// Where each page taken so far begins (for the saved ``ListLayout``).
    private(set) var starts: [ListPageStart] = []
    private var number = 1
    private var buffer: [ProfileListing] = []
    private var lastUsername = ""

    init(pageSize: Int, total: Int) {
        self.pageSize = pageSize
        self.total = total
    }

    /// Pages in all (at least one, which may be empty).
    var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }

    /// Adds the next profile; returns a page when it is full.
    mutating func add(_ listing: ProfileListing) -> Page? {
        buffer.append(listing)
        guard buffer.count == pageSize else { return nil }
        return takePage()
    }

    /// The last, partly filled page; the empty first page when there are no profiles at all.
    mutating func finish() -> Page? {
        guard !buffer.isEmpty || number == 1 else { return nil }
        return takePage()
    }

    private mutating func takePage() -> Page {
        starts.append(ListPageStart(list: .directory, number: number, after: lastUsername))
        lastUsername = buffer.last?.username.value ?? lastUsername
        defer { number += 1; buffer = [] }
        return Page(number: number, count: pageCount, total: total, listings: buffer)
    }
}
