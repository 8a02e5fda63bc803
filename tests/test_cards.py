"""Story cards are rendered once per version of what they show (articles/caching/fragments.py).

The page cache is off here (conftest), so every request renders its page; the card cache is
on. `response.templates` lists every template the request rendered.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles import publishing
from articles.caching import fragments
from articles.models import Article, Contributor, Correction, Credit, Image, Section
from tests.conftest import db_now, make_article, make_contributor, make_section
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
    rendered = [fragments.render(story) for story in stories]
    assert rendered[0] == "" and "Meldung 1" in rendered[1]


# The front page's stories are one fragment around their cards (fragments.front_page)

FRONT_PAGE = "articles/includes/front_page.html"


def front_page_rendered(response) -> bool:
    return any(template.name == FRONT_PAGE for template in response.templates)


def test_a_second_render_of_the_front_page_reuses_its_whole_list_of_cards(client, front_page):
    first = client.get("/")
    second = client.get("/")
    assert front_page_rendered(first) and not front_page_rendered(second)
    assert second.content == first.content


def test_a_new_story_enters_the_front_page_rendering_only_its_own_cards(client, front_page):
    client.get("/")
    make_article("Eilmeldung aus Politik", section=front_page[0].section)
    response = client.get("/")
    html = response.content.decode()
    assert front_page_rendered(response)
    # its lead card; the former lead enters its section's block (first, with its picture)
    # and the latest; the story that led the block is now second, without its picture
    assert html.count("Eilmeldung aus Politik") == 1
    assert cards_rendered(response) == 4
    assert "Meldung 0" in html


def test_a_fragments_cards_are_looked_up_together(client, front_page, monkeypatch):
    """A fragment rendered again asks the card cache once for all its cards (one round trip
    to Redis), not once per card; only the new story's cards are rendered."""
    client.get("/")
    make_article("Eilmeldung aus Politik", section=front_page[0].section)
    lookups, inside_get_many = [], []
    get, get_many = cache.get, cache.get_many

    def counted_get(key, *args, **kwargs):
        if not inside_get_many:  # local memory's get_many asks get() for each key
            lookups.append(key)
        return get(key, *args, **kwargs)

    def counted_get_many(keys, *args, **kwargs):
        lookups.append(list(keys))
        inside_get_many.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside_get_many.pop()

    monkeypatch.setattr(cache, "get", counted_get)
    monkeypatch.setattr(cache, "get_many", counted_get_many)
    response = client.get("/")
    html = response.content.decode()
    batches = [keys for keys in lookups if isinstance(keys, list)]
    assert not [key for key in lookups if isinstance(key, str) and key.startswith("card:")]
    assert len(batches) == 1 and all(key.startswith("card:") for key in batches[0])
    assert len(batches[0]) == html.count('<article class="card')
    assert cards_rendered(response) == 4
    assert "\x00" not in html and html.count("Eilmeldung aus Politik") == 1
    assert client.get("/").content == response.content


def test_a_story_unpublished_leaves_the_front_page_at_once(client, front_page, editor):
    client.get("/")
    publishing.unpublish(Article.objects.get(pk=front_page[0].pk), by=editor)
    html = client.get("/").content.decode()
    assert "Meldung 0" not in html and "Meldung 1" in html


def test_the_front_page_follows_the_readers_language(client, front_page):
    client.get("/")
    english = client.get("/en/")
    assert front_page_rendered(english)
    assert "Latest news" in english.content.decode()


# A list page's cards are one fragment too (fragments.card_list)

CARD_LIST = "articles/includes/card_list.html"


def card_list_rendered(response) -> bool:
    return any(template.name == CARD_LIST for template in response.templates)


@pytest.mark.parametrize("page", ["/politik/", "/thema/wahlen/", "contributor"])
def test_a_second_render_of_a_list_page_reuses_its_list_of_cards(client, front_page, page):
    for story in front_page:
        story.tags.add("Wahlen")
    if page == "contributor":
        page = Contributor.objects.get(name="Autorin 0").get_absolute_url()
    first = client.get(page)
    second = client.get(page)
    assert card_list_rendered(first) and not card_list_rendered(second)
    assert second.content == first.content and "Meldung 0" in second.content.decode()


def test_a_new_story_enters_a_list_page_rendering_only_the_cards_that_changed(client, front_page):
    client.get("/politik/")
    make_article("Neu in Politik", section=front_page[0].section)
    response = client.get("/politik/")
    html = response.content.decode()
    assert card_list_rendered(response) and "Neu in Politik" in html
    # its card, and the former first card, which is now loaded lazily
    assert cards_rendered(response) == 2


# A story's own page: its head and story parts are cached per version too (fragments.story_parts)

STORY = "articles/includes/story.html"


@pytest.fixture
def story_page(front_page):
    story = front_page[0]
    Correction.objects.create(article=story, text="Ein Name war falsch geschrieben.")
    story.tags.add("Wahlen")
    return Article.objects.get(pk=story.pk)


def story_rendered(response) -> bool:
    return any(template.name == STORY for template in response.templates)


def test_a_storys_page_renders_its_parts_once_per_version(client, story_page):
    url = story_page.get_absolute_url()
    with CaptureQueriesContext(connection) as first_queries:
        first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert story_rendered(first) and not story_rendered(second)
    assert second.content == first.content
    html = second.content.decode()
    assert "Ein Name war falsch geschrieben." in html and "Autorin 0" in html
    assert "Wahlen" in html and '"NewsArticle"' in html  # tags, JSON-LD
    # the content state, the story with its stored parts, its related stories; the first
    # request also reads the bylines, tags and corrections to render the parts, stores them
    # (caching/rendered.py) and reads the section list for the menu
    assert len(queries) == 3 and len(first_queries) == 8
    parts = ("articles_credit", "taggit_tag", "articles_correction")  # bylines, tags, corrections
    assert all(sum(f'"{table}"' in q["sql"] for q in first_queries) == 1 for table in parts)
    assert not any(
        f'"{table}"' in q["sql"] for q in queries for table in (*parts, "articles_contributor")
    )


def test_related_stories_are_never_taken_from_the_cached_parts(client, story_page):
    url = story_page.get_absolute_url()
    client.get(url)
    make_article("Ganz neue Meldung zur Wahl", section=story_page.section).tags.add("Wahlen")
    response = client.get(url)
    assert not story_rendered(response)
    assert "Ganz neue Meldung zur Wahl" in response.content.decode()


def _edit_headline(story, editor):
    story.headline = "Meldung null, neu gefasst"
    publishing.save_edit(story, by=editor, expected_version=story.version)


def _add_correction(story, editor):
    Correction.objects.create(article=story, text="Meldung null, neu gefasst")


def _change_correction(story, editor):
    correction = story.corrections.get()
    correction.text = "Meldung null, neu gefasst"
    correction.save()


def _add_tag(story, editor):
    story.tags.add("Meldung null, neu gefasst")


def _rename_tag(story, editor):
    tag = story.tags.get()
    tag.name = "Meldung null, neu gefasst"
    tag.save()


def _rename_contributor(story, editor):
    Contributor.objects.filter(name="Autorin 0").update(name="Meldung null, neu gefasst")
    Contributor.objects.get(name="Meldung null, neu gefasst").save()  # signals, as the admin


def _rename_section(story, editor):
    section = story.section
    section.name = "Meldung null, neu gefasst"
    section.save()


def _add_credit(story, editor):
    Credit.objects.create(
        article=story, contributor=make_contributor("Meldung null, neu gefasst"), role="author"
    )


def _translate(story, editor):
    english = make_article("Story zero", section=story.section, language="en", translation_of=story)
    english.headline = "Meldung null, neu gefasst"  # the link names the language, not this
    english.save()


@pytest.mark.parametrize(
    "change",
    [
        _edit_headline,
        _add_correction,
        _change_correction,
        _add_tag,
        _rename_tag,
        _rename_contributor,
        _rename_section,
        _add_credit,
        _translate,
    ],
)
def test_every_change_to_what_a_storys_page_shows_appears_at_once(
    client, story_page, editor, change
):
    url = story_page.get_absolute_url()
    client.get(url)
    change(story_page, editor)
    response = client.get(url)
    # translations are filled in on every request, no need to render the parts again
    assert response.status_code == 200 and story_rendered(response) != (change is _translate)
    html = response.content.decode()
    if change is _translate:
        assert 'hreflang="en"' in html and "Read this story in English" in html
    else:
        assert "Meldung null, neu gefasst" in html.split("<main", 1)[1]


def test_removing_a_tag_or_a_correction_shows_at_once(client, story_page):
    url = story_page.get_absolute_url()
    assert "Wahlen" in client.get(url).content.decode()
    story_page.tags.remove("Wahlen")
    html = client.get(url).content.decode()
    assert "Wahlen" not in html and "Ein Name war falsch" in html
    story_page.corrections.get().delete()
    assert "Ein Name war falsch" not in client.get(url).content.decode()


def test_the_cached_parts_follow_the_address_the_page_was_asked_at(client, story_page):
    url = story_page.get_absolute_url()
    first = client.get(url, HTTP_HOST="localhost").content.decode()
    second = client.get(url, HTTP_HOST="127.0.0.1").content.decode()
    assert f'href="http://localhost{url}"' in first
    assert f'href="http://127.0.0.1{url}"' in second and "localhost" not in second


def test_touching_a_story_leaves_its_other_fields_and_its_version_alone(story_page):
    before = Article.objects.get(pk=story_page.pk)
    Correction.objects.create(article=story_page, text="Noch eine Korrektur.")
    after = Article.objects.get(pk=story_page.pk)
    assert after.modified_at > before.modified_at
    assert (after.version, after.headline, after.published_at) == (
        before.version,
        before.headline,
        before.published_at,
    )


def test_a_new_release_renders_every_fragment_again(client, story_page, settings):
    """After a deploy nothing the old code rendered is served, even from a shared cache:
    the release is part of every fragment's key (newsroom/release.py)."""
    url, section = story_page.get_absolute_url(), story_page.section.get_absolute_url()
    client.get("/"), client.get(section), client.get(url)
    assert cards_rendered(client.get("/")) == 0 and not card_list_rendered(client.get(section))
    assert not story_rendered(client.get(url))
    settings.RELEASE = "the-next-release"
    home = client.get("/")
    assert cards_rendered(home) >= 5 and front_page_rendered(home)
    listing = client.get(section)
    assert cards_rendered(listing) == 5 and card_list_rendered(listing)
    assert story_rendered(client.get(url))
