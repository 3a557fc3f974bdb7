/// A plain content page (`content/pages/<slug>.md`), rendered at `/<slug>/` with the site's layout.
public struct StaticPage: Equatable, Sendable {
    /// The URL segment, from the file name.
    public var slug: String
    /// The page's `<h1>` and title.
    public var title: String
    /// Meta description; derived from the text when absent.
    public var description: String?
    /// The body in Markdown.
    public var markdown: String

    /// Creates a page.
    public init(slug: String, title: String, description: String? = nil, markdown: String) {
        self.slug = slug
        self.title = title
        self.description = description
        self.markdown = markdown
    }
}
