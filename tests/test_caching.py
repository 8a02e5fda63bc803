"""Whole-page caching: hits are cheap, and every change shows on the very next request."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import publishing
from articles.caching import state
from articles.models import Article, Correction, Credit
from tests.conftest import (
    db_now,
    listening_watch,
    make_article,
    make_contributor,
    make_section,
    words_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["state read per request", "state kept by the listener"])
def page_cache_on(request, settings, monkeypatch):
    """Every test runs twice: each request reads the content state, or the process keeps it
    until told of a change (production's way; tests/test_content_state.py covers the rest)."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.CONTENT_STATE_LISTENER = request.param.endswith("listener")
    if not settings.CONTENT_STATE_LISTENER:
        yield 1
        return
    with listening_watch(monkeypatch):
        yield 0


@pytest.fixture
def story():
    article = make_article("Alte Überschrift", section=make_section("Politik"), language="de")
    anna = make_contributor("Anna Schmidt")
    Credit.objects.create(article=article, contributor=anna, role="author")
    article.tags.add("Verkehr")
    return Article.objects.get(pk=article.pk)


def pages_of(article):
    credit = article.credits.get()
    return [
        "/",
        article.section.get_absolute_url(),
        "/thema/verkehr/",
        credit.contributor.get_absolute_url(),
        "/feeds/rss/",
        "/feeds/atom/",
        f"/feeds/section/{article.section.slug}/rss/",
        "/sitemap-news.xml",
        article.get_absolute_url(),
    ]


def warm(client, urls):
    for url in urls:
        assert client.get(url).status_code == 200
        assert client.get(url)["X-Page-Cache"] == "hit", url


def test_a_cached_page_costs_one_query_or_none(
    client, story, page_cache_on, django_assert_num_queries
):
    url = story.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(page_cache_on):
        response = client.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert "Alte Überschrift" in response.content.decode()


def test_an_edit_shows_on_every_page_at_the_next_request(client, story, editor):
    urls = pages_of(story)
    warm(client, urls)
    story.headline = "Neue Überschrift"
    publishing.save_edit(story, by=editor, expected_version=story.version)
    for url in urls:
        html = client.get(url).content.decode()
        assert "Neue Überschrift" in html, url
        assert "Alte Überschrift" not in html, url


def test_unpublishing_removes_the_story_from_every_cached_page(client, story, editor):
    urls = pages_of(story)
    warm(client, urls)
    publishing.unpublish(story, by=editor)
    assert client.get(story.get_absolute_url()).status_code == 404
    for url in urls[:-1]:
        assert "Alte Überschrift" not in client.get(url).content.decode(), url


def test_a_correction_shows_at_once(client, story):
    warm(client, [story.get_absolute_url()])
    Correction.objects.create(article=story, text="Die Zahl war falsch.")
    assert "Die Zahl war falsch." in client.get(story.get_absolute_url()).content.decode()


def test_renaming_a_contributor_or_section_shows_at_once(client, story):
    urls = pages_of(story)
    warm(client, urls)
    anna = story.credits.get().contributor
    anna.name = "Anna Schmidt-Weber"
    anna.save()
    section = story.section
    section.name = "Innenpolitik"
    section.save()
    article_html = client.get(story.get_absolute_url()).content.decode()
    assert "Von Anna Schmidt-Weber" in words_of(article_html)
    assert "Innenpolitik" in client.get("/").content.decode()


def test_a_scheduled_story_appears_on_cached_pages_when_its_time_comes(
    client, story, editor, monkeypatch
):
    later = make_article("Geplante Meldung", section=story.section)
    later = publishing.publish(later, by=editor, at=timezone.now() + timedelta(hours=1))
    warm(client, ["/", story.section.get_absolute_url()])
    assert "Geplante Meldung" not in client.get("/").content.decode()
    # An hour passes (simulated on the database's clock and the process's); nobody touches
    # anything.
    Article.objects.filter(pk=later.pk).update(published_at=db_now() - timedelta(seconds=1))
    monkeypatch.setattr(state.watch, "clock", lambda: time.monotonic() + 3601)
    assert "Geplante Meldung" in client.get("/").content.decode()
    assert "Geplante Meldung" in client.get(story.section.get_absolute_url()).content.decode()


def test_editors_are_never_served_from_or_stored_in_the_cache(client, story, editor):
    url = story.get_absolute_url()
    client.force_login(editor)
    first = client.get(url)
    second = client.get(url)
    assert "X-Page-Cache" not in second
    assert "no-store" in second["Cache-Control"] and "private" in second["Cache-Control"]
    assert first.status_code == 200
    client.logout()
    assert "X-Page-Cache" not in client.get(url)  # the editor's visit stored nothing


def test_preview_links_are_never_cached(client, editor):
    from articles.publishing import share_preview

    draft = make_article("Vorschau", published=False)
    url = f"/vorschau/{share_preview(draft, by=editor).token}/"
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"]


def test_anonymous_pages_are_public_for_proxies_and_answer_conditional_requests(client, story):
    url = story.get_absolute_url()
    response = client.get(url)
    cache_control = response["Cache-Control"]
    for part in ["public", "s-maxage=5", "stale-while-revalidate=30", "stale-if-error=300"]:
        assert part in cache_control
    assert response["ETag"] and response["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    assert since.content == b""


def test_search_results_pages_are_cached_but_still_correct(client, story, editor):
    client.get("/suche/", {"q": "Überschrift"})
    story.headline = "Ganz anders"
    publishing.save_edit(story, by=editor, expected_version=story.version)
    html = client.get("/suche/", {"q": "Überschrift"}).content.decode()
    assert "Alte Überschrift" not in html


def test_a_new_release_serves_no_page_the_old_code_rendered(client, story, settings):
    url = story.get_absolute_url()
    warm(client, [url])
    settings.RELEASE = "the-next-release"
    response = client.get(url)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert client.get(url)["X-Page-Cache"] == "hit"  # and caches it again under the new one


def test_a_process_reads_the_section_list_once_per_content_generation(
    client, story, django_assert_num_queries
):
    def section_list_reads(url):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return sum('FROM "articles_section"' in query["sql"] for query in queries)

    section = story.section.get_absolute_url()
    # menu, the section's family and its sub-section list share one read
    assert section_list_reads(section + "?page=1&a") == 1
    assert section_list_reads(section + "?page=1&b") == 0  # another page-cache miss
    make_section("Wirtschaft")  # a content change: the list is read again
    assert section_list_reads(section + "?page=1&c") == 1
