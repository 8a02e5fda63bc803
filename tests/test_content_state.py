"""The content state each process keeps until PostgreSQL says it changed (caching/state.py).

These tests commit for real (transaction=True): NOTIFY is delivered only on commit. A
second, plain psycopg2 connection stands in for another app server.
"""

import time
from datetime import timedelta

import psycopg2
import pytest
from django.db import connection

from articles.caching import state as caching
from articles.models import Article
from tests.conftest import db_now, listening_watch, make_article, make_section, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def watch(settings, monkeypatch):
    settings.CONTENT_STATE_LISTENER = True
    settings.PAGE_CACHE_SECONDS = 600
    with listening_watch(monkeypatch, health_every=0.2) as watch:
        yield watch


@pytest.fixture
def other_server():
    """A connection of another process: what it commits, this process only hears of."""
    other = psycopg2.connect(**connection.get_connection_params())
    yield other
    other.close()


def settle(watch):
    """Let the notifications of this test's own commits reach the listener: wait until the
    state the watch keeps is the database's (a loaded machine may deliver them late), then a
    moment more for any that are still on their way."""
    assert wait_for(lambda: watch.current() == caching.read_content_state()[0], seconds=5)
    time.sleep(0.3)


def bump_from(other) -> None:
    with other.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_sitestate (id, generation, changed_at) VALUES (1, 1, now())"
            " ON CONFLICT (id) DO UPDATE SET generation = articles_sitestate.generation + 1"
        )
        cursor.execute(f"NOTIFY {caching.CHANNEL}")


def test_the_state_is_read_once_then_kept(watch, django_assert_num_queries):
    make_article("Erste Meldung")
    settle(watch)
    watch.current()
    with django_assert_num_queries(0):
        for _ in range(5):
            state = watch.current()
    assert state.newest_published_at is not None


def test_another_servers_commit_is_heard_and_an_uncommitted_change_is_not(
    watch, other_server, django_assert_num_queries
):
    make_article("Erste Meldung")
    settle(watch)
    before = watch.current().generation
    bump_from(other_server)  # inside other_server's open transaction: not yet committed
    time.sleep(0.3)
    with django_assert_num_queries(0):
        assert watch.current().generation == before
    other_server.commit()
    assert wait_for(lambda: watch.current().generation == before + 1)


def test_this_process_sees_its_own_change_at_once(watch):
    story = make_article("Erste Meldung")
    before = watch.current().generation
    Article.objects.filter(pk=story.pk).update(headline="x")  # no signal: state unchanged
    assert watch.current().generation == before
    story.headline = "Zweite Fassung"
    story.save()  # signals: content_changed in this process
    assert watch.current().generation > before


def test_a_scheduled_story_ends_the_kept_state_when_its_time_comes(watch):
    make_article("Alt", published_at=db_now() - timedelta(hours=1))
    due = db_now() + timedelta(seconds=1.2)
    make_article("Geplant", published_at=due)
    assert watch.current().newest_published_at < due
    assert wait_for(lambda: watch.current().newest_published_at == due, seconds=3)


def test_without_the_listener_every_request_reads_the_state(
    watch, other_server, django_assert_num_queries
):
    make_article("Erste Meldung")
    with other_server.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [watch.backend_pid])
    other_server.commit()
    assert wait_for(lambda: not watch.listening)
    with django_assert_num_queries(2):
        watch.current()
        watch.current()
    # It connects again by itself, and keeps the state again.
    assert wait_for(lambda: watch.listening, seconds=5)
    settle(watch)
    watch.current()
    with django_assert_num_queries(0):
        watch.current()


def test_a_cached_page_needs_no_database_and_shows_a_commit_at_once(
    watch, client, other_server, django_assert_num_queries
):
    story = make_article("Alte Überschrift", section=make_section("Politik"))
    url = story.get_absolute_url()
    settle(watch)
    client.get(url)
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    with other_server.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET headline = 'Neue Überschrift' WHERE id = %s", [story.pk]
        )
    bump_from(other_server)
    other_server.commit()
    assert wait_for(lambda: "Neue Überschrift" in client.get(url).content.decode())


def test_only_a_state_read_while_the_listener_heard_everything_may_stand_in_for_an_outage(
    watch, other_server
):
    make_article("Erste Meldung")
    settle(watch)
    state = watch.current()
    assert watch.last_known() == state
    bump_from(other_server)  # another server's change, heard
    other_server.commit()
    assert wait_for(lambda: watch.last_known() is None)
    settle(watch)
    state = watch.current()
    with other_server.cursor() as cursor:  # the listener loses the database
        cursor.execute("SELECT pg_terminate_backend(%s)", [watch.backend_pid])
    other_server.commit()
    assert wait_for(lambda: not watch.listening)
    assert watch.last_known() == state  # it heard everything until the loss
    bump_from(other_server)  # a change it cannot hear now
    other_server.commit()
    watch.current()  # read without the listener
    assert watch.last_known() is None  # so no read of this time stands in
    assert wait_for(lambda: watch.listening, seconds=5)
    settle(watch)
    assert watch.last_known() == caching.read_content_state()[0]
