import DevhubCore

/// What the layout partials (`layout-head`, `layout-header`, `layout-foot`) show on every page.
public struct LayoutModel: Sendable {
    var lang: String
    var siteTitle: String
    var title: String
    var description: String
    var stylesheet: String
    var homeURL: String
    var canonical: String?

    /// The layout's fields, for models that embed a layout as `layout`.
    static func fields<Model>(_ get: @escaping @Sendable (Model) -> LayoutModel) -> [String: TemplateField<Model>] {
        [
            "lang": .text { get($0).lang },
            "site_title": .text { get($0).siteTitle },
            "title": .text { get($0).title },
            "description": .text { get($0).description },
            "stylesheet": .text { get($0).stylesheet },
            "home_url": .text { get($0).homeURL },
            "canonical": .optionalText { get($0).canonical },
        ]
    }
}

/// A profile's page (`profile.mustache`), on the base site or on its custom domain.
struct ProfilePageModel: TemplateModel {
    var layout: LayoutModel
    var profile: Profile
    /// The page's canonical URL (`og_url`).
    var url: String
    var qrURL: String
    var vcardURL: String
    var jsonURL: String
    var bioHTML: String
    var image: String
    var created: String
    var modified: String
    var modifiedLabel: String
    var structuredData: String
    /// The profile's abuse report form (always on the base site).
    var reportURL: String = ""

    static let templateFields: [String: TemplateField<ProfilePageModel>] = LayoutModel.fields { $0.layout }.merging([
        "og_url": .text { $0.url },
        "qr_url": .text { $0.qrURL },
        "vcard_url": .text { $0.vcardURL },
        "json_url": .text { $0.jsonURL },
        "report_url": .text { $0.reportURL },
        "username": .text { $0.profile.username.value },
        "name": .text { $0.profile.name },
        "links": .list({ $0.profile.links }, ["label": .text { $0.label }, "url": .text { $0.url }]),
        "skills": .list({ $0.profile.skills }, ["name": .text { $0 }]),
        "has_skills": .flag { !$0.profile.skills.isEmpty },
        "bio_html": .text { $0.bioHTML },
        "og_image": .text { $0.image },
        "og_type": .text { _ in "profile" },
        "date_created": .text { $0.created },
        "date_modified": .text { $0.modified },
        "date_modified_label": .text { $0.modifiedLabel },
        "json_ld": .text { $0.structuredData },
        "headline": .optionalText { $0.profile.headline },
        "location": .optionalText { $0.profile.location },
        "website": .optionalText { $0.profile.website },
        "avatar": .optionalText { $0.profile.avatar },
    ]) { _, page in page }
}

extension LayoutModel: TemplateModel {
    static let templateFields: [String: TemplateField<LayoutModel>] = fields { $0 }
}

/// A page of the directory (`directory.mustache`).
struct DirectoryPageModel: TemplateModel {
    var layout: LayoutModel
    var page: DirectoryPager.Page

    static let templateFields: [String: TemplateField<DirectoryPageModel>] = LayoutModel.fields { $0.layout }.merging([
        "profiles": .list({ $0.page.listings }, [
            "name": .text { $0.name },
            "handle": .text { $0.username.handle },
            "url": .text { "/\($0.username.handle)/" },
            "headline": .optionalText { $0.headline },
        ]),
        "has_profiles": .flag { !$0.page.listings.isEmpty },
        "page_number": .text { String($0.page.number) },
        "page_count": .text { String($0.page.count) },
        "total": .text { String($0.page.total) },
        "prev_url": .optionalText { $0.page.number > 1 ? DirectoryPager.Page.url($0.page.number - 1) : nil },
        "next_url": .optionalText { $0.page.number < $0.page.count ? DirectoryPager.Page.url($0.page.number + 1) : nil },
    ]) { _, page in page }
}

/// A profile's abuse report form (`report.mustache`, at `@USER/report/`): a plain form posting to the server's
/// `/report`, carrying the username in a hidden field named `username`. It depends only on the username and the site,
/// so a profile's edits never rewrite it.
struct ReportPageModel: TemplateModel {
    var layout: LayoutModel
    var username: String
    var profileURL: String
    var action: String

    static let templateFields: [String: TemplateField<ReportPageModel>] = LayoutModel.fields { $0.layout }.merging([
        "username": .text { $0.username },
        "profile_url": .text { $0.profileURL },
        "action": .text { $0.action },
        "reasons": .list({ _ in ReportReason.allCases }, ["value": .text { $0.rawValue }, "label": .text { $0.label }]),
        "honeypot": .text { _ in AbuseReportSubmission.honeypotField },
        "max_details": .text { _ in String(AbuseReportSubmission.maximumDetails) },
    ]) { _, page in page }
}
