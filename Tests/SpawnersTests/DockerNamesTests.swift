import Spawners
import Testing

@Suite struct DockerNamesTests {
    @Test("readable names for ordinary users and servers", arguments: [
        ("alice", "", "jupyter-alice", "jupyterhub-user-alice"),
        ("alice", "exp-1", "jupyter-alice__exp-1", "jupyterhub-user-alice__exp-1"),
        ("a.b", "", "jupyter-a.b", "jupyterhub-user-a.b"),
        ("Alice", "", "jupyter-_41lice", "jupyterhub-user-_41lice"),
        ("bob@example", "", "jupyter-bob_40example", "jupyterhub-user-bob_40example"),
    ])
    func readable(user: String, server: String, container: String, volume: String) {
        #expect(DockerNames.container(user: user, server: server) == container)
        #expect(DockerNames.volume(user: user, server: server) == volume)
    }

    @Test("known collision shapes stay apart", arguments: [
        (("a-b", "c"), ("a", "b-c")), (("a_", "b"), ("a", "_b")), (("a", ""), ("a__", "")), (("alice", ""), ("Alice", "")),
        (("é", ""), ("_c3_a9", "")), (("a", "b"), ("a__b", "")),
    ])
    func distinct(first: (String, String), second: (String, String)) {
        #expect(DockerNames.container(user: first.0, server: first.1) != DockerNames.container(user: second.0, server: second.1))
    }

    @Test func noTwoPairsShareANameAcrossAnExhaustiveSmallAlphabet() {
        let alphabet: [Character] = ["a", "-", "_", ".", "A", "é"]
        var parts = [""]
        for _ in 0..<3 { parts += parts.flatMap { prefix in alphabet.map { prefix + String($0) } } }
        parts = Array(Set(parts))
        var seen: [String: (String, String)] = [:]
        for user in parts where !user.isEmpty {
            for server in parts {
                let name = DockerNames.container(user: user, server: server)
                if let other = seen[name] {
                    Issue.record("\(user)/\(server) and \(other.0)/\(other.1) both map to \(name)")
                    return
                }
                seen[name] = (user, server)
            }
        }
        #expect(seen.count > 10_000)
    }

    @Test func namesAreValidDockerNames() {
        for (user, server) in [("alice", ""), ("Ünïcødé", "x"), ("a", "b-c"), ("_", "_")] {
            let name = DockerNames.volume(user: user, server: server)
            #expect(name.wholeMatch(of: /[a-zA-Z0-9][a-zA-Z0-9_.-]+/) != nil, "\(name)")
        }
    }
}
