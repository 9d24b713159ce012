import ArgumentParser
import Hub
import HubConfig

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print Ganymede's version and the JupyterHub version it advertises.")

    func run() {
        print("ganymede \(GanymedeVersion.current) (JupyterHub API \(HubConfiguration().jupyterhubVersion))")
    }
}
