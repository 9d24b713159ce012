"""Spawn benchmark driver (run through bench/spawn).

Measures in one run, on this machine, with one image:
  floor       docker run (Engine API, docker-py) → the Jupyter server in the container answers /api
  Ganymede    POST /hub/api/users/<u>/server → the hub reports the server ready (through its proxy)
each one at a time (median of BENCH_REPEATS) and BENCH_CONCURRENCY at once (time until all are
ready). Ganymede's servers run jupyterhub-singleuser with the hub's full environment; the floor runs
`jupyter lab` in the same image, as JupyterHub's figures measure it. Everything created here is
labelled and removed at the end; only processes started here are stopped, by pid.
"""
import concurrent.futures, json, os, socket, statistics, subprocess, sys, tempfile, time, urllib.error, urllib.request, uuid
import docker

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("GANYMEDE_BIN", os.path.join(ROOT, ".build/release/ganymede"))
IMAGE = sys.argv[1] if len(sys.argv) > 1 else "local/singleuser:jh5"
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
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

def floor_once(network):
    begin = time.perf_counter()
    container = engine.containers.run(IMAGE, ["jupyter", "lab", "--ip=0.0.0.0", "--port=8888", "--no-browser",
                                              "--IdentityProvider.token=", "--ServerApp.password="],
                                      detach=True, network=network, labels=LABEL)
    try:
        container.reload()
        address = container.attrs["NetworkSettings"]["Networks"][network]["IPAddress"]
        wait_http(f"http://{address}:8888/api", begin + 120)
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
        floor_once(TAG)  # warm the page cache
        floor = statistics.median(floor_once(TAG) for _ in range(REPEATS))
        floor_many = concurrently(lambda _: floor_once(TAG), list(range(CONCURRENCY)))

        hub = Hub(data_dir, TAG)
        first = hub.spawn("solo")  # creates the volume (one helper container)
        hub.stop_server("solo")
        repeat = []
        for _ in range(REPEATS):
            repeat.append(hub.spawn("solo"))
            hub.stop_server("solo")
        users = [f"u{i:02d}" for i in range(CONCURRENCY)]
        for user in users:
            hub.token(user)
        many_first = concurrently(hub.spawn, users)
        concurrently(hub.stop_server, users)
        many = concurrently(hub.spawn, users)
        concurrently(hub.stop_server, users)

        spawn = statistics.median(repeat)
        rows = [
            ("one server", f"{floor:.2f} s", f"{spawn:.2f} s", f"+{spawn - floor:.2f} s", "≤ floor + 0.2 s"),
            ("one server, first start (new volume)", "", f"{first:.2f} s", f"+{first - floor:.2f} s", ""),
            (f"{CONCURRENCY} at once", f"{floor_many:.2f} s", f"{many:.2f} s", f"{many / floor_many:.2f}×", "≤ 1.1× floor"),
            (f"{CONCURRENCY} at once, first start", "", f"{many_first:.2f} s", f"{many_first / floor_many:.2f}×", ""),
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

    table = [f"Spawn benchmark, image {IMAGE}, {os.cpu_count()} CPUs, median of {REPEATS}",
             "", "| | docker run floor | Ganymede | difference | target |", "|---|---|---|---|---|"]
    table += [f"| {' | '.join(row)} |" for row in rows]
    text = "\n".join(table)
    print(text)
    os.makedirs(os.path.join(ROOT, "bench/out"), exist_ok=True)
    with open(os.path.join(ROOT, "bench/out/spawn.md"), "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
