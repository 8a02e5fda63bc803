"""Story cards are rendered once per version of what they show (articles/cards.py).

The page cache is off here (conftest), so every request renders its page; the card cache is
on. `response.templates` lists every template the request rendered.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import cards, publishing
from articles.models import Article, Contributor, Image, Section
from tests.conftest import db_now, make_article, make_section
from tests.test_images import encode, upload

pytestmark = pytest.mark.django_db

CARD = "articles/includes/article_card.html"


@pytest.fixture(autouse=True)
def card_cache_on(settings):
    settings.CARD_CACHE_SECONDS = 3600
    cache.clear()


@pytest.fixture
def front_page():
    politik = make_section("Politik")
    return [
        make_article(
            f"Meldung {number}",
            section=politik,
            authors=[f"Autorin {number}"],
            published_at=db_now() - timedelta(hours=number + 1),
        )
        for number in range(5)
    ]


def cards_rendered(response) -> int:
    return sum(template.name == CARD for template in response.templates)


def test_a_second_render_reuses_every_card(client, front_page):
    first = client.get("/")
    assert cards_rendered(first) >= len(front_page)
    second = client.get("/")
    assert cards_rendered(second) == 0
    assert second.content == first.content


def test_an_edit_renders_only_the_edited_storys_cards_again(client, front_page, editor):
    client.get("/")
    story = Article.objects.get(pk=front_page[2].pk)
    story.headline = "Meldung zwei, neu gefasst"
    publishing.save_edit(story, by=editor, expected_version=story.version)
    response = client.get("/")
    html = response.content.decode()
    assert "Meldung zwei, neu gefasst" in html and "Meldung 2<" not in html
    # the story appears as a section card and in the latest list: two variants, no others
    assert cards_rendered(response) == html.count("Meldung zwei, neu gefasst")


def test_renaming_a_contributor_shows_on_every_card_at_once(client, front_page):
    client.get("/")
    anna = Contributor.objects.get(name="Autorin 3")
    anna.name = "Anna Umbenannt"
    anna.save()
    html = client.get("/").content.decode()
    assert "Anna Umbenannt" in html and "Autorin 3" not in html


def test_a_sections_new_address_shows_on_every_card_at_once(client, front_page):
    client.get("/")
    section = Section.objects.get(slug="politik")
    section.slug = "inland"
    section.save()
    html = client.get("/").content.decode()
    assert "/inland/" in html and 'href="/politik/meldung' not in html


def test_a_pictures_new_alt_text_shows_on_its_cards(client, front_page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    image = publishing.save_image(
        Image(file=upload(encode()), alt_text="Ein Fluss", credit="Foto: N.N.")
    )
    Article.objects.filter(pk=front_page[0].pk).update(lead_image=image)
    story = Article.objects.get(pk=front_page[0].pk)
    story.save()  # as an editor's save would: a new modified_at
    assert 'alt="Ein Fluss"' in client.get("/").content.decode()
    image.alt_text = "Ein Fluss bei Nacht"
    image.save()
    assert 'alt="Ein Fluss bei Nacht"' in client.get("/").content.decode()


def test_cards_follow_the_readers_language(client, front_page):
    german = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert 'lang="de"' not in german.split("<main", 1)[1]  # German stories on a German page
    assert 'lang="de"' in english.split("<main", 1)[1]  # marked as German on the English page


def test_with_the_card_cache_off_every_card_is_rendered(client, front_page, settings):
    settings.CARD_CACHE_SECONDS = 0
    client.get("/")
    assert cards_rendered(client.get("/")) >= len(front_page)


def test_a_page_of_cached_cards_reads_no_card_content(client, front_page):
    """Once every card is cached, a list page reads each story's key (id, modified time),
    not what its card shows: no headline, no section or picture joined, no bylines."""
    client.get("/politik/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/politik/").content.decode()
    assert all(story.headline in html for story in front_page)
    stories_read = [q["sql"] for q in queries if 'FROM "articles_article"' in q["sql"]]
    assert len(stories_read) == 1
    assert '"headline"' not in stories_read[0] and "JOIN" not in stories_read[0]
    assert not any('FROM "articles_credit"' in q["sql"] for q in queries)


@pytest.mark.parametrize("card_cache_seconds", [3600, 0])
def test_uncached_cards_of_a_list_load_in_two_queries_whatever_their_number(
    client, front_page, settings, card_cache_seconds
):
    settings.CARD_CACHE_SECONDS = card_cache_seconds
    counts = []
    for more in [0, 12]:
        for number in range(more):
            make_article(f"Weitere {number}", section=front_page[0].section, authors=["B"])
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/politik/").content.decode()
        assert "Weitere 11" in html if more else "Meldung 4" in html
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_story_deleted_after_its_list_was_read_leaves_out_its_card(front_page):
    stories = list(Article.objects.published().latest_first().for_cards())
    Article.objects.filter(pk=front_page[0].pk).delete()
    rendered = [cards.render(story) for story in stories]
    assert rendered[0] == "" and "Meldung 1" in rendered[1]
