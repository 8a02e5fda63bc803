"""Two editions, each of which reads as one: German at /, English at /en/.

A walk over every reader surface of both editions follows every story link and checks the
story's language: lists, feeds, search and related stories show only the edition's own
stories; a story's page links its translation, marked with hreflang, and nothing else of the
other edition.
"""

import re
from html import unescape

import feedparser
import pytest
from django.urls import resolve
from django.utils import translation

from articles.models import Article, Credit
from tests.conftest import make_article, make_contributor, make_section, words_of

pytestmark = pytest.mark.django_db

STORY_LINK = re.compile(r'<a href="((?:/en)?/[a-z0-9-]+/[a-z0-9-]+-(\d+)/)"([^>]*)>')


def story_links(html: str) -> list[tuple[str, str, str]]:
    """(address, story id, attributes) of the page's links to stories; a contributor's or a
    topic's address may end in a number too."""

    def is_story(path: str) -> bool:
        with translation.override("en" if path.startswith("/en/") else "de"):
            return resolve(path).url_name == "article"

    return [link for link in STORY_LINK.findall(html) if is_story(link[0])]


@pytest.fixture
def newsroom():
    politics, world = make_section("Politik", order=1), make_section("Welt", order=2)
    anna = make_contributor("Anna Schmidt")
    stories = []
    for number in range(3):
        for section in (politics, world):
            german = make_article(f"Deutsche Meldung {number} {section.name}", section=section)
            english = make_article(
                f"English story {number} {section.name}",
                section=section,
                language="en",
                translation_of=german if number == 0 else None,
            )
            for story in (german, english):
                story.tags.add("Klima")
                Credit.objects.create(article=story, contributor=anna, role="author")
            stories += [german, english]
    make_article("Englische Eilmeldung", language="en", section=world, is_breaking=True)
    return {"sections": [politics, world], "author": anna, "stories": stories}


def surfaces(newsroom, language: str) -> list[str]:
    with translation.override(language):
        urls = ["/" if language == "de" else "/en/"]
        urls += [section.get_absolute_url() for section in newsroom["sections"]]
        urls += [newsroom["author"].get_absolute_url()]
        urls += [
            f"{'/en' if language == 'en' else ''}/{'topic' if language == 'en' else 'thema'}/klima/"
        ]
        search = "/en/search/" if language == "en" else "/suche/"
        urls += [f"{search}?q=story", f"{search}?q=Meldung", f"{search}?q=Klima"]
    return urls


def feeds(newsroom, language: str) -> list[str]:
    prefix = "/en" if language == "en" else ""
    section = newsroom["sections"][0].slug
    return [
        f"{prefix}/feeds/{path}{kind}/"
        for path in ["", f"section/{section}/", "tag/klima/", f"author/{newsroom['author'].slug}/"]
        for kind in ["rss", "atom"]
    ]


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_story_an_edition_links_is_in_its_language(client, newsroom, language):
    languages = dict(Article.objects.values_list("pk", "language"))
    linked, seen = set(), 0
    for url in surfaces(newsroom, language):
        html = client.get(url).content.decode()
        for _href, pk, _attributes in story_links(html):
            assert languages[int(pk)] == language, f"{url} links story {pk} of another edition"
            linked.add(int(pk))
    for url in feeds(newsroom, language):
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo and feed.feed.language == language, url
        for entry in feed.entries:
            pk = int(entry.id.rsplit("-", 1)[1])
            assert languages[pk] == language, f"{url} holds story {pk} of another edition"
            seen += 1
    assert seen and len(linked) >= 6  # the walk saw stories, not empty pages

    # every story linked: its page is in its language, and of the other edition it links
    # only its translation, marked as such
    for pk in linked:
        story = Article.objects.get(pk=pk)
        html = client.get(story.get_absolute_url()).content.decode()
        assert f'<html lang="{language}"' in html
        for href, other, attributes in story_links(html):
            if languages[int(other)] != language:
                assert int(other) in {story.translation_of_id, *translations(story)}, href
                assert 'hreflang="' in attributes, href


def translations(story) -> set[int]:
    return set(Article.objects.filter(translation_of=story).values_list("pk", flat=True))


def test_the_english_front_page_leads_with_english_news(client, newsroom):
    english = client.get("/en/").content.decode()
    german = client.get("/").content.decode()
    assert "Englische Eilmeldung" in english  # the English edition's breaking story
    assert "Englische Eilmeldung" not in german
    assert "Deutsche Meldung" not in english and "English story" not in german


def test_a_story_page_links_its_translation_both_ways(client, newsroom):
    german = Article.objects.get(headline="Deutsche Meldung 0 Politik")
    english = Article.objects.get(translation_of=german)
    german_page = client.get(german.get_absolute_url()).content.decode()
    english_page = client.get(english.get_absolute_url()).content.decode()
    assert f'href="{english.get_absolute_url()}" hreflang="en"' in unescape(german_page)
    assert f'href="{german.get_absolute_url()}" hreflang="de"' in unescape(english_page)
    assert 'rel="alternate" hreflang="en"' in german_page


# Section names per edition ------------------------------------------------------------------


def menu(client, url: str) -> str:
    html = client.get(url).content.decode()
    return html[html.index('<nav class="site-nav"') : html.index("</nav>", html.index("site-nav"))]


def save_section(client, section, **other_languages):
    """The section's admin form, posted with its main-language fields as they are."""
    data = {"name": section.name, "slug": section.slug, "description": section.description}
    data |= {"order": str(section.order), "show_in_navigation": "on", **other_languages}
    return client.post(f"/admin/articles/section/{section.pk}/change/", data)


def test_each_edition_names_sections_in_its_language_and_marks_a_missing_name(client, newsroom):
    politics = newsroom["sections"][0]
    politics.translations = {"en": {"name": "Politics", "description": "Parliament and more."}}
    politics.save()
    english, german = menu(client, "/en/"), menu(client, "/")
    assert ">Politics</a>" in english and "Politik" not in english
    assert ">Politik</a>" in german and "Politics" not in german
    # no English name for "Welt" yet: the German one, marked as German
    assert '<span lang="de">Welt</span>' in english
    page = client.get(politics.get_absolute_url().replace("/politik/", "/en/politik/"))
    html = page.content.decode()
    assert "<h1>Politics</h1>" in html and 'content="Parliament and more."' in html
    with translation.override("en"):
        feed = feedparser.parse(client.get(f"/en/feeds/section/{politics.slug}/rss/").content)
    assert feed.feed.title.startswith("Politics – ")


def test_the_dashboard_lists_sections_without_a_name_in_every_edition(client, newsroom, editor):
    client.force_login(editor)
    world = newsroom["sections"][1]
    html = client.get("/admin/").content.decode()
    start = html.index("Ressorts ohne Namen")
    listed = html[start : html.index("</section>", start)]
    assert ">Politik</a>" in listed and ">Welt</a>" in listed

    form = client.get(f"/admin/articles/section/{world.pk}/change/").content.decode()
    assert 'name="name_en"' in form and 'name="description_en"' in form
    response = save_section(client, world, name_en="World", description_en="News from everywhere.")
    assert response.status_code == 302
    world.refresh_from_db()
    assert world.translations == {"en": {"name": "World", "description": "News from everywhere."}}
    html = client.get("/admin/").content.decode()
    start = html.index("Ressorts ohne Namen")
    listed = html[start : html.index("</section>", start)]
    assert ">Welt</a>" not in listed and ">Politik</a>" in listed
    client.logout()
    assert ">World</a>" in menu(client, "/en/")


def test_a_description_without_its_name_is_refused_and_changes_nothing(client, newsroom, editor):
    client.force_login(editor)
    world = newsroom["sections"][1]
    response = save_section(client, world, description_en="News from everywhere.")
    assert response.status_code == 200
    assert "Eine Beschreibung braucht einen Namen in ihrer Sprache." in response.content.decode()
    world.refresh_from_db()
    assert world.translations == {}


def test_a_card_speaks_its_storys_language_on_any_page(newsroom):
    """A card shows byline, date and labels in its story's language, whichever edition's
    page it appears on."""
    from datetime import datetime

    from django.utils import timezone

    from articles.caching import fragments

    english = next(story for story in newsroom["stories"] if story.language == "en")
    german = next(story for story in newsroom["stories"] if story.language == "de")
    moment = timezone.make_aware(datetime(2026, 12, 3, 9, 30))
    Article.objects.filter(pk__in=[english.pk, german.pk]).update(
        published_at=moment, is_breaking=True
    )
    for page_language in ("de", "en"):
        with translation.override(page_language):
            english_card = fragments.render(Article.objects.get(pk=english.pk))
            german_card = fragments.render(Article.objects.get(pk=german.pk))
        english_card, german_card = words_of(english_card), words_of(german_card)
        assert "By Anna Schmidt" in english_card and "3 December 2026" in english_card
        assert "Breaking news" in english_card and "Dezember" not in english_card
        assert "Von Anna Schmidt" in german_card and "3. Dezember 2026" in german_card
        assert "Eilmeldung" in german_card and "December" not in german_card


# Topic names per edition ------------------------------------------------------------------


def save_topic(client, tag, **names):
    """The topic's admin form with its inline names: {language: name}."""
    data = {"name": tag.name, "slug": tag.slug}
    data |= {"names-TOTAL_FORMS": str(len(names)), "names-INITIAL_FORMS": "0"}
    for number, (language, name) in enumerate(names.items()):
        data |= {f"names-{number}-language": language, f"names-{number}-name": name}
    return client.post(f"/admin/taggit/tag/{tag.pk}/change/", data)


def test_each_edition_names_topics_in_its_language(client, newsroom, editor):
    from taggit.models import Tag

    klima = Tag.objects.get(slug="klima")
    german = Article.objects.get(headline="Deutsche Meldung 0 Politik")
    english = Article.objects.get(translation_of=german)
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    start = html.index("Themen ohne Namen")
    assert ">Klima</a>" in html[start : html.index("</section>", start)]
    assert save_topic(client, klima, en="Climate").status_code == 302
    assert "Themen ohne Namen" not in client.get("/admin/").content.decode()
    client.logout()

    english_page = client.get(english.get_absolute_url()).content.decode()
    german_page = client.get(german.get_absolute_url()).content.decode()
    assert ">Climate</a>" in english_page and '"keywords": ["Climate"]' in english_page
    assert ">Klima</a>" in german_page and "Climate" not in german_page
    topic = client.get("/en/topic/klima/").content.decode()
    assert "<title>Climate – " in topic and "</span> Climate</h1>" in topic
    assert "<title>Klima – " in client.get("/thema/klima/").content.decode()
    feed = feedparser.parse(client.get("/en/feeds/tag/klima/rss/").content)
    assert feed.feed.title.startswith("Climate – ") and feed.feed.language == "en"
    assert {tag.term for entry in feed.entries for tag in entry.tags} >= {"Climate"}
    assert "Klima" not in {tag.term for entry in feed.entries for tag in entry.tags}

    # a new name shows at once: the cached English page is not served again
    client.force_login(editor)
    name = klima.names.get()
    data = {"name": klima.name, "slug": klima.slug, "names-TOTAL_FORMS": "1"}
    data |= {"names-INITIAL_FORMS": "1", "names-0-id": str(name.pk), "names-0-tag": str(klima.pk)}
    data |= {"names-0-language": "en", "names-0-name": "Climate crisis"}
    assert client.post(f"/admin/taggit/tag/{klima.pk}/change/", data).status_code == 302
    client.logout()
    assert ">Climate crisis</a>" in client.get(english.get_absolute_url()).content.decode()


def test_a_topic_name_in_the_main_language_is_refused_and_changes_nothing(client, editor):
    from taggit.models import Tag

    from articles.models import TagName

    tag = Tag.objects.create(name="Klima", slug="klima")
    client.force_login(editor)
    response = save_topic(client, tag, de="Klimawandel")
    assert response.status_code == 200
    assert not TagName.objects.exists()
    response = save_topic(client, tag, en="   ")
    assert response.status_code == 200 and not TagName.objects.exists()
    tag.refresh_from_db()
    assert tag.name == "Klima"
