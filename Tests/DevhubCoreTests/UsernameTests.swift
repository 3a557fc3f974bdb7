import DevhubCore
import Testing

/// `Username`: the 1–39 character `[a-z0-9-]` handle rule, case folding and reserved names.
@Suite struct UsernameTests {
    @Test(arguments: [
        "a",
        String(repeating: "x", count: Username.maxLength),
        "0",
        "1984",
        "ada-lovelace",
        "a-b-c-9",
        "x1-y2",
    ])
    func acceptsValidNames(_ raw: String) throws {
        let username = try Username(raw)
        #expect(username.value == raw)
        #expect(username.handle == "@\(raw)")
    }

    @Test func upperCaseIsLowerCased() throws {
        #expect(try Username("Ada").value == "ada")
        #expect(try Username("ADA-Lovelace").value == "ada-lovelace")
    }

    @Test func comparesCaseInsensitively() throws {
        #expect(try Username("Ada") == Username("ada"))
        #expect(try Set([Username("ADA"), Username("ada"), Username("aDa")]).count == 1)
    }

    @Test(arguments: [
        "",
        String(repeating: "a", count: Username.maxLength + 1),
        "-ada",
        "ada-",
        "-",
        "ada_lovelace",
        "ada.lovelace",
        "ada lovelace",
        " ada",
        "zoë",
        "ада",
        "李",
        "ada🙂",
        "ada/x",
        "@ada",
        "ada\n",
    ])
    func refusesInvalidNames(_ raw: String) {
        let error = #expect(throws: CoreError.self) { try Username(raw) }
        #expect(error?.field == "username")
        #expect(error?.message.isEmpty == false)
    }

    @Test(arguments: Username.reserved.sorted())
    func refusesReservedName(_ name: String) {
        let error = #expect(throws: CoreError.self) { try Username(name) }
        #expect(error?.field == "username")
        #expect(error?.message.contains("reserved") == true)
    }

    @Test func refusesReservedNameInAnyCase() {
        #expect(throws: CoreError.self) { try Username("API") }
        #expect(throws: CoreError.self) { try Username("Admin") }
    }

    @Test func errorNamesTheGivenField() {
        let error = #expect(throws: CoreError.self) { try Username("bad_name", field: "owner") }
        #expect(error?.field == "owner")
        #expect(error?.description.hasPrefix("owner: ") == true)
        #expect(error?.description.contains("bad_name") == true)
    }

    @Test func sortsByValue() throws {
        let names = try ["carol", "Ada", "bob"].map { try Username($0) }
        #expect(names.sorted().map(\.value) == ["ada", "bob", "carol"])
    }
}
