import Foundation
import Testing

/// marimo as a user reaches it from JupyterLab: a notebook file saved through the Jupyter
/// contents API, its editor page under `<prefix>marimo/` (jupyter-server-proxy starts marimo on
/// the first request), its WebSocket, where the kernel comes up, and its API, which runs the
/// notebook's cell (its output arrives on the WebSocket).
struct MarimoCheck {
    let browser: Browser
    let prefix: String
    var file = "hello_mo.py"

    static let notebook = """
        import marimo

        app = marimo.App()


        @app.cell
        def _():
            answer = 6 * 7
            answer
            return (answer,)


        if __name__ == "__main__":
            app.run()

        """

    func createAndRun() async throws {
        let xsrf = browser.cookie("_xsrf", forPath: prefix + "api/contents") ?? ""
        let body = try JSONSerialization.data(withJSONObject: ["type": "file", "format": "text", "content": Self.notebook])
        let saved = try await browser.request(.PUT, prefix + "api/contents/" + file, body: String(decoding: body, as: UTF8.self),
                                              headers: [("Content-Type", "application/json"), ("X-XSRFToken", xsrf)])
        #expect([200, 201].contains(saved.status), "saving the notebook: \(saved.status) \(saved.body.prefix(200))")

        let page = try await browser.request(.GET, prefix + "marimo/?file=" + file)
        #expect(page.status == 200 && page.body.contains("marimo"), "marimo page: \(page.status) \(page.body.prefix(300))")

        let session = UUID().uuidString.lowercased()
        let path = prefix + "marimo/ws?session_id=\(session)&file=\(file)"
        let socket = try await browser.openWebSocket(path)
        let watchdog = Task {
            try await Task.sleep(for: .seconds(90))
            await socket.close()
        }
        defer {
            watchdog.cancel()
            Task { await socket.close() }
        }
        var seen: [String] = []
        for await message in socket.messages {
            seen.append(String(message.prefix(160)))
            if message.hasPrefix(#"{"op": "kernel-ready""#) {
                // What marimo's page does once the kernel is up: run the notebook.
                let run = try await browser.request(.POST, prefix + "marimo/api/kernel/instantiate",
                                                    body: #"{"objectIds": [], "values": [], "autoRun": true}"#,
                                                    headers: [("Content-Type", "application/json"), ("Marimo-Session-Id", session),
                                                              ("X-XSRFToken", xsrf)])
                #expect(run.status == 200, "instantiate: \(run.status) \(run.body.prefix(200))")
            }
            if message.contains("cell-op") && message.contains("42") { return }
        }
        Issue.record("marimo's WebSocket never showed the cell's 42; messages: \(seen)")
    }
}
