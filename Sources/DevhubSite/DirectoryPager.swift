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

        func render(context: RenderContext) throws(SiteError) -> [UInt8] {
            let settings = context.settings
            let title = number == 1 ? settings.title : "\(settings.title) · page \(number)"
            let layout = context.layoutModel(title: title, description: settings.description, canonical: settings.baseURL + Self.url(number))
            return try context.directoryPage.render(DirectoryPageModel(layout: layout, page: self), capacity: 65_536)
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
