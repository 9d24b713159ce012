"""Walks a browser through the pages and saves screenshots, for looking at the UI.

    ganymede demo --port 8400 &        # in another shell, or any hub with the dev login
    .cache/venv-jh5/bin/python scripts/page-screenshots.py http://127.0.0.1:8400 OUT_DIR

Needs Debian's `chromium` and the `websocket-client` package (in the jupyterhub venvs).
Signs in as alice, starts her server from the "not running" page, and saves
1-login … 5-home PNGs in OUT_DIR.
"""
import base64, json, os, subprocess, sys, tempfile, time, urllib.request
import websocket

BASE, OUT = sys.argv[1], sys.argv[2]
os.makedirs(OUT, exist_ok=True)
chrome = subprocess.Popen(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=9333",
                           "--window-size=1200,800", f"--user-data-dir={tempfile.mkdtemp()}", "about:blank"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    page = None
    for _ in range(100):
        try:
            targets = json.load(urllib.request.urlopen("http://127.0.0.1:9333/json"))
            page = next(t for t in targets if t["type"] == "page")
            break
        except Exception:
            time.sleep(0.1)
    if page is None:
        raise SystemExit("chromium did not start (apt-get install chromium)")
    ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
    counter = [0]
    def call(method, **params):
        counter[0] += 1
        ws.send(json.dumps({"id": counter[0], "method": method, "params": params}))
        while True:
            message = json.loads(ws.recv())
            if message.get("id") == counter[0]:
                return message.get("result")
    def shot(name):
        data = call("Page.captureScreenshot", format="png")["data"]
        open(os.path.join(OUT, f"{name}.png"), "wb").write(base64.b64decode(data))
        print("saved", name, call("Runtime.evaluate", expression="location.href")["result"]["value"])
    def js(expression):
        return call("Runtime.evaluate", expression=expression)["result"].get("value")
    call("Page.enable")
    call("Page.navigate", url=BASE + "/user/alice/lab")
    time.sleep(2); shot("1-login")
    js("document.querySelector('#username').value='alice'; document.querySelector('form').submit()")
    time.sleep(2); shot("2-not-running")
    js("document.querySelector('a.button').click()")
    time.sleep(1.5); shot("3-spawn-pending")
    time.sleep(8); shot("4-lab")
    call("Page.navigate", url=BASE + "/hub/home")
    time.sleep(2); shot("5-home")
finally:
    chrome.terminate()
