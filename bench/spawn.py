"""Spawn benchmark driver (run through bench/spawn).

Measures in one run, on this machine, with one image:
  floor       docker run (Engine API, docker-py) → the Jupyter server in the container answers /api
  Ganymede    POST /hub/api/users/<u>/server → the hub reports the server ready (through its proxy)
each one at a time (median of BENCH_REPEATS) and BENCH_CONCURRENCY at once (time until all are
ready). Both run the image's own command (jupyterhub-singleuser) with the JupyterHub environment:
the floor's containers talk to a stub hub API on the network gateway that answers every request
with a version, so the floor is what the image itself costs. Everything created here is labelled
and removed at the end; only processes started here are stopped, by pid.
"""
import concurrent.futures, http.server, threading, os, socket, statistics, subprocess, sys, tempfile, time, urllib.error, urllib.request, uuid
import docker

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("GANYMEDE_BIN", os.path.join(ROOT, ".build/release/ganymede"))
IMAGE = sys.argv[1] if len(sys.argv) > 1 else "local/singleuser:jh5"
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "20"))
TAG = "gmbench" + uuid.uuid4().hex[:6]
LABEL = {"org.ganymede.bench": TAG}
engine = docker.from_env(timeout=120)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, deadline, headers=None):
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=2) as response:
                if response.status == 200:
                    return True
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.02)
    raise RuntimeError(f"{url} did not answer")


# -- floor: docker run → Jupyter answers -------------------------------------------------------

class StubHubAPI(http.server.BaseHTTPRequestHandler):
    """Answers whatever jupyterhub-singleuser asks the hub (version check, activity) with 200."""

    def answer(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b'{"version": "5.2.1"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = answer

    def log_message(self, *args):
        pass


def start_stub_hub(network):
    gateway = engine.networks.get(network).attrs["IPAM"]["Config"][0]["Gateway"]
    server = http.server.ThreadingHTTPServer((gateway, 0), StubHubAPI)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://{gateway}:{server.server_address[1]}/hub/api", server


def floor_once(network, hub_api):
    user = "floor" + uuid.uuid4().hex[:6]
    prefix = f"/user/{user}/"
    environment = {"JUPYTERHUB_API_TOKEN": uuid.uuid4().hex, "JUPYTERHUB_API_URL": hub_api,
                   "JUPYTERHUB_CLIENT_ID": f"jupyterhub-user-{user}", "JUPYTERHUB_USER": user,
                   "JUPYTERHUB_SERVICE_PREFIX": prefix, "JUPYTERHUB_SERVICE_URL": f"http://0.0.0.0:8888{prefix}",
                   "JUPYTERHUB_OAUTH_CALLBACK_URL": prefix + "oauth_callback", "JUPYTERHUB_BASE_URL": "/", "JUPYTERHUB_HOST": ""}
    begin = time.perf_counter()
    container = engine.containers.run(IMAGE, detach=True, network=network, labels=LABEL, environment=environment)
    try:
        container.reload()
        address = container.attrs["NetworkSettings"]["Networks"][network]["IPAddress"]
        wait_http(f"http://{address}:8888{prefix}api", begin + 120)
        return time.perf_counter() - begin
    finally:
        container.remove(force=True)


# -- Ganymede ----------------------------------------------------------------------------------

class Hub:
    def __init__(self, data_dir, network):
        self.data_dir = data_dir
        self.port = free_port()
        inherited = {key: value for key, value in os.environ.items() if not key.startswith("GANYMEDE_")}  # e.g. GANYMEDE_BIN
        self.env = dict(inherited, GANYMEDE_BIND=f"127.0.0.1:{self.port}", GANYMEDE_HUB_BIND=f"127.0.0.1:{free_port()}",
                        GANYMEDE_DATA_DIR=data_dir, GANYMEDE_SPAWNER="docker", SINGLEUSER_IMAGE=IMAGE,
                        GANYMEDE_DOCKER_NETWORK=network, GANYMEDE_CONTAINER_PREFIX=TAG, GANYMEDE_VOLUME_PREFIX=TAG + "-home",
                        HOST_WORKSPACE=data_dir + "/workspace", GANYMEDE_LOG_LEVEL="warning",
                        GANYMEDE_HTTP_TIMEOUT="300")  # 20 servers starting at once on 2 cores take longer than 30 s
        self.process = subprocess.Popen([BIN, "serve"], env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=open(data_dir + "/hub.log", "a"))
        wait_http(self.base + "/hub/health", time.perf_counter() + 30)
        self.tokens = {}

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def token(self, user):
        if user not in self.tokens:
            out = subprocess.run([BIN, "token", user, "--create-user"], env=self.env, capture_output=True, text=True, check=True)
            self.tokens[user] = out.stdout.strip().splitlines()[-1]
        return self.tokens[user]

    def call(self, method, path, user, timeout=120):
        request = urllib.request.Request(self.base + "/hub/api" + path, method=method, data=b"{}" if method != "GET" else None,
                                         headers={"Authorization": "token " + self.token(user), "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{method} {path}: {error.code} {error.read().decode()[:400]}") from None

    def spawn(self, user):
        """Seconds from the start request to the server being ready."""
        self.token(user)
        begin = time.perf_counter()
        status, _ = self.call("POST", f"/users/{user}/server", user)
        if status == 202:
            _, events = self.call("GET", f"/users/{user}/server/progress", user)
            if '"ready":true' not in events:
                raise RuntimeError(f"{user}: {events[-400:]}")
        return time.perf_counter() - begin

    def stop_server(self, user):
        self.call("DELETE", f"/users/{user}/server", user)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def concurrently(function, items):
    begin = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(items)) as pool:
        list(pool.map(function, items))
    return time.perf_counter() - begin


def main():
    network = engine.networks.create(TAG, driver="bridge", labels=LABEL)
    data_dir = tempfile.mkdtemp(prefix="ganymede-bench-")
    hub = None
    rows = []
    try:
        engine.images.get(IMAGE)
        hub_api, stub = start_stub_hub(TAG)
        hub = Hub(data_dir, TAG)
        users = [f"u{i:02d}" for i in range(CONCURRENCY)]
        for user in users:
            hub.token(user)
        floor_once(TAG, hub_api)  # warm the page cache

        # Floor and Ganymede alternate, so that a slow patch of the machine hits both alike.
        floors, spawns = [], []
        first = hub.spawn("solo")  # creates the volume
        hub.stop_server("solo")
        for _ in range(REPEATS):
            floors.append(floor_once(TAG, hub_api))
            spawns.append(hub.spawn("solo"))
            hub.stop_server("solo")
        floor_many_first = concurrently(lambda _: floor_once(TAG, hub_api), list(range(CONCURRENCY)))
        many_first = concurrently(hub.spawn, users)  # creates 20 volumes
        concurrently(hub.stop_server, users)
        floor_many = concurrently(lambda _: floor_once(TAG, hub_api), list(range(CONCURRENCY)))
        many = concurrently(hub.spawn, users)
        concurrently(hub.stop_server, users)
        stub.shutdown()

        floor, spawn = statistics.median(floors), statistics.median(spawns)
        added = statistics.median(b - a for a, b in zip(floors, spawns))  # pairs measured back to back
        rows = [
            ("one server", f"{floor:.2f} s", f"{spawn:.2f} s", f"{added:+.2f} s", "≤ floor + 0.2 s"),
            ("one server, first start (new volume)", f"{floor:.2f} s", f"{first:.2f} s", f"{first - floor:+.2f} s", ""),
            (f"{CONCURRENCY} at once", f"{floor_many:.2f} s", f"{many:.2f} s", f"{many / floor_many:.2f}×", "≤ 1.1× floor"),
            (f"{CONCURRENCY} at once, first start (new volumes)", f"{floor_many_first:.2f} s", f"{many_first:.2f} s",
             f"{many_first / floor_many_first:.2f}×", ""),
        ]
    finally:
        if hub:
            hub.stop()
        for container in engine.containers.list(all=True, filters={"label": f"org.ganymede.bench={TAG}"}):
            container.remove(force=True)
        hub_id = open(data_dir + "/hub_id").read()[:16] if os.path.exists(data_dir + "/hub_id") else None
        if hub_id:
            for container in engine.containers.list(all=True, filters={"label": f"org.ganymede.hub={hub_id}"}):
                container.remove(force=True)
            for volume in engine.volumes.list(filters={"label": f"org.ganymede.hub={hub_id}"}):
                volume.remove(force=True)
        network.remove()
        subprocess.run(["rm", "-rf", data_dir])

    table = [f"Spawn benchmark, image {IMAGE}, {os.cpu_count()} CPUs, medians of {REPEATS} "
             "(difference: median of the differences of back-to-back pairs)",
             "", "| | docker run floor | Ganymede | difference | target |", "|---|---|---|---|---|"]
    table += [f"| {' | '.join(row)} |" for row in rows]
    text = "\n".join(table)
    print(text)
    os.makedirs(os.path.join(ROOT, "bench/out"), exist_ok=True)
    with open(os.path.join(ROOT, "bench/out/spawn.md"), "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
