import DevhubCore

/// What every page of one build shares: settings, templates, the Markdown renderer and asset URLs.
/// Prepared once per build and shared by all rendering tasks.
public struct RenderContext: Sendable {
    public let settings: SiteSettings
    public let templates: SiteTemplates
    public let markdown: Markdown
    /// Root-relative URL of the fingerprinted stylesheet.
    public let stylesheetPath: String
    /// Absolute URL of the image used when a profile has no avatar.
    public let defaultImageURL: String
    /// The profile page, compiled against ``ProfilePageModel`` once per build when the compiler reads its templates.
    let profilePage: PageTemplate<ProfilePageModel>
    /// The directory's pages, likewise.
    let directoryPage: PageTemplate<DirectoryPageModel>
    /// The profiles' report forms, likewise.
    let reportPage: PageTemplate<ReportPageModel>

    /// Prepares the shared parts of a build.
    public init(settings: SiteSettings, templates: SiteTemplates) {
        self.settings = settings
        self.templates = templates
        self.markdown = Markdown()
        self.stylesheetPath = templates.assetURL("style.css") ?? ""
        self.defaultImageURL = settings.baseURL + (templates.assetURL("default-avatar.png") ?? "/")
        self.profilePage = templates.page("profile", as: ProfilePageModel.self)
        self.directoryPage = templates.page("directory", as: DirectoryPageModel.self)
        self.reportPage = templates.page("report", as: ReportPageModel.self)
    }

    /// The values the layout partials use. `absoluteAssets` is for pages served on another host (custom domains).
    func layoutModel(title: String, description: String, canonical: String?, absoluteAssets: Bool = false) -> LayoutModel {
        LayoutModel(
            lang: settings.language, siteTitle: settings.title, title: title, description: description,
            stylesheet: absoluteAssets ? settings.baseURL + stylesheetPath : stylesheetPath,
            homeURL: absoluteAssets ? settings.baseURL + "/" : "/", canonical: canonical)
    }

    /// ``layoutModel(title:description:canonical:absoluteAssets:)`` as the interpreter's context.
    public func layout(title: String, description: String, canonical: String?, absoluteAssets: Bool = false) -> [String: Any] {
        layoutModel(title: title, description: description, canonical: canonical, absoluteAssets: absoluteAssets).templateContext
    }

    /// Renders `template` with the layout values plus `values` (which win on a clash).
    func page(_ template: String, layout: [String: Any], _ values: [String: Any]) throws(SiteError) -> String {
        try templates.render(template, layout.merging(values) { _, new in new })
    }
}
