"""The production stack, through real processes: gunicorn behind the bundled nginx on loopback,
started by deploy/stack.py as `make serve-prod` starts them.

The stack serves a database of its own on the tests' server (DATABASE_URL's name plus
"_stack", migrated, with the demo content), on free loopback ports, with its static and media
files in a temporary folder. Every process is one a test started, ended by its PID.
"""

import contextlib
import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
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
from tests.conftest import running, wait_for

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HTTP_CACHE_SECONDS = 5  # the default nginx keeps a page for (X-Accel-Expires)

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


@contextlib.contextmanager
def running_stack(folder: Path, database_for_the_app: str | None = None):
    """gunicorn (deploy/gunicorn.conf.py) behind nginx (deploy/nginx.conf.template), DEBUG
    off, on a database of its own, migrated, with the demo content; `database_for_the_app`
    is how gunicorn reaches that database, when not directly."""
    name = urllib.parse.urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") + "_stack"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(name),
        "DEBUG": "0",
        "CONTENT_STATE_LISTENER": "1",  # as deployed (the suite itself reads it per request)
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
        app_env = {**env, "DATABASE_URL": database_for_the_app or env["DATABASE_URL"]}
        app = stack.gunicorn("newsroom.wsgi", bind, app_env, logs[0])
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


@pytest.fixture(scope="module")
def production_stack(tmp_path_factory):
    """The stack as `make serve-prod` runs it; reusable by any test of the stack."""
    with running_stack(tmp_path_factory.mktemp("production-stack")) as running:
        yield running


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


# --- renditions: made once by the app, then files nginx serves ------------------------------


def test_a_rendition_is_made_by_the_app_once_then_served_by_nginx_for_a_year(production_stack):
    status, _, home = production_stack.get("/")
    assert status == 200, production_stack.log_tail()
    src = re.search(r'<img src="(/media/renditions/[^"]+\.jpg)"', home)[1]
    stored = production_stack.folder / src.removeprefix("/")
    assert not stored.exists()

    made = production_stack.get(src)
    served = production_stack.get(src)

    assert made[0] == served[0] == 200, production_stack.log_tail()
    assert stored.is_file()  # made by the app on the first request, through the storage
    # The app's answer carries Django's security headers; nginx's file has none of them.
    assert "X-Content-Type-Options" in made[1] and "X-Content-Type-Options" not in served[1]
    assert served[1]["Accept-Ranges"] == "bytes"
    for _, headers, _ in (made, served):
        assert headers["Content-Type"] == "image/jpeg"
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    wrong = re.sub(r"-(\w{12})-", "-000000000000-", src)
    assert production_stack.get(wrong)[0] == 404
    assert not (production_stack.folder / wrong.removeprefix("/")).exists()


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


# --- a takedown sticks in nginx, also while PostgreSQL is unreachable -----------------------


class DatabaseRelay:
    """A TCP relay on loopback between the stack and PostgreSQL: cut() makes the database
    unreachable for the stack alone (refused connections, broken sessions), as a stopped
    server would, while the tests and the editors' side still reach it directly."""

    def __init__(self, target_url: str):
        parts = urllib.parse.urlsplit(target_url)
        host = urllib.parse.unquote(parts.hostname or "")
        query = urllib.parse.parse_qs(parts.query)
        host = query.get("host", [host])[0] or "/tmp"
        self.target = (
            (socket.AF_UNIX, f"{host}/.s.PGSQL.{parts.port or 5432}")
            if host.startswith("/")
            else (socket.AF_INET, (host, parts.port or 5432))
        )
        self.server = socket.create_server((HOST, 0))
        self.port = self.server.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, target_url: str) -> str:
        parts = urllib.parse.urlsplit(target_url)
        user = f"{parts.username}@" if parts.username else ""
        return f"postgres://{user}{HOST}:{self.port}{parts.path}"

    def _accept(self):
        while self.open:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.socket(self.target[0])
            upstream.connect(self.target[1])
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.open = False
        self.server.close()
        for connection in self.sockets:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()


@pytest.fixture
def stack_behind_relay(tmp_path):
    """A stack of its own whose gunicorn reaches PostgreSQL only through a relay."""
    name = urllib.parse.urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") + "_stack"
    relay = DatabaseRelay(os.environ["DATABASE_URL"])
    try:
        with running_stack(tmp_path / "stack", relay.url(database_url(name))) as running:
            yield running, relay
    finally:
        relay.cut()


def take_down(running: ProductionStack, story_id: int, how: str) -> None:
    """An editor's takedown through the write path, committed from another process."""
    code = (
        "from django.contrib.auth.models import User;"
        "from articles import publishing;"
        "from articles.models import Article;"
        "editor = User.objects.filter(is_superuser=True).first()"
        " or User.objects.create_superuser('chefin', password='takedown-test');"
        f"publishing.{how}(Article.objects.get(pk={story_id}), by=editor)"
    )
    manage(running.env, "shell", "-c", code)


def shows(body: str, title: str) -> bool:
    return title in body or html.escape(title) in body


def test_nginx_never_brings_back_a_taken_down_story_when_the_database_is_gone(
    stack_behind_relay,
):
    running, relay = stack_behind_relay
    _, _, feed = running.get("/feeds/rss/")
    pages = {}
    for item in ElementTree.fromstring(feed).findall("channel/item")[:2]:
        path = urllib.parse.urlsplit(item.find("link").text).path
        pages[path] = (int(path.rstrip("/").rsplit("-", 1)[1]), item.find("title").text)
    (gone, (gone_id, gone_title)), (read, (read_id, read_title)) = pages.items()
    for path in ["/", gone, read, "/", gone, read]:  # the second time from nginx's cache
        status, headers, body = running.get(path)
        assert status == 200, running.log_tail()
    assert headers["X-Cache-Status"] == "HIT" and f"story-{read_id}" in headers["Surrogate-Key"]
    assert shows(running.get("/")[2], gone_title)

    take_down(running, read_id, "archive")
    time.sleep(HTTP_CACHE_SECONDS + 1)  # nginx may show a page for that long, no longer
    assert running.get(read)[0] == 410  # read since the takedown: this answer stands in
    take_down(running, gone_id, "unpublish")  # and this one nobody reads before the outage
    time.sleep(1)  # its notification reaches the app servers
    relay.cut()
    time.sleep(HTTP_CACHE_SECONDS + 1)

    for path, title, allowed in [
        (gone, gone_title, {404, 503}),
        (read, read_title, {410, 503}),
        ("/", gone_title, {200, 503}),
        ("/", read_title, {200, 503}),
        ("/feeds/rss/", gone_title, {200, 503}),
    ]:
        for _ in range(3):  # either worker, and nginx's answer once it has one
            status, headers, body = running.get(path)
            assert status in allowed, (path, status, headers.get("X-Cache-Status"))
            assert not shows(body, title), (path, status, headers.get("X-Cache-Status"))
