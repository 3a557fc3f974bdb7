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

    /// Prepares the shared parts of a build.
    public init(settings: SiteSettings, templates: SiteTemplates) {
        self.settings = settings
        self.templates = templates
        self.markdown = Markdown()
        self.stylesheetPath = templates.assetURL("style.css") ?? ""
        self.defaultImageURL = settings.baseURL + (templates.assetURL("default-avatar.png") ?? "/")
    }

    /// The values the layout partials use. `absoluteAssets` is for pages served on another host (custom domains).
    public func layout(title: String, description: String, canonical: String?, absoluteAssets: Bool = false) -> [String: Any] {
        let prefix = absoluteAssets ? settings.baseURL : ""
        var values: [String: Any] = [
            "lang": settings.language,
            "site_title": settings.title,
            "title": title,
            "description": description,
            "stylesheet": prefix + stylesheetPath,
            "home_url": absoluteAssets ? settings.baseURL + "/" : "/",
        ]
        if let canonical { values["canonical"] = canonical }
        return values
    }

    /// Renders `template` with the layout values plus `values` (which win on a clash).
    func page(_ template: String, layout: [String: Any], _ values: [String: Any]) throws(SiteError) -> String {
        try templates.render(template, layout.merging(values) { _, new in new })
    }
}
