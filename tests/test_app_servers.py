"""Two app servers behind one balancer share what a signed-in editor has: the session and the
login throttle live in PostgreSQL (Django's database sessions, django-axes' database
handler), not in a process.

Two gunicorn servers (deploy/gunicorn.conf.py, DEBUG off), each its own process on its own
loopback port, serve one database of their own on the tests' server. Every process is one
this module started, ended by its PID.
"""

import contextlib
import html
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

import pytest

from deploy import stack
from tests.test_production_stack import HOST, database_url, free_ports, manage, recreate_database

EDITOR, PASSWORD = "erika", "sicheres-passwort-für-zwei-server"
FAILURE_LIMIT = 3


class Browser:
    """An editor's browser: one cookie jar, sent to whichever server it asks."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, url: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        request = urllib.request.Request(url, data=body, headers={"Cookie": cookie})
        opener = urllib.request.build_opener(NoRedirects)
        try:
            with opener.open(request, timeout=30) as response:
                status, headers, text = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, text = error.code, error.headers, error.read()
        for header in headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return status, text.decode(errors="replace")

    def sign_in(self, server: str, password: str) -> int:
        """Post the admin's sign-in form on `server`, as it gave it; the answer's status."""
        _status, page = self.request(f"{server}/admin/login/")
        token = html.unescape(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1])
        status, _page = self.request(
            f"{server}/admin/login/?next=/admin/",
            {"csrfmiddlewaretoken": token, "username": EDITOR, "password": password},
        )
        return status


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test looks at the 302 itself


@contextlib.contextmanager
def app_servers(folder, count: int = 2):
    """`count` gunicorn servers on one database of their own; yields their base URLs."""
    name = urllib.parse.urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") + "_servers"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(name),
        "DEBUG": "0",
        "SECRET_KEY": "app-servers-test-only-" + "x" * 40,  # one key, as a deploy shares it
        "ALLOWED_HOSTS": HOST,
        "CONTENT_STATE_LISTENER": "1",
        "LOGIN_FAILURE_LIMIT": str(FAILURE_LIMIT),
        "WEB_CONCURRENCY": "1",
        "NEWSROOM_ADMIN_USER": EDITOR,
        "NEWSROOM_ADMIN_PASSWORD": PASSWORD,
    }
    recreate_database(name)
    servers = []
    try:
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "ensure_editor")
        urls = [f"http://{HOST}:{port}" for port in free_ports(count)]
        for number, url in enumerate(urls):
            bind = url.removeprefix("http://")
            servers.append(stack.gunicorn("newsroom.wsgi", bind, env, folder / f"app-{number}.log"))
            stack.wait_for_http(f"{url}/healthz", servers[-1])
        yield urls
    finally:
        for server in servers:
            stack.stop(server)
        recreate_database(name, create=False)


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    with app_servers(tmp_path_factory.mktemp("app-servers")) as urls:
        yield urls


def signed_in(status: int, page: str) -> bool:
    return status == 200 and f"<strong>{EDITOR}</strong>" in page


def test_a_session_begun_on_one_app_server_is_valid_on_the_other(two_servers):
    a, b = two_servers
    editor = Browser()
    assert not signed_in(*editor.request(f"{b}/admin/"))

    assert editor.sign_in(a, PASSWORD) == 302
    assert signed_in(*editor.request(f"{b}/admin/"))

    token = editor.cookies["csrftoken"]  # B takes A's CSRF cookie too
    status, _page = editor.request(f"{b}/admin/logout/", {"csrfmiddlewaretoken": token})
    assert status == 200  # signed out on B ...
    assert not signed_in(*editor.request(f"{a}/admin/"))  # ... is signed out on A


def test_failed_sign_ins_on_one_app_server_lock_the_editor_out_of_the_other(two_servers):
    a, b = two_servers
    attacker = Browser()
    failures = [attacker.sign_in(a, "falsches-passwort") for _ in range(FAILURE_LIMIT)]
    assert failures == [200] * (FAILURE_LIMIT - 1) + [429]  # the form again, then locked

    editor = Browser()
    assert editor.sign_in(b, PASSWORD) == 429  # the right password, refused while locked
    assert not signed_in(*editor.request(f"{b}/admin/"))
