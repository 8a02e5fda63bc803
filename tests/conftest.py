"""Fixtures and tiny factories. Every test database is real PostgreSQL (make test)."""

import importlib
import itertools
import re
import socket
import time
from contextlib import contextmanager
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
import reversion
from django.db import connection, connections
from django.utils import timezone

from articles.caching import sections, state
from articles.models import Article, Contributor, Credit, Section
from articles.publishing import publish
from articles.text import slugify

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
SEED_STORY = SEEDS / "000_65d426075bc11c13.txt"

_numbers = itertools.count(1)


def db_now():
    """The database's clock, which decides what readers see."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT STATEMENT_TIMESTAMP()")
        return cursor.fetchone()[0]


def make_section(name="Welt", **fields) -> Section:
    fields.setdefault("slug", slugify(name) or f"section-{next(_numbers)}")
    return Section.objects.create(name=name, **fields)


def make_contributor(name="Anna Schmidt", **fields) -> Contributor:
    fields.setdefault("slug", f"{slugify(name)}-{next(_numbers)}")
    return Contributor.objects.create(name=name, **fields)


def make_article(
    headline="Nordkorea schickt weitere Soldaten",
    *,
    section=None,
    published=True,
    published_at=None,
    authors=(),
    **fields,
) -> Article:
    """A story; published an hour ago unless told otherwise."""
    with reversion.create_revision():  # as every real save path does
        article = Article.objects.create(
            headline=headline,
            slug=slugify(headline),
            section=section or Section.objects.first() or make_section(),
            **fields,
        )
    for order, name in enumerate(authors):
        Credit.objects.create(
            article=article, contributor=make_contributor(name), role="author", order=order
        )
    if published:
        article = publish(article, at=published_at or timezone.now() - timedelta(hours=1))
    return article


def running(pid: int) -> bool:
    """Whether the process exists and has not ended (an orphaned zombie has ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def wait_for(condition, seconds=5.0) -> bool:
    """Whether `condition()` came true within `seconds` (asked every 20 ms)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


@contextmanager
def database_unreachable():
    """Point this process's connection at a loopback port where no PostgreSQL answers: every
    query fails to connect, as when the server is stopped, until the block ends."""
    wrapper = connections["default"]
    wrapper.close()
    saved = dict(wrapper.settings_dict)
    wrapper.settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    try:
        yield
    finally:
        wrapper.close()
        wrapper.settings_dict.clear()
        wrapper.settings_dict.update(saved)


@contextmanager
def listening_watch(monkeypatch, **options):
    """A content-state watch of the test's own in place of the process's, its listener
    connected (state.ContentStateWatch), and stopped afterwards."""
    watch = state.ContentStateWatch(**options)
    monkeypatch.setattr(state, "watch", watch)
    watch.current()  # starts the listener
    assert wait_for(lambda: watch.listening), "the listener did not connect"
    try:
        yield watch
    finally:
        watch.stop()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Strong hashing costs a third of a second per user; tests do not need it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def main_language():
    """Each test starts in the site's main language, as a new request does: a request
    leaves its language active in the test's thread, which made later tests' messages
    depend on the order the tests ran in."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """Each test starts with an empty cache, as the database starts empty. The page cache is
    off unless a test turns it on (test_caching.py): tests move the clock with update()."""
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    sections.forget_sections()
    yield
    cache.clear()
    sections.forget_sections()


@pytest.fixture
def section(db):
    return make_section()


@pytest.fixture
def seed_story():
    if not SEED_STORY.exists():
        pytest.skip(f"the seed story is not here: {SEED_STORY}")
    return SEED_STORY


_roles_apps = None


def ensure_roles() -> None:
    """The Reporter and Editor groups come from data migration 0002. A transactional test
    (live server, backups) ends with a flush that empties them; run the migration's own
    create_roles again, with its historical models, when they are missing."""
    global _roles_apps
    from django.contrib.auth.models import Group
    from django.db.migrations.loader import MigrationLoader

    if Group.objects.filter(name__in=["Reporter", "Editor"]).count() == 2:
        return
    if _roles_apps is None:
        loader = MigrationLoader(None, ignore_no_migrations=True)
        _roles_apps = loader.project_state(("articles", "0002_roles")).apps
    importlib.import_module("articles.migrations.0002_roles").create_roles(_roles_apps, None)


def make_user(username: str, role: str | None = None, **fields):
    from django.contrib.auth.models import Group, User

    if role:
        ensure_roles()

    user = User.objects.create_user(username, password="pw-for-tests-only", is_staff=True, **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reporter(db):
    return make_user("rita", "Reporter")


@pytest.fixture
def other_reporter(db):
    return make_user("rolf", "Reporter")


@pytest.fixture
def editor(db):
    return make_user("erika", "Editor")


@pytest.fixture
def superuser(db):
    return make_user("root", is_superuser=True)


class _FormParser(HTMLParser):
    """Collect what a browser would submit from the first form with the given id."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        name = attrs.get("name")
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            value = self.data[self._textarea]
            self.data[self._textarea] = value[1:] if value.startswith("\n") else value
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_data(response, form_id="article_form") -> dict:
    """The fields of an admin form as a browser would post them back, unchanged."""
    parser = _FormParser(form_id)
    parser.feed(response.content.decode())
    return parser.data


def words_of(html: str) -> str:
    """What a page says, without its markup: credited names are links, for example."""
    return re.sub(r"<[^>]+>", "", html)
