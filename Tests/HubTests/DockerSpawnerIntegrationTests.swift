import Foundation
import HubConfig
import HubModel
import Spawners
import Testing

/// The Docker spawner end to end on a real engine, with single-user images built from a local
/// Debian base (`scripts/singleuser-image`): jupyterhub 5.x and 4.x.
@Suite(.serialized, .enabled(if: DockerTesting.enabled))
struct DockerSpawnerIntegrationTests {
    static let profiles = [
        ImageProfile(name: "jh5", displayName: "JupyterLab (jupyterhub 5)", image: DockerTesting.jh5),
        ImageProfile(name: "jh4", displayName: "JupyterLab (jupyterhub 4)", image: DockerTesting.jh4, cpuLimit: 0.5),
    ]

    @Test("login → profile form → container → 1+1; files survive stop/start; ~/Shared is shared; limits; named servers; jh4 image")
    func endToEnd() async throws {
        try await DockerTesting.withHub(profiles: Self.profiles, adjust: { $0.memLimit = 1 << 30; $0.cpuLimit = 1.5 }) { hub in
            let docker = try await DockerTesting.engine()
            let prefix = hub.configuration.containerPrefix

            // The spawn form offers both profiles; alice picks jupyterhub 5.
            let alice = hub.browser()
            try await alice.logIn(as: "alice")
            let form = try await alice.request(.GET, "/hub/spawn/alice")
            #expect(form.body.contains("value=\"jh5\"") && form.body.contains("value=\"jh4\""), "no profile form: \(form.body)")
            let xsrf = try #require(Browser.xsrf(in: form.body))
            _ = try await alice.request(.POST, "/hub/spawn/alice", body: "_xsrf=\(xsrf)&profile=jh5", follow: false)
            let progress = try await alice.request(.GET, "/hub/api/users/alice/server/progress")
            #expect(progress.body.contains("\"ready\":true"), "progress: \(progress.body)")
            let lab = try await alice.request(.GET, "/user/alice/lab")
            #expect(lab.status == 200, "lab: \(lab.status) via \(lab.chain)")
            let kernels = KernelSession(browser: alice, prefix: "/user/alice/")
            var kernel = try await kernels.create()
            #expect(try await kernels.execute("1+1", kernel: kernel) == "2")

            // The container: the chosen image, the global limits, alice's labels.
            let container = try await docker.inspectContainer("\(prefix)-alice")
            #expect(container.config.image == DockerTesting.jh5)
            #expect(container.hostConfig.memory == 1 << 30)
            #expect(container.hostConfig.nanoCPUs == 1_500_000_000)
            #expect(container.hostConfig.pidsLimit == 4096)
            #expect(container.config.labels?["org.jupyter.hub.user"] == "alice")

            // Her home survives stop/start; a file in ~/Shared is for everyone.
            let write = "open('/home/jovyan/notes.txt','w').write('kept'); open('/home/jovyan/Shared/hello.txt','w').write('from alice')"
            #expect(try await kernels.execute(write, kernel: kernel) == "10")
            let aliceToken = try await hub.token(for: "alice")
            #expect(try await hub.api(.DELETE, "/users/alice/server", token: aliceToken).status == 204)
            #expect(try await docker.containers(labels: [hub.hubLabel, "org.jupyter.hub.user=alice"]).isEmpty, "the container outlived its server")
            let again = try await hub.startServer("/users/alice/server", token: aliceToken, options: #"{"profile": "jh5"}"#)
            #expect(again.contains("\"ready\":true"), "restart: \(again)")
            #expect(try await alice.request(.GET, "/user/alice/lab").status == 200)  // a new server: a new OAuth login
            kernel = try await kernels.create()
            #expect(try await kernels.execute("open('/home/jovyan/notes.txt').read()", kernel: kernel) == "'kept'")

            // Bob runs the jupyterhub 4 image (with its profile's CPU limit) and sees alice's shared file.
            let bob = hub.browser()
            try await bob.logIn(as: "bob")
            let bobToken = try await hub.token(for: "bob")
            let bobStart = try await hub.startServer("/users/bob/server", token: bobToken, options: #"{"profile": "jh4"}"#)
            #expect(bobStart.contains("\"ready\":true"), "bob: \(bobStart)")
            #expect(try await docker.inspectContainer("\(prefix)-bob").hostConfig.nanoCPUs == 500_000_000)
            #expect(try await bob.request(.GET, "/user/bob/lab").status == 200)
            let bobKernels = KernelSession(browser: bob, prefix: "/user/bob/")
            let bobKernel = try await bobKernels.create()
            #expect(try await bobKernels.execute("1+1", kernel: bobKernel) == "2")
            #expect(try await bobKernels.execute("open('/home/jovyan/Shared/hello.txt').read()", kernel: bobKernel) == "'from alice'")
            #expect(try await bobKernels.execute("import os; os.path.exists('/home/jovyan/notes.txt')", kernel: bobKernel) == "False")

            // Two named servers of alice at once: their own containers and volumes.
            for name in ["exp-1", "exp-2"] {
                let started = try await hub.startServer("/users/alice/servers/\(name)", token: aliceToken)
                #expect(started.contains("\"ready\":true"), "\(name): \(started)")
            }
            let one = try await docker.inspectContainer("\(prefix)-alice__exp-1")
            let two = try await docker.inspectContainer("\(prefix)-alice__exp-2")
            #expect(one.id != two.id && one.state.running && two.state.running)
            let volumes = try await docker.volumes(labels: [hub.hubLabel, "org.jupyter.hub.user=alice"])
            #expect(Set(volumes).isSuperset(of: ["\(prefix)-home-alice", "\(prefix)-home-alice__exp-1", "\(prefix)-home-alice__exp-2"]))
            let namedLab = try await alice.request(.GET, "/user/alice/exp-2/lab")
            #expect(namedLab.status == 200, "exp-2: \(namedLab.status) via \(namedLab.chain)")
        }
    }

    @Test("user_options outside the allow-list are refused with 400 before anything starts")
    func refusesOptionsOutsideTheAllowList() async throws {
        try await DockerTesting.withHub(profiles: Self.profiles) { hub in
            let token = try await hub.token(for: "mallory")
            for body in [#"{"image": "evil/miner:latest"}"#, #"{"image": "local/singleuser:jh6"}"#,
                         #"{"image": "local/singleuser@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}"#,
                         #"{"profile": "jh5", "binds": "/:/host"}"#, #"{"profile": "jh5", "privileged": true}"#,
                         #"{"profile": "root-shell"}"#] {
                let response = try await hub.api(.POST, "/users/mallory/server", token: token, body: body)
                #expect(response.status == 400, "\(body) → \(response.status)")
                #expect(response.body.contains("not"), "\(body) → \(response.body)")
            }
            #expect(try await DockerTesting.engine().containers(labels: [hub.hubLabel, "org.jupyter.hub.user=mallory"]).isEmpty)
        }
    }

    @Test("a GPU profile without the NVIDIA runtime fails saying so; a server over its memory limit is reported to its user")
    func gpuAndMemoryErrors() async throws {
        let profiles = [
            ImageProfile(name: "small", displayName: "Small", image: DockerTesting.jh5, memoryLimit: 320 << 20),
            ImageProfile(name: "gpu", displayName: "GPU", image: DockerTesting.jh5, gpus: .all),
        ]
        try await DockerTesting.withHub(profiles: profiles) { hub in
            let token = try await hub.token(for: "alice")
            let gpu = try await hub.startServer("/users/alice/server", token: token, options: #"{"profile": "gpu"}"#)
            #expect(gpu.contains("NVIDIA"), "GPU spawn said: \(gpu)")

            let alice = hub.browser()
            try await alice.logIn(as: "alice")
            let started = try await hub.startServer("/users/alice/server", token: token, options: #"{"profile": "small"}"#)
            #expect(started.contains("\"ready\":true"), "small: \(started)")
            #expect(try await alice.request(.GET, "/user/alice/lab").status == 200)
            let kernels = KernelSession(browser: alice, prefix: "/user/alice/")
            let kernel = try await kernels.create()
            // Make the server process (pid 1) the OOM killer's choice, then overrun the limit.
            _ = try? await kernels.execute("open('/proc/1/oom_score_adj','w').write('1000'); x = bytearray(600 << 20)", kernel: kernel)

            // The user learns why on the home page (and the spawn-pending page).
            var home = ""
            _ = try await eventually(within: 20, every: .milliseconds(200)) {
                home = try await alice.request(.GET, "/hub/home").body
                return home.contains("memory limit")
            }
            #expect(home.contains("used more than 320 MiB, its memory limit"), "home page: \(home)")
        }
    }
}
