"""Surrogate keys on every public page, and the CDN purge hook a takedown calls."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from articles import publishing
from articles.caching import purge
from articles.models import Credit
from tests.conftest import make_article, make_contributor, make_section

pytestmark = pytest.mark.django_db


class PurgeAPI(ThreadingHTTPServer):
    """A CDN's purge endpoint on loopback: it records what it was asked."""

    def __init__(self, status=200):
        self.requests, self.status = [], status
        super().__init__(("127.0.0.1", 0), _Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/purge"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append((self.path, dict(self.headers), json.loads(body)))
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_api(settings):
    api = PurgeAPI()
    settings.CDN_PURGE_URL = api.url
    settings.CDN_PURGE_HEADERS = {"Fastly-Key": "secret-for-tests"}
    yield api
    api.shutdown()
    api.server_close()


@pytest.fixture
def story():
    article = make_article("Gerichtsbeschluss", section=make_section("Politik"))
    Credit.objects.create(article=article, contributor=make_contributor("Anna Schmidt"))
    article.tags.add("Justiz")
    make_article("Andere Meldung zur Justiz", section=article.section).tags.add("Justiz")
    return article


def keys_of(response) -> set[str]:
    keys = set(response["Surrogate-Key"].split())
    assert keys == set(response["Cache-Tag"].split(","))
    return keys


def test_every_page_that_shows_a_story_names_it_in_its_surrogate_keys(client, settings, story):
    settings.PAGE_CACHE_SECONDS = 600
    contributor = story.credits.get().contributor
    other = make_article("Nachbarmeldung", section=story.section)
    pages = {
        "/": set(),
        story.section.get_absolute_url(): {f"section-{story.section_id}"},
        "/thema/justiz/": {f"tag-{story.tags.get().pk}"},
        contributor.get_absolute_url(): {f"contributor-{contributor.pk}"},
        "/feeds/rss/": set(),
        f"/feeds/section/{story.section.slug}/atom/": set(),
        "/suche/?q=Gerichtsbeschluss": {"search"},
        other.get_absolute_url(): {f"story-{other.pk}"},  # lists it as a related story
        story.get_absolute_url(): {
            f"section-{story.section_id}",
            f"contributor-{contributor.pk}",
            f"tag-{story.tags.get().pk}",
        },
    }
    for url, own in pages.items():
        for attempt in ("rendered", "from the page cache"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert {"site", f"story-{story.pk}", *own} <= keys_of(response), (url, attempt)
    moved = client.get(f"/{story.section.slug}/alte-adresse-{story.pk}/")
    assert moved.status_code == 301 and f"story-{story.pk}" in keys_of(moved)
    assert "sitemaps" in keys_of(client.get("/sitemap.xml"))


@pytest.mark.parametrize(
    "takedown",
    [
        lambda story, editor: publishing.unpublish(story, by=editor),
        lambda story, editor: publishing.archive(story, by=editor),
        lambda story, editor: publishing.delete(story, by=editor),
    ],
    ids=["unpublish", "archive", "delete"],
)
def test_a_takedown_purges_its_storys_key_once_when_it_commits(
    story, editor, purge_api, takedown, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        takedown(story, editor)
        assert purge_api.requests == []  # nothing before the commit
    assert len(purge_api.requests) == 1
    path, headers, body = purge_api.requests[0]
    assert path == "/purge" and headers["Fastly-Key"] == "secret-for-tests"
    assert body == {"surrogate_keys": ["sitemaps", f"story-{story.pk}"]}


def test_a_rolled_back_change_purges_nothing(
    story, editor, purge_api, django_capture_on_commit_callbacks
):
    section = story.section
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(publishing.ValidationError), transaction.atomic():
            publishing.unpublish(story, by=editor)
            raise publishing.ValidationError("the editor changed her mind")
        section.name = "Innenpolitik"  # a change that commits
        section.save()
    assert [body for _, _, body in purge_api.requests] == [
        {"surrogate_keys": [f"section-{section.pk}"]}  # not the story rolled back
    ]


def test_the_field_name_follows_the_cdn(
    story, editor, purge_api, settings, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE_FIELD = "tags"  # Cloudflare's purge_cache
    section = story.section
    with django_capture_on_commit_callbacks(execute=True):
        section.name = "Innenpolitik"
        section.save()
    assert purge_api.requests[0][2] == {"tags": [f"section-{section.pk}"]}


def test_an_unreachable_purge_api_is_logged_and_the_takedown_stands(
    story, editor, settings, caplog, django_capture_on_commit_callbacks
):
    api = PurgeAPI()
    settings.CDN_PURGE_URL = api.url
    api.shutdown()
    api.server_close()  # nothing listens there any more
    with django_capture_on_commit_callbacks(execute=True):
        publishing.unpublish(story, by=editor)
    story.refresh_from_db()
    assert story.status == "draft"
    assert f"CDN purge of sitemaps story-{story.pk} failed" in caplog.text


def test_without_a_purge_url_nothing_is_sent(
    story, editor, settings, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE_URL = ""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publishing.unpublish(story, by=editor)
    assert not any(isinstance(callback, purge._Batch) for callback in callbacks)
    assert callbacks  # the receiver's own callbacks are there
