"""Nothing a reader should not see leaks, on any public surface, in any combination of states.

Hypothesis builds small newsrooms of stories in every state — published, draft, in review,
scheduled, archived, deleted — spread over sections, sub-sections, tags, contributors and
languages, with translations between them. Every public surface is then fetched and no
hidden story's marker word may appear anywhere: pages, related lists, JSON-LD, feeds,
sitemaps, search results and their counts, 404 and 410 pages.
"""

import re
import uuid
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from articles import publishing
from articles.models import Article, Contributor, Credit, Section
from tests.conftest import (
    database_unreachable,
    db_now,
    make_article,
    make_contributor,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db

STATES = ["published", "draft", "review", "scheduled", "archived", "deleted"]

story_strategy = st.fixed_dictionaries(
    {
        "state": st.sampled_from(STATES),
        "section": st.integers(0, 2),
        "tags": st.sets(st.integers(0, 2), max_size=3),
        "contributors": st.sets(st.integers(0, 1), max_size=2),
        "language": st.sampled_from(["de", "en"]),
        "translate_previous": st.booleans(),
        "breaking": st.booleans(),
    }
)


def build(plans):
    world = make_section("Welt", order=1)
    local = make_section("Lokales", order=2)
    town = make_section("Neustadt", parent=local, order=3)
    sections = [world, local, town]
    people = [make_contributor("Anna Schmidt"), make_contributor("Gawon Bae", affiliation="CNN")]
    stories = []
    for number, plan in enumerate(plans):
        marker = f"Zqmarker{number:03d}x"
        previous = stories[-1][0] if stories else None
        translation_of = (
            previous
            if plan["translate_previous"]
            and previous is not None
            and previous.language != plan["language"]
            and previous.translation_of_id is None
            and not Article.objects.filter(
                translation_of=previous, language=plan["language"]
            ).exists()
            else None
        )
        story = make_article(
            f"{marker} Schlagzeile",
            section=sections[plan["section"]],
            language=plan["language"],
            standfirst=f"{marker} im Vorspann",
            body=f"<p>{marker} im Text, Soldaten und Wahlen.</p>",
            is_breaking=plan["breaking"],
            translation_of=translation_of,
            published=plan["state"] in {"published", "scheduled", "archived", "deleted"},
            published_at=db_now()
            + (
                timedelta(hours=2) if plan["state"] == "scheduled" else -timedelta(hours=number + 1)
            ),
        )
        if plan["state"] in {"draft", "review", "archived", "deleted"}:
            Article.objects.filter(pk=story.pk).update(status=plan["state"])
        story.tags.add(*[f"Thema {tag}" for tag in plan["tags"]])
        for order, index in enumerate(sorted(plan["contributors"])):
            Credit.objects.create(
                article=story, contributor=people[index], role="author", order=order
            )
        stories.append((story, marker, plan["state"] == "published"))
    return sections, people, stories


def surfaces(client, sections, people, stories):
    """Every public URL worth reading, with sitemap pages found through the index."""
    translation.activate("de")  # a request leaves its language active; German addresses first
    urls = ["/", "/?page=2", "/en/", "/feeds/", "/robots.txt", "/sitemap.xml"]
    for section in sections:
        urls += [section.get_absolute_url(), f"/feeds/section/{section.slug}/rss/"]
        urls += [f"/feeds/section/{section.slug}/atom/"]
    for tag in range(3):
        urls += [
            f"/thema/thema-{tag}/",
            f"/feeds/tag/thema-{tag}/rss/",
            f"/feeds/tag/thema-{tag}/atom/",
        ]
    for person in people:
        urls += [person.get_absolute_url(), f"/feeds/author/{person.slug}/rss/"]
    urls += ["/feeds/rss/", "/feeds/atom/", "/suche/?q=Soldaten", "/en/search/?q=Soldaten"]
    urls += ["/en/feeds/rss/", "/en/feeds/atom/", "/en/?page=2"]
    urls += [f"/en/topic/thema-{tag}/" for tag in range(3)]
    with translation.override("en"):
        for section in sections:
            urls += [section.get_absolute_url(), f"/en/feeds/section/{section.slug}/rss/"]
        urls += [person.get_absolute_url() for person in people]
    for story, _marker, _public in stories:
        urls += [
            f"/{story.section.slug}/{story.slug}-{story.pk}/",
            f"/{story.section.slug}/irgendwas-{story.pk}/",
            f"/en/{story.section.slug}/{story.slug}-{story.pk}/",
        ]
    index = client.get("/sitemap.xml").content.decode()
    for location in re.findall(r"<loc>https?://[^/]+(/[^<]+)</loc>", index):
        urls.append(location)
    return urls


@given(plans=st.lists(story_strategy, min_size=1, max_size=7))
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_hidden_stories_appear_nowhere(client, plans):
    with transaction.atomic():
        sections, people, stories = build(plans)
        bodies = {}
        for url in surfaces(client, sections, people, stories):
            response = client.get(url, follow=True)
            assert response.status_code in {200, 404, 410}, (url, response.status_code)
            bodies[url] = response.content.decode()
        for _story, marker, public in stories:
            if public:
                continue
            for url, body in bodies.items():
                assert marker not in body, f"hidden story {marker} leaked on {url}"
        for language, search in [("de", "/suche/?q=Soldaten"), ("en", "/en/search/?q=Soldaten")]:
            public = sum(1 for story, _, public in stories if public and story.language == language)
            found = re.search(r"(\d+) (?:Artikel gefunden|stor(?:y|ies) found)", bodies[search])
            shown = int(found[1]) if found else 0
            # Every story mentions "Soldaten"; each edition counts exactly its public ones.
            assert shown == public, search
        transaction.set_rollback(True)


# --- The same walk while PostgreSQL is unreachable ---------------------------------------------
#
# A story is published and read (every surface keeps a copy), then taken away from readers
# through the editors' own write path, and then the database goes away. No copy kept by any
# cache may show it: readers get a page without it, its 404 or 410, or the friendly 503.

TAKEDOWNS = {
    "draft": lambda story, editor: publishing.unpublish(story, by=editor),
    "review": lambda story, editor: publishing.submit(
        publishing.unpublish(story, by=editor), by=editor
    ),
    "scheduled": lambda story, editor: publishing.publish(
        story, by=editor, at=timezone.now() + timedelta(hours=3)
    ),
    "archived": lambda story, editor: publishing.archive(story, by=editor),
    "deleted": lambda story, editor: publishing.delete(story, by=editor),
}

outage_strategy = st.fixed_dictionaries(
    {
        "plans": st.lists(story_strategy, min_size=2, max_size=5),
        "takedowns": st.lists(st.sampled_from(sorted(TAKEDOWNS)), min_size=1, max_size=3),
        "read_again_before_the_outage": st.booleans(),
    }
)


def wipe():
    Article.objects.all().delete()
    Contributor.objects.all().delete()
    Section.objects.exclude(parent=None).delete()
    Section.objects.all().delete()
    Tag.objects.all().delete()


def read_all(client, urls) -> dict[str, tuple[int, str]]:
    pages = {}
    for url in urls:
        response = client.get(url)
        pages[url] = (response.status_code, response.content.decode())
    return pages


@given(world=outage_strategy)
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.django_db(transaction=True)
def test_no_kept_copy_shows_a_taken_down_story_while_the_database_is_down(client, settings, world):
    settings.PAGE_CACHE_SECONDS = 600
    editor = make_user(f"editor-{uuid.uuid4().hex[:8]}", "Editor")
    plans = [{**plan, "state": "published"} for plan in world["plans"]]
    try:
        sections, people, stories = build(plans)
        urls = surfaces(client, sections, people, stories)
        before = read_all(client, urls)
        assert any(stories[0][1] in body for _, body in before.values())
        taken = {}
        for (story, marker, _), how in zip(stories, world["takedowns"], strict=False):
            TAKEDOWNS[how](Article.objects.get(pk=story.pk), editor)
            taken[marker] = (how, story)
        if world["read_again_before_the_outage"]:
            read_all(client, urls)
        with database_unreachable():
            during = read_all(client, urls)
        for url, (status, body) in during.items():
            assert status in {200, 301, 404, 410, 503}, (url, status)
            for marker, (how, _story) in taken.items():
                assert marker not in body, f"{how} story {marker} came back on {url} ({status})"
        if world["read_again_before_the_outage"]:
            # Read since the takedown: the copies kept are the new ones, so pages still answer,
            # and a taken-down story's own address gives its 404 or 410, not a stale 200.
            for marker, (how, story) in taken.items():
                status, _ = during[f"/{story.section.slug}/{story.slug}-{story.pk}/"]
                expected = {"deleted": 410, "archived": 410}.get(how, 404)
                assert status == expected, (marker, how, status)
            assert during["/"][0] == 200
    finally:
        wipe()


@pytest.mark.django_db(transaction=True)
def test_after_an_address_change_no_kept_page_answers_at_the_old_address(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    editor = make_user("umzug", "Editor")
    story = make_article("Alte Adresse", section=make_section("Politik"))
    old = story.get_absolute_url()
    assert client.get(old).status_code == 200
    story.slug = "neue-adresse"
    story = publishing.save_edit(story, by=editor, expected_version=story.version)
    with database_unreachable():
        unread = client.get(old)
    assert unread.status_code == 503  # not the page kept from before the change
    assert client.get(old).status_code == 301  # read again: the redirect stands in
    with database_unreachable():
        moved = client.get(old)
    assert moved.status_code == 301 and moved["Location"] == story.get_absolute_url()
