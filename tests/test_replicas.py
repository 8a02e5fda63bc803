"""Read replicas (newsroom/replicas.py): readers read from a replica, editors from the primary,
and a replica's trouble never reaches a reader.

The replica here is a second alias of the test database itself (as DATABASE_REPLICA_URLS
would add it), or one at a port where nothing answers. The tests commit for real
(transaction=True): the replica's connection sees only what is committed.
"""

from contextlib import contextmanager

import psycopg2
import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from articles.caching import state
from newsroom import replicas
from tests.conftest import _closed_port, listening_watch, make_article, make_user, wait_for

REPLICA = "replica1"
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """REPLICA as settings.py makes it of a DATABASE_REPLICA_URLS entry: the test database."""
    default = connections["default"].settings_dict
    connections.settings[REPLICA] = {**default, "TEST": {**default["TEST"], "MIRROR": "default"}}
    yield
    connections[REPLICA].close()
    del connections.settings[REPLICA]
    if hasattr(connections._connections, REPLICA):
        delattr(connections._connections, REPLICA)


@pytest.fixture
def replica(settings, monkeypatch):
    """Routing on, as settings.py turns it on when replicas are configured."""
    settings.DATABASE_ROUTERS = ["newsroom.replicas.ReplicaRouter"]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("articles.caching.pages.PageCacheMiddleware"),
        "newsroom.replicas.ReplicaMiddleware",
    )
    settings.MIDDLEWARE = middleware
    monkeypatch.setattr(replicas, "health", replicas.ReplicaHealth())
    return REPLICA


@pytest.fixture
def dark_replica(replica):
    """The replica's server is gone: nothing answers at its port."""
    wrapper = connections[REPLICA]
    wrapper.close()
    saved = dict(wrapper.settings_dict)
    wrapper.settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    yield REPLICA
    wrapper.close()
    wrapper.settings_dict.update(saved)


@pytest.fixture
def story():
    return make_article("Hochwasser an der Oder")


@contextmanager
def reads():
    """The SELECTs each database ran inside the block: {"default": [...], REPLICA: [...]}."""
    found = {}
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        yield found
    for alias, captured in (("default", primary), (REPLICA, replica)):
        found[alias] = [q["sql"] for q in captured if q["sql"].lstrip().startswith("SELECT")]


def lag_checks(sql: list[str]) -> int:
    return sum(query == replicas.LAG_SQL for query in sql)


@pytest.mark.parametrize(
    "path",
    ["/", "story", "/suche/?q=Hochwasser", "/feeds/rss/", "/sitemap-articles.xml"],
)
def test_a_readers_pages_feeds_sitemaps_and_search_are_read_from_the_replica(
    replica, client, story, path
):
    path = story.get_absolute_url() if path == "story" else path
    with reads() as selects:
        response = client.get(path)
    assert response.status_code == 200
    assert "hochwasser-an-der-oder" in response.content.decode()
    assert selects["default"] == []
    assert len(selects[REPLICA]) > lag_checks(selects[REPLICA])


def test_with_the_page_cache_on_the_state_and_the_page_come_from_the_same_replica(
    replica, client, story, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    with reads() as selects:
        assert client.get("/").status_code == 200
    assert selects["default"] == []
    assert any("articles_sitestate" in sql for sql in selects[REPLICA])
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_editors_and_the_admin_read_from_the_primary(replica, client, story):
    with reads() as selects:
        assert client.get("/admin/login/").status_code == 200
        client.force_login(make_user("erika", "Editor"))
        assert client.get("/admin/").status_code == 200
        assert client.get(story.get_absolute_url()).status_code == 200
    assert selects[REPLICA] == []
    assert selects["default"]


def test_a_post_pins_the_browser_to_the_primary_for_a_while(replica, client, story, settings):
    with reads() as selects:
        response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
        assert client.get(story.get_absolute_url()).status_code == 200
    assert selects[REPLICA] == []
    pin = response.cookies[replicas.PIN_COOKIE]
    assert pin["max-age"] == settings.REPLICA_PIN_SECONDS
    assert pin["httponly"]
    del client.cookies[replicas.PIN_COOKIE]  # the browser drops it when its time is up
    with reads() as selects:
        assert client.get(story.get_absolute_url()).status_code == 200
    assert selects["default"] == []


def test_a_replica_that_is_down_is_skipped_and_the_reader_gets_the_page(
    dark_replica, client, story
):
    response = client.get("/")
    assert response.status_code == 200
    assert "Hochwasser" in response.content.decode()
    health = client.get("/healthz")
    assert health.status_code == 200  # the primary answers: the server stays in
    assert health.json()["replicas"] == {REPLICA: "skipped"}


@pytest.mark.parametrize("page_cache_seconds", [0, 600])
def test_a_replica_that_fails_mid_request_is_answered_from_the_primary(
    dark_replica, client, story, settings, monkeypatch, page_cache_seconds
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    # The check found it well; it went away before the request's first query.
    monkeypatch.setattr(replicas.ReplicaHealth, "_ask", staticmethod(lambda alias: True))
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Hochwasser" in response.content.decode()
    assert replicas.health.answers() == {REPLICA: "skipped"}  # until asked again


@pytest.fixture
def still_clock():
    """Time stands still for the replica checks: however slow the machine, the next check is
    not due."""
    replicas.health.clock = lambda: 1000.0


def test_a_replica_lagging_beyond_the_limit_is_skipped(
    replica, still_clock, client, story, monkeypatch
):
    monkeypatch.setattr(replicas, "LAG_SQL", "SELECT 60.0")  # what a replica 60 s behind says
    with reads() as selects:
        assert client.get("/").status_code == 200
        assert client.get("/").status_code == 200
    assert selects[REPLICA] == ["SELECT 60.0"]  # asked once for both requests, then skipped
    assert selects["default"]


def test_a_replica_within_the_limit_is_used_and_asked_at_most_every_few_seconds(
    replica, still_clock, client, story, monkeypatch, settings
):
    monkeypatch.setattr(replicas, "LAG_SQL", "SELECT 4.0")
    settings.REPLICA_MAX_LAG_SECONDS = 5
    with reads() as selects:
        for _ in range(3):
            assert client.get("/").status_code == 200
    assert selects["default"] == []
    assert selects[REPLICA].count("SELECT 4.0") == 1
    assert client.get("/healthz").json()["replicas"] == {REPLICA: "ok"}


def test_a_skipped_replica_is_asked_again_after_a_while(replica, monkeypatch):
    now = [1000.0]
    replicas.health.clock = lambda: now[0]
    monkeypatch.setattr(replicas, "LAG_SQL", "SELECT 60.0")
    assert not replicas.health.usable(REPLICA)
    monkeypatch.setattr(replicas, "LAG_SQL", "SELECT 0.5")  # it has caught up
    assert not replicas.health.usable(REPLICA)  # but is not asked again yet
    now[0] += replicas.CHECK_SECONDS
    assert replicas.health.usable(REPLICA)


def test_the_lag_check_says_a_primary_is_not_behind(replica):
    assert replicas.health.usable(REPLICA)


def test_a_change_notifies_its_generation(story):
    listener = psycopg2.connect(**connections["default"].get_connection_params())
    listener.autocommit = True
    try:
        with listener.cursor() as cursor:
            cursor.execute(f"LISTEN {state.CHANNEL}")
        story.headline = "Hochwasser an der Elbe"
        story.save()
        generation = state.read_content_state()[0].generation
        assert wait_for(lambda: listener.poll() or listener.notifies)
        assert [n.payload for n in listener.notifies] == [str(generation)]
    finally:
        listener.close()


def test_a_replica_state_older_than_the_generation_heard_is_never_kept(
    replica, story, settings, monkeypatch
):
    settings.CONTENT_STATE_LISTENER = True
    other = psycopg2.connect(**connections["default"].get_connection_params())
    other.autocommit = True
    with listening_watch(monkeypatch, health_every=0.2) as watch, other.cursor() as primary:
        generation = state.read_content_state()[0].generation
        # The primary commits the next generation and says so; the replica (the same
        # database, whose counter is not moved yet) has not replayed it.
        primary.execute("SELECT pg_notify(%s, %s)", [state.CHANNEL, str(generation + 1)])
        assert wait_for(lambda: watch.heard == generation + 1)
        with replicas.reading_from(REPLICA), CaptureQueriesContext(connections[REPLICA]) as read:
            assert watch.current().generation == generation
            assert watch.current().generation == generation
            assert len(read) == 2  # read for each request, never kept
            assert watch.last_known() is None  # nor trusted to stand in for an outage
            primary.execute("UPDATE articles_sitestate SET generation = generation + 1")
            assert watch.current().generation == generation + 1  # it has caught up
            watch.current()
            assert len(read) == 3  # now kept until the next change
            assert watch.last_known().generation == generation + 1
    other.close()


def test_the_router_sends_writes_and_migrations_to_the_primary():
    router = replicas.ReplicaRouter()
    with replicas.reading_from(REPLICA):
        assert router.db_for_read(None) == REPLICA
        assert router.db_for_write(None) == "default"
    assert router.db_for_read(None) == "default"
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate(REPLICA, "articles")
