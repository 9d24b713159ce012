import Foundation
import NIOCore
import Testing

/// Talks to a Jupyter kernel through the proxy: create it over REST, execute code over its
/// WebSocket, and read the result from iopub.
struct KernelSession {
    let browser: Browser
    let prefix: String

    /// `POST <prefix>api/kernels` with the server's XSRF cookie; returns the kernel id.
    func create() async throws -> String {
        let xsrf = browser.cookie("_xsrf", forPath: prefix + "api/kernels") ?? ""
        let page = try await browser.request(.POST, prefix + "api/kernels", body: #"{"name":"python3"}"#,
                                              headers: [("Content-Type", "application/json"), ("X-XSRFToken", xsrf)])
        guard page.status == 201,
              let object = try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any],
              let id = object["id"] as? String else {
            throw BrowserError("kernel creation answered \(page.status): \(page.body.prefix(300))")
        }
        return id
    }

    /// Runs `code` and returns the `text/plain` result, waiting for the kernel to go idle.
    func execute(_ code: String, kernel: String) async throws -> String {
        let path = prefix + "api/kernels/\(kernel)/channels"
        let socket = try await browser.openWebSocket(path)
        defer { Task { await socket.close() } }
        let messageID = UUID().uuidString
        let request: [String: Any] = [
            "header": ["msg_id": messageID, "username": "test", "session": UUID().uuidString, "msg_type": "execute_request",
                       "version": "5.3", "date": ISO8601DateFormatter().string(from: Date())],
            "parent_header": [:], "metadata": [:], "channel": "shell", "buffers": [],
            "content": ["code": code, "silent": false, "store_history": false, "user_expressions": [:], "allow_stdin": false,
                        "stop_on_error": true],
        ]
        try await socket.send(String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self))
        var value: String?
        for await json in socket.messages {
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
                  (object["parent_header"] as? [String: Any])?["msg_id"] as? String == messageID,
                  let type = (object["header"] as? [String: Any])?["msg_type"] as? String,
                  let content = object["content"] as? [String: Any] else { continue }
            if type == "execute_result" { value = (content["data"] as? [String: Any])?["text/plain"] as? String }
            if type == "error" { value = "error: \(content["ename"] ?? "") \(content["evalue"] ?? "")" }
            if type == "status", content["execution_state"] as? String == "idle" { break }
        }
        guard let value else { throw BrowserError("no execute_result for \(code)") }
        return value
    }
}
