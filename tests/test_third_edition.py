"""A third edition is configuration: French, added to LANGUAGES and SEARCH_CONFIGS in settings
(and given its configuration by migrate, which `search_configs.configure()` stands in for
here), has its own front page, sections, story pages, feeds, search and news sitemap at /fr/,
each with only French stories. No code names French; what an operator does is in
newsroom/settings.py's docstring (the search index migration is not needed for a test).

There is no French message catalogue here, so the French edition's UI and URL words are
Django's fallback, LANGUAGE_CODE's German (/fr/suche/): addresses are taken from reverse().
"""

import re
import xml.etree.ElementTree as ET
from html import unescape

import feedparser
import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse
from django.utils import translation

from articles import search_configs
from articles.models import Article, Credit, Section

from .conftest import make_article, make_contributor, make_section

pytestmark = pytest.mark.django_db

STORY_LINK = re.compile(r'href="((?:/[a-z]{2})?/[a-z0-9-]+/[a-z0-9-]+-(\d+)/)"')
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture
def french(settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français")]
    settings.SEARCH_CONFIGS = {**settings.SEARCH_CONFIGS, "fr": "french"}
    assert search_configs.configure() == ["fr"]  # what `manage.py migrate` does


@pytest.fixture
def newsroom(french):
    politics, world = make_section("Politik", order=1), make_section("Welt", order=2)
    politics.translations = {"fr": {"name": "Politique", "description": "Le Parlement."}}
    politics.save()
    marie = make_contributor("Marie Dupont")
    german = make_article(
        "Kommunalwahlen in Lyon", section=politics, body="<p>Die Wahlen in Lyon.</p>"
    )
    english = make_article(
        "Local elections in Lyon", section=politics, language="en", translation_of=german
    )
    french = make_article(
        "Les élections municipales à Lyon",
        section=politics,
        language="fr",
        translation_of=german,
        body="<p>Les Lyonnais votent dimanche, et les élections sont serrées.</p>",
    )
    Credit.objects.create(article=french, contributor=marie, role="author")
    lyon = make_article("Un orage sur Lyon", section=world, language="fr")
    for story in (german, english, french, lyon):
        story.tags.add("Lyon")
    return {
        "sections": [politics, world],
        "author": marie,
        "german": german,
        "english": english,
        "french": [french, lyon],
    }


def html(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def languages_linked(page: str) -> set[str]:
    """The languages of the stories the page links (not of contributors or topics, whose
    slugs may end in a number too)."""
    linked = {int(pk) for url, pk in STORY_LINK.findall(page) if is_story(url)}
    return set(Article.objects.filter(pk__in=linked).values_list("language", flat=True))


def is_story(url: str) -> bool:
    return resolve(url).url_name == "article"


def test_the_french_front_page_lists_only_french_stories(client, newsroom):
    page = html(client, "/fr/")

    assert '<html lang="fr">' in page
    assert "Les élections municipales à Lyon" in page and "Un orage sur Lyon" in page
    assert languages_linked(page) == {"fr"}
    assert "Kommunalwahlen" not in page and "Local elections" not in page
    assert 'href="/fr/" lang="fr" hreflang="fr">français</a>' not in page  # it is this one
    assert '<a href="/fr/" lang="fr" hreflang="fr">français</a>' in html(client, "/en/")


def test_the_french_topic_and_author_pages_list_only_french_stories(client, newsroom):
    with translation.override("fr"):
        topic = reverse("articles:tag", args=["lyon"])
        author = newsroom["author"].get_absolute_url()

    assert languages_linked(html(client, topic)) == {"fr"}
    assert languages_linked(html(client, author)) == {"fr"}


def test_a_french_story_links_its_german_original_with_hreflang(client, newsroom):
    story, german = newsroom["french"][0], newsroom["german"]
    assert story.get_absolute_url() == f"/fr/politik/{story.slug}-{story.pk}/"

    page = html(client, story.get_absolute_url())

    assert '<html lang="fr">' in page
    assert (
        f'<link rel="alternate" hreflang="de" href="http://testserver{german.get_absolute_url()}">'
        in page
    )
    assert f'href="{german.get_absolute_url()}" hreflang="de" lang="de">' in page
    assert "Diesen Artikel auf Deutsch lesen" in page  # the link speaks its own language
    # no grammar for French: the catalogue's words, the name linked as everywhere
    assert re.search(r'<span class="byline">\w+ <a href="/fr/[^"]+/">Marie Dupont</a></span>', page)
    related = page.split('<aside class="related"')[1]
    assert "Un orage sur Lyon" in related and languages_linked(related) == {"fr"}


def test_french_sections_have_their_french_name_or_the_german_one_marked(client, newsroom):
    world = newsroom["sections"][1]
    menu = html(client, "/fr/").split('<nav class="site-nav"')[1].split("</nav>")[0]

    assert ">Politique</a>" in menu and "Politik" not in menu
    assert '<span lang="de">Welt</span>' in menu
    page = html(client, "/fr/politik/")
    assert "<h1>Politique</h1>" in page and "Le Parlement." in page
    assert languages_linked(page) == {"fr"}
    assert world.missing_languages() == ["en", "fr"]  # the dashboard asks for both names


def test_the_french_feeds_speak_french_and_hold_french_stories(client, newsroom):
    for kind in ["rss", "atom"]:
        feed = feedparser.parse(client.get(f"/fr/feeds/{kind}/").content)

        assert not feed.bozo and feed.feed.language == "fr"
        assert {entry.title for entry in feed.entries} == {
            "Les élections municipales à Lyon",
            "Un orage sur Lyon",
        }
    section = feedparser.parse(client.get("/fr/feeds/section/politik/rss/").content)
    assert section.feed.title.startswith("Politique – ")
    assert [entry.title for entry in section.entries] == ["Les élections municipales à Lyon"]


def test_french_search_stems_french_and_finds_only_french_stories(client, newsroom):
    with translation.override("fr"):
        search = reverse("articles:search")
    assert search.startswith("/fr/")

    page = html(client, search, q="élection")  # stemmed: finds "élections", "électeurs"

    assert "Les élections municipales à Lyon" in re.sub(r"</?mark>", "", page)
    assert "<mark>élections</mark>" in page
    assert languages_linked(page) == {"fr"}
    assert languages_linked(html(client, search, q="Lyon")) == {"fr"}
    assert "Kommunalwahlen" in html(client, "/suche/", q="Lyon")  # each edition its own


def test_the_french_news_sitemap_lists_french_stories_and_is_named_everywhere(client, newsroom):
    root = ET.fromstring(client.get("/fr/sitemap-news.xml").content)

    listed = [url.findtext("sm:loc", namespaces=NS) for url in root.iterfind("sm:url", NS)]
    assert sorted(listed) == sorted(
        f"http://testserver{story.get_absolute_url()}" for story in newsroom["french"]
    )
    assert {node.text for node in root.iterfind(".//news:language", NS)} == {"fr"}
    index = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/fr/sitemap-news.xml</loc>" in index
    robots = client.get("/robots.txt").content.decode().splitlines()
    assert "Sitemap: http://testserver/fr/sitemap-news.xml" in robots
    with translation.override("fr"):
        search, preview = reverse("articles:search"), reverse("articles:preview", args=["-"])
    assert {f"Disallow: {search}", f"Disallow: {preview[:-2]}"} <= set(robots)


def test_no_section_may_take_the_new_editions_address(french):
    section = Section(name="Frankreich", slug="fr")
    with pytest.raises(ValidationError):
        section.full_clean()
    make_section("Frankreich", slug="frankreich").full_clean()  # its own words are free
