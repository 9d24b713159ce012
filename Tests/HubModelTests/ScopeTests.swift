import HubModel
import Testing

@Suite struct ScopeTests {
    @Test("scope strings round-trip", arguments: ["access:servers", "access:servers!server=alice/", "access:servers!server=alice/srv",
                                                  "read:users!user=alice", "read:groups!group=staff", "read:services!service=culler"])
    func roundTrip(text: String) {
        #expect(Scope(parsing: text)?.description == text)
    }

    @Test("malformed scopes are rejected", arguments: ["", "!user=a", "base!user", "base!server=nouser", "base!planet=mars"])
    func malformed(text: String) {
        #expect(Scope(parsing: text) == nil)
    }

    @Test func usersReachOnlyTheirOwnResources() {
        let alice = ScopeCatalogue.userScopes(name: "alice", admin: false)
        #expect(alice.check("servers", user: "alice") == .allowed)
        #expect(alice.check("access:servers", user: "alice", server: "srv") == .allowed)
        #expect(alice.check("servers", user: "bob") == .otherResourcesOnly)
        #expect(alice.check("admin:users", user: "bob") == .missing)
        #expect(alice.strings.contains("read:users:name!user=alice"))
        #expect(!alice.holdsUnfiltered("list:users"))
    }

    @Test func adminsReachEveryone() {
        let admin = ScopeCatalogue.userScopes(name: "root", admin: true)
        #expect(admin.check("servers", user: "bob") == .allowed)
        #expect(admin.check("access:servers", user: "bob", server: "") == .allowed)
        #expect(admin.holdsUnfiltered("delete:users"))
    }

    @Test func serverFilteredScopesDoNotGrantUserReads() {
        let expanded = ScopeCatalogue.expand(Scope("read:servers", filter: .server(user: "alice", server: "")))
        #expect(!expanded.contains { $0.base.hasPrefix("read:users") })
    }

    @Test func intersectionNeverExceedsTheHolder() {
        let alice = ScopeCatalogue.userScopes(name: "alice", admin: false)
        let asked = ScopeSet([Scope("admin:users"), Scope("access:servers", filter: .server(user: "alice", server: "")),
                              Scope("access:servers", filter: .server(user: "bob", server: ""))])
        #expect(alice.intersection(asked).strings == ["access:servers!server=alice/"])
    }
}
