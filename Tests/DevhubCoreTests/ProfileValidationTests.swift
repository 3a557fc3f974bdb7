import DevhubCore
import Testing

/// `Profile.validated()`: trimming, required and optional fields, URL rules and list limits.
@Suite struct ProfileValidationTests {
    /// A valid profile to vary one field at a time.
    private func profile() throws -> Profile {
        Profile(
            username: try Username("ada"), name: "Ada Example", headline: "Compiler engineer",
            location: "Berlin", website: "https://ada.dev", avatar: "https://ada.dev/me.jpg",
            links: [ProfileLink(label: "GitHub", url: "https://github.com/ada")],
            skills: ["Swift", "LLVM"], bio: "Bio"
        )
    }

    /// The error `profile.validated()` throws (the test fails when it does not throw).
    private func validationError(_ profile: Profile) throws -> CoreError {
        try #require(throws: CoreError.self) { try profile.validated() }
    }

    @Test func validProfileIsUnchanged() throws {
        let original = try profile()
        #expect(try original.validated() == original)
    }

    @Test func trimsText() throws {
        var input = try profile()
        input.name = "  Ada Example \n"
        input.headline = "\tCompiler engineer  "
        input.location = " Berlin "
        input.website = " https://ada.dev "
        input.avatar = "\nhttps://ada.dev/me.jpg "
        input.links = [ProfileLink(label: " GitHub ", url: "  https://github.com/ada ")]
        input.skills = [" Swift", "LLVM  "]
        #expect(try input.validated() == profile())
    }

    @Test(arguments: ["", "   ", "\n\t"])
    func requiresName(_ name: String) throws {
        var input = try profile()
        input.name = name
        let error = try validationError(input)
        #expect(error.field == "name")
        #expect(error.message == "is required")
    }

    @Test func headlineOf120CharactersIsAccepted() throws {
        var input = try profile()
        input.headline = String(repeating: "é", count: ProfileLimits.headline)
        #expect(try input.validated().headline == input.headline)
    }

    @Test func headlineOver120CharactersIsRefused() throws {
        var input = try profile()
        input.headline = String(repeating: "h", count: ProfileLimits.headline + 1)
        #expect(try validationError(input).field == "headline")
    }

    @Test func controlCharactersInTextAreRefused() throws {
        var input = try profile()
        input.location = "Ber\u{7}lin"
        #expect(try validationError(input).field == "location")
    }

    @Test(arguments: ["mailto:ada@ada.dev", "ftp://ada.dev", "javascript:alert(1)", "ada.dev", "/me"])
    func websiteMustBeHTTP(_ website: String) throws {
        var input = try profile()
        input.website = website
        #expect(try validationError(input).field == "website")
    }

    @Test func avatarMustBeHTTP() throws {
        var input = try profile()
        input.avatar = "data:image/png;base64,AAAA"
        #expect(try validationError(input).field == "avatar")
        input.avatar = "mailto:ada@ada.dev"
        #expect(try validationError(input).field == "avatar")
    }

    @Test func linksMayUseMailto() throws {
        var input = try profile()
        input.links.append(ProfileLink(label: "Mail", url: "mailto:ada@ada.dev"))
        #expect(try input.validated().links.last?.url == "mailto:ada@ada.dev")
    }

    @Test func javascriptLinkIsRefusedWithItsIndex() throws {
        var input = try profile()
        input.links.append(ProfileLink(label: "Evil", url: "javascript:alert(1)"))
        let error = try validationError(input)
        #expect(error.field == "links[1].url")
        #expect(error.description.hasPrefix("links[1].url: "))
    }

    @Test func blankLinkLabelIsRefused() throws {
        var input = try profile()
        input.links.insert(ProfileLink(label: "  ", url: "https://example.com"), at: 0)
        #expect(try validationError(input).field == "links[0].label")
    }

    @Test func linkLimit() throws {
        var input = try profile()
        input.links = (0..<ProfileLimits.links).map { ProfileLink(label: "L\($0)", url: "https://example.com/\($0)") }
        #expect(try input.validated().links.count == ProfileLimits.links)
        input.links.append(ProfileLink(label: "one more", url: "https://example.com/x"))
        #expect(try validationError(input).field == "links")
    }

    @Test func skillLimit() throws {
        var input = try profile()
        input.skills = (0..<ProfileLimits.skills).map { "skill\($0)" }
        #expect(try input.validated().skills.count == ProfileLimits.skills)
        input.skills.append("one more")
        #expect(try validationError(input).field == "skills")
    }

    @Test func blankSkillIsRefusedWithItsIndex() throws {
        var input = try profile()
        input.skills = ["Swift", " "]
        #expect(try validationError(input).field == "skills[1]")
    }

    @Test func blankOptionalFieldsBecomeNil() throws {
        var input = try profile()
        input.headline = "   "
        input.location = ""
        input.website = " \n"
        input.avatar = ""
        let output = try input.validated()
        #expect(output.headline == nil)
        #expect(output.location == nil)
        #expect(output.website == nil)
        #expect(output.avatar == nil)
    }

    @Test func overlongBioIsRefused() throws {
        var input = try profile()
        input.bio = String(repeating: "b", count: ProfileLimits.bio + 1)
        #expect(try validationError(input).field == "bio")
    }
}
