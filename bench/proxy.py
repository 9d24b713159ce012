"""Proxy benchmark driver (run through bench/proxy, which prepares the tools).

Measures in one run, on this machine, against one real jupyterhub-singleuser:
HTTP throughput and latency direct / through Ganymede / through nginx, WebSocket round trips and
kernel execute latency for each path, Ganymede's RSS idle and with 20 running servers, and cold
start to /hub/health. Every load loop is bounded in count and time; only processes started here
are stopped, by pid.
"""
import json, os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request, uuid
import websocket

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build/release/ganymede")
SINGLEUSER = os.path.join(ROOT, ".cache/venv-jh5/bin/jupyterhub-singleuser")
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))
SERVERS = int(os.environ.get("BENCH_SERVERS", "20"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid):
    """(resident, private heap) in MiB: the rest of resident memory is shared code pages."""
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "RssAnon"):
                values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", float("nan")), values.get("RssAnon", float("nan"))


class Hub:
    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.port, self.hub_port = free_port(), free_port()
        self.env = dict(os.environ, GANYMEDE_BIND=f"127.0.0.1:{self.port}", GANYMEDE_HUB_BIND=f"127.0.0.1:{self.hub_port}",
                        GANYMEDE_DATA_DIR=data_dir, GANYMEDE_SINGLEUSER_CMD=SINGLEUSER, ADMIN_USERS="admin",
                        GANYMEDE_LOG_LEVEL="warning", GANYMEDE_NAMED_SERVER_LIMIT="0")
        self.process = None

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        """Starts the hub; returns seconds from exec to the first 200 on /hub/health via the proxy."""
        begin = time.perf_counter()
        self.process = subprocess.Popen([BIN, "serve"], env=self.env, stdout=subprocess.DEVNULL, stderr=open(self.data_dir + "/hub.log", "a"))
        deadline = begin + 30
        while time.perf_counter() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/hub/health", timeout=1) as response:
                    if response.status == 200:
                        return time.perf_counter() - begin
            except OSError:
                time.sleep(0.002)
        raise SystemExit("the hub did not become healthy; see " + self.data_dir + "/hub.log")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)

    def token(self, user, *scopes):
        args = [BIN, "token", user, "--create-user"] + [f"--scope={s}" for s in scopes]
        if user == "admin":
            args.append("--admin")
        return subprocess.check_output(args, env=self.env, text=True).strip()

    def api(self, method, path, token, body=None):
        request = urllib.request.Request(self.base + "/hub/api" + path, method=method, data=body,
                                         headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else None)

    def start_servers(self, users, admin):
        for user in users:
            self.token(user)
            self.api("POST", f"/users/{user}/server", admin, b"{}")
        deadline = time.time() + 180
        pending = set(users)
        while pending and time.time() < deadline:
            for user in list(pending):
                _, model = self.api("GET", f"/users/{user}", admin)
                if model["servers"].get("", {}).get("ready"):
                    pending.discard(user)
            time.sleep(0.2)
        if pending:
            raise SystemExit(f"servers not ready after 180 s: {sorted(pending)}")

    def server_port(self, user, admin):
        _, model = self.api("GET", f"/users/{user}", admin)
        return int(model["servers"][""]["state"]["port"])


def start_nginx(directory, upstream_port):
    port = free_port()
    config = f"""
daemon off; pid {directory}/nginx.pid; error_log {directory}/nginx-error.log; worker_processes auto;
events {{ worker_connections 4096; }}
http {{
  access_log off; client_body_temp_path {directory}; proxy_temp_path {directory}; fastcgi_temp_path {directory};
  uwsgi_temp_path {directory}; scgi_temp_path {directory};
  upstream jupyter {{ server 127.0.0.1:{upstream_port}; keepalive 64; }}
  map $http_upgrade $connection_upgrade {{ default upgrade; '' ''; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://jupyter; proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_buffering off; proxy_read_timeout 3600s;
    }}
  }}
}}"""
    path = os.path.join(directory, "nginx.conf")
    with open(path, "w") as f:
        f.write(config)
    process = subprocess.Popen(["nginx", "-c", path, "-p", directory], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.05)
    raise SystemExit("nginx did not start")


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url, connections, token):
    out = subprocess.check_output(["wrk", "-t", "1" if connections == 1 else "2", "-c", str(connections), "-d", f"{DURATION}s",
                                   "--latency", "-H", f"Authorization: token {token}", url], text=True, timeout=DURATION + 30)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    percentiles = {m.group(1): to_ms(m.group(2), m.group(3)) for m in re.finditer(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    return rps, percentiles.get("50", float("nan")), percentiles.get("99", float("nan"))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def kernel_timings(base_ws, kernel, token):
    """kernel_info round trips, then `1+1` executions: (rtt, reply, idle) lists in ms."""
    socket_ = websocket.create_connection(f"{base_ws}/user/alice/api/kernels/{kernel}/channels",
                                          header=[f"Authorization: token {token}"], timeout=30)
    session = uuid.uuid4().hex

    def send(msg_type, content, channel):
        msg_id = uuid.uuid4().hex
        socket_.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": msg_type, "session": session, "username": "bench",
                                            "version": "5.3", "date": ""},
                                 "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": []}))
        return msg_id

    def wait(msg_id, done):
        begin = time.perf_counter()
        marks = {}
        deadline = begin + 30
        while time.perf_counter() < deadline:
            message = json.loads(socket_.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            key = (message["header"]["msg_type"], message["content"].get("execution_state"))
            marks.setdefault(key, time.perf_counter())
            if done(marks):
                return marks
        raise SystemExit("kernel did not answer")

    for _ in range(5):  # warm up
        msg = send("kernel_info_request", {}, "shell")
        wait(msg, lambda m: ("kernel_info_reply", None) in m and ("status", "idle") in m)
    rtt, reply, idle = [], [], []
    for _ in range(ROUNDS):
        begin = time.perf_counter()
        msg = send("kernel_info_request", {}, "shell")
        marks = wait(msg, lambda m: ("kernel_info_reply", None) in m and ("status", "idle") in m)
        rtt.append((marks[("kernel_info_reply", None)] - begin) * 1000)
    for _ in range(ROUNDS):
        begin = time.perf_counter()
        msg = send("execute_request", {"code": "1+1", "silent": False, "store_history": False, "user_expressions": {},
                                       "allow_stdin": False, "stop_on_error": True}, "shell")
        marks = wait(msg, lambda m: ("execute_reply", None) in m and ("status", "idle") in m)
        reply.append((marks[("execute_reply", None)] - begin) * 1000)
        idle.append((marks[("status", "idle")] - begin) * 1000)
    socket_.close()
    return rtt, reply, idle


def main():
    if not os.path.exists(BIN):
        raise SystemExit("build first: swift build -c release --product ganymede")
    work = tempfile.mkdtemp(prefix="ganymede-bench-")
    hub = Hub(os.path.join(work, "data"))
    os.makedirs(hub.data_dir)
    admin = hub.token("admin")
    cold = []
    for _ in range(5):
        cold.append(hub.start())
        hub.stop()
    cold_start = statistics.median(cold)
    hub.start()
    time.sleep(1)
    idle_rss = rss_mib(hub.process.pid)
    nginx = None
    rows = []
    try:
        hub.start_servers(["alice"], admin)
        alice = hub.token("alice", "access:servers!server=alice/", "read:users:name!user=alice")
        server_port = hub.server_port("alice", admin)
        nginx, nginx_port = start_nginx(work, server_port)
        bases = {"direct": f"127.0.0.1:{server_port}", "ganymede": f"127.0.0.1:{hub.port}", "nginx": f"127.0.0.1:{nginx_port}"}
        request = urllib.request.Request(f"http://{bases['direct']}/user/alice/api/kernels", method="POST", data=b'{"name":"python3"}',
                                         headers={"Authorization": f"token {alice}", "Content-Type": "application/json"})
        kernel = json.loads(urllib.request.urlopen(request, timeout=60).read())["id"]
        results = {}
        for name, base in bases.items():
            url = f"http://{base}/user/alice/api"
            rps, _, _ = wrk(url, 32, alice)
            _, p50, p99 = wrk(url, 1, alice)
            rtt, reply, idle_ms = kernel_timings(f"ws://{base}", kernel, alice)
            results[name] = dict(rps=rps, p50=p50, p99=p99, rtt=rtt, reply=reply, idle=idle_ms)

        others = [f"u{n:02d}" for n in range(1, SERVERS)]
        hub.start_servers(others, admin)
        busy_rss = rss_mib(hub.process.pid)
        for user in others:
            hub.api("DELETE", f"/users/{user}/server", admin)
    finally:
        if nginx:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=30)
        try:
            hub.api("DELETE", "/users/alice/server", admin)
        except Exception:
            pass
        hub.stop()

    d, g, n = results["direct"], results["ganymede"], results["nginx"]
    def pair(values):
        return f"{percentile(values, 50):.2f} / {percentile(values, 99):.2f}"
    def stalled(values):
        return f"{100 * sum(v > 30 for v in values) / len(values):.0f} %"
    rows = [
        ("HTTP req/s, 32 connections", f"{d['rps']:.0f}", f"{g['rps']:.0f} ({g['rps'] / d['rps']:.2f}× direct)",
         f"{n['rps']:.0f} ({n['rps'] / d['rps']:.2f}× direct)", "≥ 0.95× direct, ≥ nginx"),
        ("HTTP p50 / p99 ms, 1 connection", f"{d['p50']:.3f} / {d['p99']:.3f}", f"{g['p50']:.3f} / {g['p99']:.3f} (+{g['p50'] - d['p50']:.3f} p50)",
         f"{n['p50']:.3f} / {n['p99']:.3f} (+{n['p50'] - d['p50']:.3f} p50)", "≤ +0.05 ms p50"),
        ("WebSocket round trip p50 / p99 ms (kernel_info)", pair(d["rtt"]), pair(g["rtt"]), pair(n["rtt"]), ""),
        ("execute → reply p50 / p99 ms", pair(d["reply"]), pair(g["reply"]), pair(n["reply"]), ""),
        ("execute → idle p50 / p99 ms", pair(d["idle"]), pair(g["idle"]), pair(n["idle"]), "Ganymede faster than direct"),
        ("executions whose idle took > 30 ms", stalled(d["idle"]), stalled(g["idle"]), stalled(n["idle"]), ""),
        ("hub + proxy RSS idle / with {} servers (private heap)".format(SERVERS), "",
         f"{idle_rss[0]:.1f} MiB ({idle_rss[1]:.1f}) / {busy_rss[0]:.1f} MiB ({busy_rss[1]:.1f})", "", "≤ 30 MiB idle"),
        ("cold start to /hub/health (median of 5)", "", f"{cold_start * 1000:.0f} ms", "", "≤ 300 ms"),
    ]
    lines = ["| Measure | Direct | Ganymede | nginx | Target |", "|---|---|---|---|---|"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    table = "\n".join(lines)
    header = f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores; wrk {DURATION} s per cell; {ROUNDS} kernel round trips per path; jupyterhub-singleuser 5.x.\n"
    print(header)
    print(table)
    os.makedirs(os.path.join(ROOT, "bench/out"), exist_ok=True)
    with open(os.path.join(ROOT, "bench/out/proxy.md"), "w") as f:
        f.write(header + "\n" + table + "\n")
    shutil.rmtree(work, ignore_errors=True)  # kept on failure: it holds the hub's log


if __name__ == "__main__":
    main()
