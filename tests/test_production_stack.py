"""The production stack, through real processes: gunicorn behind the bundled nginx on loopback,
started by deploy/stack.py as `make serve-prod` starts them.

The stack serves a database of its own on the tests' server (DATABASE_URL's name plus
"_stack", migrated, with the demo content), on free loopback ports, with its static and media
files in a temporary folder. Every process is one a test started, ended by its PID.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import psycopg2
import pytest
from psycopg2 import sql

from deploy import stack
from tests.conftest import wait_for

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

pytestmark = pytest.mark.skipif(not os.path.exists(stack.NGINX), reason=stack.INSTALL_HINT)


@dataclass
class ProductionStack:
    """A running stack: `base_url` is nginx (http://127.0.0.1:PORT), `app_url` gunicorn."""

    base_url: str
    app_url: str
    app: subprocess.Popen  # the gunicorn master
    proxy: subprocess.Popen  # the nginx master
    env: dict  # what gunicorn runs with: DATABASE_URL, STATIC_ROOT, MEDIA_ROOT, ...
    folder: Path  # nginx's prefix and the logs
    logs: list[Path] = field(default_factory=list)

    def get(self, path_or_url: str, **headers) -> tuple[int, dict, str]:
        """(status, headers, body) of a GET through nginx."""
        return fetch(urllib.parse.urljoin(self.base_url, path_or_url), **headers)

    def log_tail(self) -> str:
        return "\n".join(f"--- {log}\n{log.read_text()[-3000:]}" for log in self.logs)


def fetch(url: str, **headers) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


def free_ports(count: int = 2) -> list[int]:
    """Loopback ports nothing listens on, all different (each probe holds its port meanwhile)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind((HOST, 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) == 0


def database_url(name: str) -> str:
    """DATABASE_URL (the server the tests run on) with another database name."""
    parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(name: str, *, create: bool = True) -> None:
    connection = psycopg2.connect(database_url("postgres"))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            if create:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def manage(env: dict, *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, check=True, timeout=300
    )


@pytest.fixture(scope="module")
def production_stack(tmp_path_factory):
    """gunicorn (deploy/gunicorn.conf.py) behind nginx (deploy/nginx.conf.template), DEBUG
    off, on a migrated database with the demo content; reusable by any test of the stack."""
    folder = tmp_path_factory.mktemp("production-stack")
    name = urllib.parse.urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") + "_stack"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(name),
        "DEBUG": "0",
        "SECRET_KEY": "production-stack-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
    }
    recreate_database(name)
    app = proxy = None
    try:
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        manage(env, "load_demo", "--once")
        bind, listen = (f"{HOST}:{port}" for port in free_ports())
        logs = [folder / "gunicorn.log", folder / "nginx.log"]
        app = stack.gunicorn("newsroom.wsgi", bind, env, logs[0])
        stack.wait_for_http(f"http://{bind}/healthz", app)
        conf = stack.render_nginx_conf(
            folder / "nginx",
            listen=listen,
            upstream=bind,
            static_root=folder / "static",
            media_root=folder / "media",
        )
        proxy = stack.nginx(conf, logs[1])
        stack.wait_for_http(f"http://{listen}/healthz", proxy)
        yield ProductionStack(
            base_url=f"http://{listen}",
            app_url=f"http://{bind}",
            app=app,
            proxy=proxy,
            env=env,
            folder=folder,
            logs=logs,
        )
    finally:
        stack.stop(proxy)
        stack.stop(app)
        recreate_database(name, create=False)
        shutil.rmtree(folder, ignore_errors=True)


# --- the stack dies with its launcher -------------------------------------------------------


def children(pid: int) -> list[int]:
    try:
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def running(pid: int) -> bool:
    """Whether the process exists and has not ended (an orphaned zombie has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def test_gunicorn_and_nginx_end_when_serve_is_killed_outright(production_stack, tmp_path):
    app_port, proxy_port = free_ports()
    env = {
        **production_stack.env,
        "GUNICORN_BIND": f"{HOST}:{app_port}",
        "NGINX_LISTEN": f"{HOST}:{proxy_port}",
        "NGINX_PREFIX": str(tmp_path / "nginx"),
    }
    log = tmp_path / "serve.log"
    with open(log, "wb") as output:
        serve = subprocess.Popen(
            [sys.executable, "-m", "deploy.serve"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    started = []
    try:
        stack.wait_for_http(f"http://{HOST}:{proxy_port}/healthz", serve, timeout=120)
        masters = children(serve.pid)
        started = masters + [worker for master in masters for worker in children(master)]
        names = [command_line(pid) for pid in started]
        assert sum("gunicorn" in name for name in names) >= 2, names  # the master, a worker
        assert sum("nginx" in name for name in names) >= 2, names

        serve.kill()  # SIGKILL: serve's own clean-up never runs
        serve.wait()

        gone = wait_for(lambda: not any(running(pid) for pid in started), 15)
        assert gone, [command_line(pid) for pid in started if running(pid)]
        assert not listening(app_port) and not listening(proxy_port)
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
        for pid in started:  # only if the test failed: what serve started, by PID
            if running(pid):
                os.kill(pid, signal.SIGKILL)


# --- absolute URLs behind nginx keep its port -----------------------------------------------


def links_without_port(production_stack, text: str) -> list[str]:
    """Absolute URLs to the stack's host in `text` that do not carry nginx's port."""
    port = urllib.parse.urlsplit(production_stack.base_url).port
    return re.findall(rf"https?://{re.escape(HOST)}(?!:{port}\b)[^\s\"'<]*", text)


def answers(production_stack, url: str) -> int:
    """The status of a GET of `url`, which must be an address of nginx, port included."""
    assert url.startswith(production_stack.base_url + "/"), url
    return production_stack.get(url)[0]


def test_a_story_page_names_itself_with_nginx_port(production_stack):
    status, _, feed = production_stack.get("/feeds/rss/")
    assert status == 200, production_stack.log_tail()
    story = urllib.parse.urlsplit(ElementTree.fromstring(feed).find("channel/item/link").text)

    status, _, page = production_stack.get(story.path)
    assert status == 200
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page)[1]
    og_url = re.search(r'<meta property="og:url" content="([^"]+)"', page)[1]
    assert canonical == og_url == production_stack.base_url + story.path
    assert answers(production_stack, canonical) == 200
    assert links_without_port(production_stack, page) == []


def test_the_sitemap_index_points_at_sitemaps_with_nginx_port(production_stack):
    status, _, index = production_stack.get("/sitemap.xml")
    assert status == 200, production_stack.log_tail()
    locations = [loc.text for loc in ElementTree.fromstring(index).iter(f"{SITEMAP}loc")]
    assert locations
    for location in locations:
        assert location.startswith(production_stack.base_url + "/"), location
        status, _, sitemap = production_stack.get(location)
        assert status == 200, location
        assert links_without_port(production_stack, sitemap) == []


@pytest.mark.parametrize("feed", ["/feeds/rss/", "/feeds/atom/"])
def test_a_feeds_links_carry_nginx_port(production_stack, feed):
    status, _, body = production_stack.get(feed)
    assert status == 200, production_stack.log_tail()
    assert links_without_port(production_stack, body) == []
    root = ElementTree.fromstring(body)
    links = [link.text for link in root.iter("link") if link.text] + [
        link.get("href") for link in root.iter() if link.tag.endswith("link") and link.get("href")
    ]
    assert len(links) > 3
    for link in links[:5]:
        assert answers(production_stack, link) == 200, link
