"""How the reader site answers over HTTP as production serves it, against two baselines.

    python -m bench.http [--seconds 10]

Run by `make bench` inside the embedded-database wrapper (DATABASE_URL is set, the
database filled by bench.generate). It starts, on loopback and by PID:

- the static limit: nginx serving an article page's very bytes from a file;
- the framework floor: bench/floor.py (Django with two middlewares, the same bytes from
  memory) on the same gunicorn configuration (deploy/gunicorn.conf.py);
- the site on gunicorn (DEBUG off, WhiteNoise), behind the bundled nginx micro-cache
  (deploy/nginx.conf.template) for mode (a), alone with the page cache warm for mode (b),
  and alone with PAGE_CACHE_SECONDS=0 for mode (c);

then drives each with wrk (32 connections, 2 threads, bench/wrk.lua picks random paths from a
list), counts SQL per request in-process with the test client, reads the workers' peak memory
(VmHWM), prints one table with the targets, and writes var/bench/results.json.
"""

import argparse
import json
import math
import os
import random
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.inprocess import editor_client, start_django
from deploy import stack

OUT = stack.VAR / "bench"
LUA = Path(__file__).with_name("wrk.lua")
CONNECTIONS, THREADS = 32, 2
ARTICLE_SAMPLE = 2000
HOST = "127.0.0.1"
PORTS = {"app": 18001, "floor": 18002, "proxy": 18080, "static": 18091}
SERVER_ENV = {"DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60")}

# (mode, page, baseline, minimum share of it, p99 limit in ms, most SQL queries per request)
TARGETS = [
    ("a", "article", "static", 0.80, None, None),
    ("b", "article", "floor", 0.70, 20, None),
    ("b", "home", "floor", 0.70, 20, None),
    ("b", "section p1", "floor", 0.70, 20, None),
    ("b", "feed", "floor", 0.70, 20, None),
    ("c", "articles (random)", "floor", 0.10, 100, 6),
    ("c", "home", "floor", 0.07, 100, 6),
    ("c", "section p1", "floor", 0.07, 100, 6),
]
MODES = {
    "static": "static limit: nginx, same bytes from a file",
    "floor": "framework floor: minimal Django on the same gunicorn",
    "a": "(a) nginx micro-cache in front of gunicorn",
    "b": "(b) gunicorn alone, page cache warm",
    "c": "(c) gunicorn alone, page cache off (PAGE_CACHE_SECONDS=0)",
}


@dataclass
class Page:
    name: str
    paths: list[str]
    editor: bool = False  # sends the bench editor's session cookie

    @property
    def sample(self) -> str:
        return self.paths[0]


@dataclass
class Run:
    mode: str
    page: str
    wrk: dict
    queries: dict = field(default_factory=dict)


# --- finding pages -----------------------------------------------------------------------


def find_pages() -> list[Page]:
    """Representative URLs of every kind of page, from the benchmark database."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import translation

    from articles.models import Article, Credit, TaggedArticle

    published = Article.objects.published()
    newest = published.latest_first().select_related("section").first()
    if newest is None:
        raise SystemExit("No published stories: run python -m bench.generate first (make bench).")
    ids = list(published.order_by("?").values_list("id", flat=True)[:ARTICLE_SAMPLE])
    random_articles = [
        story.get_absolute_url() for story in published.filter(pk__in=ids).select_related("section")
    ]
    busiest = (
        published.values("section__slug").annotate(stories=Count("id")).order_by("-stories")[0]
    )
    last_page = max(1, math.ceil(busiest["stories"] / 20))
    tag = (
        TaggedArticle.objects.filter(content_object_id=newest.pk).select_related("tag").first().tag
    )
    author = Credit.objects.filter(article=newest).select_related("contributor").first()
    words = [
        story.headline.split()[0]
        for story in published.filter(pk__in=ids[:8]).only("headline")
        if story.headline
    ]
    with translation.override("de"):
        section = reverse("articles:section", kwargs={"slug": busiest["section__slug"]})
        search = reverse("articles:search")
        return [
            Page("home", [reverse("articles:home")]),
            Page("section p1", [section]),
            Page(f"section p{min(50, last_page)}", [f"{section}?page={min(50, last_page)}"]),
            Page("article", [newest.get_absolute_url()]),
            Page("articles (random)", random_articles),
            Page("tag", [reverse("articles:tag", kwargs={"slug": tag.slug})]),
            Page("contributor", [author.contributor.get_absolute_url()]),
            Page("search", [f"{search}?{urllib.parse.urlencode({'q': w})}" for w in words]),
            Page("feed", ["/feeds/rss/"]),
            Page("admin changelist", ["/admin/articles/article/"], editor=True),
        ]


def count_queries(pages: list[Page], editor) -> dict[str, dict]:
    """SQL per request for each page's sample URL: page cache off, then on (a cache hit)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for page in pages:
        client = editor if page.editor else Client(HTTP_HOST=HOST)
        counts[page.name] = {}
        for label, seconds in [("off", 0), ("on", 600)]:
            with override_settings(PAGE_CACHE_SECONDS=seconds):
                cache.clear()
                client.get(page.sample)  # fills the page cache when it is on
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(page.sample)
            if response.status_code != 200:
                raise SystemExit(f"{page.sample} answered {response.status_code} in-process")
            counts[page.name][label] = len(captured.captured_queries)
    return counts


# --- servers ---------------------------------------------------------------------------


def check_tools() -> None:
    missing = [tool for tool in [stack.NGINX, "wrk"] if not shutil.which(tool)]
    if missing:
        raise SystemExit(f"missing {', '.join(missing)}: {stack.INSTALL_HINT}")
    for name, port in PORTS.items():
        with socket.socket() as probe:
            if probe.connect_ex((HOST, port)) == 0:
                raise SystemExit(f"port {port} ({name}) is in use; stop what listens there")


def url(name: str, path: str = "/") -> str:
    return f"http://{HOST}:{PORTS[name]}{path}"


def start_app(page_cache_seconds: int):
    env = {**SERVER_ENV, "PAGE_CACHE_SECONDS": str(page_cache_seconds)}
    process = stack.gunicorn("newsroom.wsgi", f"{HOST}:{PORTS['app']}", env, OUT / "app.log")
    stack.wait_for_http(url("app"), process)
    return process


def fetch(address: str, cookie: str | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(address, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def peak_memory(process) -> list[float]:
    return [stack.peak_memory_mib(pid) for pid in stack.worker_pids(process.pid)]


# --- load ----------------------------------------------------------------------------------


def wrk(base: str, page: Page, seconds: float, cookie: str | None) -> dict:
    """Drive `base` with wrk for `seconds`; returns the JSON line bench/wrk.lua prints."""
    paths_file = OUT / "paths.txt"
    paths_file.write_text("\n".join(page.paths) + "\n")
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(LUA)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command += [base, "--", str(paths_file)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    for line in finished.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line.removeprefix("WRK_JSON "))
    raise RuntimeError(f"wrk printed no result:\n{finished.stdout}\n{finished.stderr}")


def measure(mode, base, page, seconds, cookie=None, queries=None, server=None) -> Run:
    """wrk against one page; then wait until the server has answered what wrk left queued,
    so a slow page's backlog does not slow down the next page's run."""
    servers = stack.worker_pids(server.pid) if server else []
    wrk(base, page, min(1, seconds), cookie)  # warm-up: page caches, connections, workers
    stack.wait_until_idle(servers)
    result = Run(mode, page.name, wrk(base, page, seconds, cookie), queries or {})
    result.wrk["drain_s"] = round(stack.wait_until_idle(servers), 1)
    result.wrk["load_1min"] = round(os.getloadavg()[0], 2)
    print(
        f"  {mode:<6} {page.name:<20} {result.wrk['rps']:>9,.0f} req/s  "
        f"(load {result.wrk['load_1min']:.1f})",
        flush=True,
    )
    return result


# --- report --------------------------------------------------------------------------------


def verdicts(runs: list[Run], baselines: dict[str, float]) -> list[dict]:
    by_key = {(run.mode, run.page): run for run in runs}
    checks = []
    for mode, page, baseline, share, p99_limit, max_queries in TARGETS:
        run = by_key.get((mode, page))
        if run is None:
            continue
        ratio = run.wrk["rps"] / baselines[baseline]
        misses = []
        if ratio < share:
            misses.append(f"{ratio:.0%} < {share:.0%} of {baseline}")
        if p99_limit and run.wrk["p99_ms"] >= p99_limit:
            misses.append(f"p99 {run.wrk['p99_ms']:.1f} ms >= {p99_limit} ms")
        if max_queries and run.queries.get("off", 0) > max_queries:
            misses.append(f"{run.queries['off']} queries > {max_queries}")
        if run.wrk["non2xx"] or run.wrk["socket_errors"]:
            misses.append("errors")
        if not run.wrk["requests"]:
            misses.append("no request finished in time")
        target = f"≥{share:.0%} {baseline}" + (f", p99<{p99_limit}" if p99_limit else "")
        target += f", ≤{max_queries} SQL" if max_queries else ""
        checks.append(
            {"mode": mode, "page": page, "target": target, "ratio": round(ratio, 3),
             "pass": not misses, "misses": misses}
        )  # fmt: skip
    return checks


def print_table(runs: list[Run], baselines: dict[str, float], checks: list[dict]) -> None:
    verdict = {(c["mode"], c["page"]): c for c in checks}
    header = (
        f"{'mode':<6} {'page':<20} {'req/s':>8} {'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} "
        f"{'non2xx':>6} {'SQL off/on':>10} {'/static':>7} {'/floor':>7}  target"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for run in runs:
        w, q = run.wrk, run.queries
        check = verdict.get((run.mode, run.page))
        result = ""
        if check:
            result = f"{check['target']}: " + ("PASS" if check["pass"] else "MISS")
            result += f" ({'; '.join(check['misses'])})" if check["misses"] else ""
        sql = f"{q['off']}/{q['on']}" if q else "-"
        if not w["requests"]:
            result = (
                f"no request finished within {w['seconds']:.0f} s (timeouts: see wrk) " + result
            )
        print(
            f"{run.mode:<6} {run.page:<20} {w['rps']:>8,.0f} {w['p50_ms']:>7.1f} "
            f"{w['p90_ms']:>7.1f} {w['p99_ms']:>7.1f} {w['non2xx'] + w['socket_errors']:>6} "
            f"{sql:>10} {w['rps'] / baselines['static']:>7.0%} "
            f"{w['rps'] / baselines['floor']:>7.0%}  {result}"
        )


# --- the run -------------------------------------------------------------------------------


def start_baselines(processes: dict, body: bytes) -> None:
    """nginx with the article's bytes in a file, and the floor app with them in memory."""
    static_file = OUT / "static-limit" / "article.html"
    static_file.parent.mkdir(exist_ok=True)
    static_file.write_bytes(body)
    conf = stack.static_nginx_conf(OUT / "nginx-static", f"{HOST}:{PORTS['static']}", static_file)
    processes["static"] = stack.nginx(conf, OUT / "nginx-static.log")
    stack.wait_for_http(url("static"), processes["static"])
    floor_env = {"FLOOR_BODY": str(static_file)}
    processes["floor"] = stack.gunicorn(
        "bench.floor", f"{HOST}:{PORTS['floor']}", floor_env, OUT / "floor.log"
    )
    stack.wait_for_http(url("floor"), processes["floor"])


def run_baselines(article: Page, seconds: int, processes: dict) -> list[Run]:
    return [
        measure("static", url("static"), article, seconds),
        measure("floor", url("floor"), article, seconds, server=processes["floor"]),
    ]


def run_proxy(article: Page, seconds: int, queries: dict) -> Run:
    """Mode (a): the article through the bundled nginx micro-cache (gunicorn behind it)."""
    conf = stack.render_nginx_conf(
        OUT / "nginx", f"{HOST}:{PORTS['proxy']}", f"{HOST}:{PORTS['app']}"
    )
    proxy = stack.nginx(conf, OUT / "nginx.log")
    try:
        stack.wait_for_http(url("proxy"), proxy)
        fetch(url("proxy", article.sample))
        _, headers, _ = fetch(url("proxy", article.sample))
        run = measure("a", url("proxy"), article, seconds, queries=queries)
        run.wrk["nginx_cache"] = headers.get("X-Cache-Status")
        return run
    finally:
        stack.stop(proxy)


def run_pages(mode: str, pages: list[Page], seconds: int, cookie: str, queries: dict, server):
    return [
        measure(
            mode,
            url("app"),
            page,
            seconds,
            cookie if page.editor else None,
            queries[page.name],
            server,
        )
        for page in pages
    ]


def best_baselines(runs: list[Run]) -> dict[str, float]:
    """Each baseline runs before and after the app; the better run counts (less disturbed)."""
    return {
        name: max(run.wrk["rps"] for run in runs if run.mode == name)
        for name in ["static", "floor"]
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 10)))
    seconds = max(1, round(parser.parse_args().seconds))
    check_tools()
    start_django()
    from articles.models import Article

    OUT.mkdir(parents=True, exist_ok=True)
    stories = Article.objects.count()
    pages = find_pages()
    editor = editor_client(HOST)
    cookie = f"sessionid={editor.cookies['sessionid'].value}"
    queries = count_queries(pages, editor)
    print(
        f"HTTP benchmark: {stories:,} stories, {seconds} s per run, {CONNECTIONS} connections, "
        f"{THREADS} wrk threads, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    runs, memory, processes = [], {}, {}
    article = next(page for page in pages if page.name == "article")
    try:
        processes["app"] = start_app(page_cache_seconds=600)
        status, _, body = fetch(url("app", article.sample))
        if status != 200:
            raise SystemExit(f"{article.sample} answered {status} from gunicorn")
        start_baselines(processes, body)
        print("Baselines, mode (a):", flush=True)
        runs += run_baselines(article, seconds, processes)
        runs.append(run_proxy(article, seconds, queries["article"]))
        print("Mode (b), page cache on:", flush=True)
        runs += run_pages("b", pages, seconds, cookie, queries, processes["app"])
        memory["b"] = peak_memory(processes["app"])
        stack.stop(processes.pop("app"))
        print("Mode (c), page cache off:", flush=True)
        processes["app"] = start_app(page_cache_seconds=0)
        runs += run_pages("c", pages, seconds, cookie, queries, processes["app"])
        memory["c"] = peak_memory(processes["app"])
        print("Baselines again:", flush=True)
        runs += run_baselines(article, seconds, processes)
        memory["floor"] = peak_memory(processes["floor"])
    finally:
        for process in reversed(list(processes.values())):
            stack.stop(process)
    report(stories, seconds, pages, runs, memory)
    return 0


def report(stories, seconds, pages, runs, memory) -> None:
    baselines = best_baselines(runs)
    checks = verdicts(runs, baselines)
    print_table(runs, baselines, checks)
    print("\nPeak memory per gunicorn worker (VmHWM, MiB):")
    for name, values in memory.items():
        print(f"  {MODES[name]}: {', '.join(f'{v:.0f}' for v in values if v)}")
    for run in runs:
        if "nginx_cache" in run.wrk:
            print(f"nginx micro-cache, second request for the article: {run.wrk['nginx_cache']}")
    passed = sum(check["pass"] for check in checks)
    print(f"\nTargets: {passed} of {len(checks)} met (a miss is reported, not an error).")
    result = {
        "stories": stories,
        "seconds": seconds,
        "connections": CONNECTIONS,
        "wrk_threads": THREADS,
        "cpus": os.cpu_count(),
        "modes": MODES,
        "baselines_rps": baselines,
        "runs": [{"mode": r.mode, "page": r.page, **r.wrk, "queries": r.queries} for r in runs],
        "targets": checks,
        "peak_memory_mib_per_worker": memory,
        "urls": {page.name: page.paths[:5] for page in pages},
    }
    (OUT / "results.json").write_text(json.dumps(result, indent=2))
    print(f"written to {OUT / 'results.json'}")


if __name__ == "__main__":
    random.seed()
    sys.exit(main())
