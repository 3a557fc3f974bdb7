import DevhubCore
import Foundation

/// The public JSON shape of a profile (`api/profiles/@USER.json`); field names are a contract (see README).
struct ProfileDocument: Encodable {
    struct Link: Encodable {
        var label: String
        var url: String
    }

    var username: String
    var name: String
    var headline: String?
    var location: String?
    var website: String?
    var avatar: String?
    var links: [Link]
    var skills: [String]
    var customDomain: String?
    var bio: String
    var bioHTML: String
    var url: String
    var qrCode: String
    var vcard: String
    var createdAt: String
    var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case username, name, headline, location, website, avatar, links, skills
        case customDomain = "custom_domain", bio, bioHTML = "bio_html", url, qrCode = "qr_code", vcard
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    /// Encodes deterministically: sorted keys, no escaped slashes, a final newline.
    func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// Schema.org `ProfilePage` with a `Person` as its main entity, as JSON-LD.
struct ProfilePageLD: Encodable {
    struct Person: Encodable {
        var type = "Person"
        var name: String
        var alternateName: String
        var identifier: String
        var description: String?
        var jobTitle: String?
        var homeLocation: Place?
        var image: String
        var url: String
        var sameAs: [String]
        var knowsAbout: [String]

        enum CodingKeys: String, CodingKey {
            case type = "@type", name, alternateName, identifier, description, jobTitle, homeLocation, image, url, sameAs, knowsAbout
        }
    }

    struct Place: Encodable {
        var type = "Place"
        var name: String
        enum CodingKeys: String, CodingKey { case type = "@type", name }
    }

    var context = "https://schema.org"
    var type = "ProfilePage"
    var url: String
    var dateCreated: String
    var dateModified: String
    var mainEntity: Person

    enum CodingKeys: String, CodingKey {
        case context = "@context", type = "@type", url, dateCreated, dateModified, mainEntity
    }

    /// JSON safe to place inside `<script type="application/ld+json">`: `<`, `>` and `&` are escaped.
    func encodedForScript() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        var out = ""
        for scalar in String(decoding: data, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
