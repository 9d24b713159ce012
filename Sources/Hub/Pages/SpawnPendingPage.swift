import Foundation

/// Shows a spawn's progress live (from the event stream) and moves on when the server is ready.
enum SpawnPendingPage {
    static func render(user: String, owner: String, server: String, next: String) -> String {
        let progressURL = server.isEmpty ? "/hub/api/users/\(owner)/server/progress" : "/hub/api/users/\(owner)/servers/\(server)/progress"
        let logURL = server.isEmpty ? "/hub/log/\(owner)" : "/hub/log/\(owner)/\(server)"
        let title = server.isEmpty ? "Starting \(owner)'s server" : "Starting \(owner)'s server \(server)"
        return Page.layout(title: title, user: user, body: """
            <section class="card"><h1>\(HTML.escape(title))</h1>
            <progress id="bar" max="100" value="0" aria-label="Start progress"></progress>
            <p id="message" role="status" aria-live="polite">Server requested</p>
            <p id="failure" class="error" hidden></p>
            <p><a class="button secondary" href="/hub/home">Back to home</a> <a href="\(HTML.escape(logURL))">Server log</a></p></section>
            <script>
            (function () {
              var bar = document.getElementById("bar"), message = document.getElementById("message"), failure = document.getElementById("failure");
              var next = \(jsonString(next));
              var source = new EventSource(\(jsonString(progressURL)));
              source.onmessage = function (e) {
                var event = JSON.parse(e.data);
                if (typeof event.progress === "number") bar.value = event.progress;
                if (event.message) message.textContent = event.message;
                if (event.ready) { source.close(); window.location.href = next || event.url; }
                if (event.failed) { source.close(); failure.hidden = false; failure.textContent = event.message; }
              };
              source.onerror = function () { if (bar.value < 100) message.textContent = "Waiting for the hub…"; };
            })();
            </script>
            """)
    }

    /// A JavaScript string literal that cannot close the script element.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
