"""Sitemaps, each edition's Google News sitemap and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image as PILImage

from articles.media import renditions
from articles.models import Article, Credit
from articles.sitemaps import ArticleSitemap

from .conftest import make_article, make_contributor, make_section
from .test_feeds import make_image

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
ORIGIN = "http://testserver"


def xml(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # raises on anything that is not XML


def locations(root) -> list[str]:
    return [loc.text for loc in root.iterfind("sm:url/sm:loc", NS)]


def sitemap(client, section, page=None):
    url = reverse("sitemap-section", kwargs={"section": section})
    return xml(client.get(url, {"p": page} if page else {}))


def news_sitemap(client, language="de"):
    with translation.override(language):
        return xml(client.get(reverse("sitemap-news")))


@pytest.fixture
def newsroom(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = make_section("Welt")
    europe = make_section("Europa", parent=world)
    lead = make_article("Neue Regierung", section=world, authors=["Anna Schmidt"])
    lead.lead_image = make_image()
    lead.save()
    lead.tags.add("Klima")
    english = make_article("New government", section=europe, language="en")
    old = make_article(
        "Alte Meldung", section=world, published_at=timezone.now() - timedelta(days=3)
    )
    draft = make_article("Entwurf", section=world, published=False, authors=["Nur Entwurf"])
    draft.tags.add("Nur im Entwurf")
    scheduled = make_article(
        "Morgen", section=world, published_at=timezone.now() + timedelta(hours=2)
    )
    scheduled.tags.add("Nur geplant")
    archived = make_article("Archiv", section=world)
    Article.objects.filter(pk=archived.pk).update(status=Article.Status.ARCHIVED)
    Credit.objects.create(article=archived, contributor=make_contributor("Nur Archiv"))
    return {
        "world": world,
        "lead": lead,
        "english": english,
        "old": old,
        "visible": [lead, english, old],
        "hidden": [draft, scheduled, archived],
    }


def test_the_index_lists_every_sitemap_with_lastmod(client, newsroom):
    root = xml(client.get("/sitemap.xml"))

    entries = root.findall("sm:sitemap", NS)
    assert [e.find("sm:loc", NS).text for e in entries] == [
        *(f"{ORIGIN}/sitemap-{name}.xml" for name in ["sections", "tags", "contributors"]),
        f"{ORIGIN}/sitemap-articles.xml",
        f"{ORIGIN}/sitemap-news.xml",
        f"{ORIGIN}/en/sitemap-news.xml",
    ]
    assert all(e.find("sm:lastmod", NS) is not None for e in entries)


def test_stories_are_listed_at_their_own_address_with_lastmod_and_image(client, newsroom):
    root = sitemap(client, "articles")

    expected = {f"{ORIGIN}{story.get_absolute_url()}" for story in newsroom["visible"]}
    assert set(locations(root)) == expected
    assert f"{ORIGIN}/en/europa/new-government-{newsroom['english'].pk}/" in expected
    assert len(root.findall("sm:url/sm:lastmod", NS)) == len(expected)
    [image] = [loc.text for loc in root.iterfind("sm:url/image:image/image:loc", NS)]
    assert image == f"{ORIGIN}{machine_jpeg(newsroom['lead'])}"


def test_no_sitemap_lists_anything_readers_may_not_see(client, newsroom):
    listed = " ".join(
        " ".join(locations(sitemap(client, name)))
        for name in ["sections", "tags", "contributors", "articles"]
    )
    listed += " ".join(" ".join(locations(news_sitemap(client, code))) for code in ["de", "en"])

    for story in newsroom["hidden"]:
        assert f"-{story.pk}/" not in listed
    for word in ["nur-im-entwurf", "nur-geplant", "nur-entwurf", "nur-archiv"]:
        assert word not in listed


def test_tags_and_contributors_need_a_published_story(client, newsroom):
    tags = locations(sitemap(client, "tags"))
    contributors = locations(sitemap(client, "contributors"))

    assert tags == [f"{ORIGIN}/thema/klima/", f"{ORIGIN}/en/topic/klima/"]
    author = newsroom["lead"].credits.get().contributor
    assert contributors == [
        f"{ORIGIN}/autor/{author.slug}/",
        f"{ORIGIN}/en/author/{author.slug}/",
    ]


def test_sections_are_listed_in_both_languages_with_hreflang(client, newsroom):
    root = sitemap(client, "sections")

    assert f"{ORIGIN}/welt/" in locations(root)
    assert f"{ORIGIN}/en/welt/" in locations(root)
    languages = {link.get("hreflang") for link in root.iterfind("sm:url/xhtml:link", NS)}
    assert languages == {"de", "en"}


def test_story_pages_hold_at_most_50000_urls(client, newsroom, monkeypatch):
    assert ArticleSitemap.limit == 50_000
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    more = [make_article(f"Meldung {n}", section=newsroom["world"]) for n in range(4)]
    visible = {f"{ORIGIN}{s.get_absolute_url()}" for s in newsroom["visible"] + more}

    index = xml(client.get("/sitemap.xml"))
    pages = [
        loc.text
        for loc in index.iterfind("sm:sitemap/sm:loc", NS)
        if "sitemap-articles" in loc.text
    ]
    listed = []
    for page in pages:
        root = xml(client.get(page.removeprefix(ORIGIN)))
        assert len(locations(root)) <= 2
        listed += locations(root)

    assert len(pages) >= len(visible) // 2
    assert pages[1] == f"{ORIGIN}/sitemap-articles.xml?p=2"
    assert sorted(listed) == sorted(visible)  # every story once, nothing hidden
    last = len(pages)
    assert client.get("/sitemap-articles.xml", {"p": last + 1}).status_code == 404
    assert client.get("/sitemap-articles.xml", {"p": "x"}).status_code == 404


def test_a_story_keeps_its_page_when_older_ones_go(client, newsroom, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    newest = make_article("Bleibt", section=newsroom["world"])
    url = f"{ORIGIN}{newest.get_absolute_url()}"
    index = xml(client.get("/sitemap.xml"))
    pages = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", NS) if "articles" in loc.text]
    page = next(p for p in pages if url in locations(xml(client.get(p.removeprefix(ORIGIN)))))

    Article.objects.filter(pk=newsroom["english"].pk).update(status=Article.Status.ARCHIVED)

    assert url in locations(xml(client.get(page.removeprefix(ORIGIN))))


def machine_jpeg(story) -> str:
    return renditions.for_machines(story.lead_image, "wide").url


def test_a_story_names_the_1200_px_rendition_machines_get_not_the_original(client, newsroom):
    story = make_article("Mit großem Bild", section=newsroom["world"])
    story.lead_image = make_image("gross.jpg", size=(3000, 2000))
    story.save()

    root = sitemap(client, "articles")

    url = next(
        u
        for u in root.iterfind("sm:url", NS)
        if u.find("sm:loc", NS).text.endswith(f"-{story.pk}/")
    )
    image = url.find("image:image/image:loc", NS).text
    assert image.startswith(f"{ORIGIN}/media/renditions/{story.lead_image.pk}/wide-")
    assert image.endswith("-1200.jpg")
    assert story.lead_image.file.name not in image
    served = client.get(image.removeprefix(ORIGIN))
    assert (served.status_code, served["Content-Type"]) == (200, "image/jpeg")
    assert PILImage.open(BytesIO(served.content)).size == (1200, 675)


def test_a_story_page_costs_two_queries_however_many_lead_images(
    client, newsroom, django_assert_num_queries
):
    with django_assert_num_queries(2):
        client.get("/sitemap-articles.xml")
    for number in range(5):
        story = make_article(f"Bild {number}", section=newsroom["world"])
        story.lead_image = make_image(f"bild-{number}.jpg")
        story.save()
    with django_assert_num_queries(2):
        root = sitemap(client, "articles")
    assert len(root.findall("sm:url/image:image", NS)) == 6


def test_a_news_sitemap_costs_two_queries_and_the_index_one_per_edition_more(
    client, newsroom, django_assert_num_queries
):
    for language in ["de", "en"]:
        with django_assert_num_queries(2):
            news_sitemap(client, language)
    with django_assert_num_queries(7 + 2):  # the four sitemaps, then each edition's news
        client.get("/sitemap.xml")
    with django_assert_num_queries(0):
        client.get("/robots.txt")


def test_the_news_sitemap_holds_the_editions_last_48_hours(client, newsroom):
    fresh = make_article(
        "Vor 47 Stunden",
        section=newsroom["world"],
        published_at=timezone.now() - timedelta(hours=47),
    )
    stale = make_article(
        "Vor 49 Stunden",
        section=newsroom["world"],
        published_at=timezone.now() - timedelta(hours=49),
    )

    listed = locations(news_sitemap(client))
    assert f"{ORIGIN}{fresh.get_absolute_url()}" in listed
    assert f"{ORIGIN}{stale.get_absolute_url()}" not in listed
    assert f"{ORIGIN}{newsroom['old'].get_absolute_url()}" not in listed
    assert len(listed) == 2  # lead, fresh
    assert locations(news_sitemap(client, "en")) == [
        f"{ORIGIN}{newsroom['english'].get_absolute_url()}"
    ]


def test_there_is_no_news_sitemap_of_all_languages(client, newsroom):
    assert client.get("/sitemap-news.xml").status_code == 200  # the German edition's
    for address in ["/sitemap-news.xml?p=2", "/de/sitemap-news.xml", "/en/sitemap-articles.xml"]:
        assert client.get(address).status_code == 404, address


def test_a_news_entry_names_publication_language_date_title_and_image(client, newsroom):
    lead = newsroom["lead"]

    root = news_sitemap(client)

    url = next(
        u
        for u in root.iterfind("sm:url", NS)
        if u.find("sm:loc", NS).text == f"{ORIGIN}{lead.get_absolute_url()}"
    )
    news = url.find("news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "Newsroom"
    assert news.find("news:publication/news:language", NS).text == "de"
    assert news.find("news:title", NS).text == lead.headline
    published = news.find("news:publication_date", NS).text
    assert timezone.datetime.fromisoformat(published) == lead.published_at
    assert url.find("image:image/image:loc", NS).text == f"{ORIGIN}{machine_jpeg(lead)}"
    [english] = news_sitemap(client, "en").iterfind("sm:url", NS)
    assert english.find("sm:loc", NS).text.endswith(f"-{newsroom['english'].pk}/")
    assert english.find("news:news/news:publication/news:language", NS).text == "en"
    assert english.find("news:news/news:publication/news:name", NS).text == "Newsroom"


def test_headlines_with_markup_and_control_characters_stay_valid_xml(client, db):
    story = make_article("Tom & Jerry <b>\x0b gehen\x1f essen 🍝", section=make_section())

    root = news_sitemap(client)

    assert root.find("sm:url/news:news/news:title", NS).text == "Tom & Jerry <b> gehen essen 🍝"
    assert locations(root) == [f"{ORIGIN}{story.get_absolute_url()}"]


def test_robots_txt_names_the_sitemaps_and_keeps_crawlers_out(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    for path in ["/admin/", "/suche/", "/en/search/", "/vorschau/", "/en/preview/"]:
        assert f"Disallow: {path}" in lines
    assert [line for line in lines if line.startswith("Sitemap:")] == [
        f"Sitemap: {ORIGIN}/sitemap.xml",
        f"Sitemap: {ORIGIN}/sitemap-news.xml",
        f"Sitemap: {ORIGIN}/en/sitemap-news.xml",
    ]


def test_the_article_sitemap_really_pages_past_50000_stories(client, db):
    """50,001 real (minimal) rows, inserted in one statement: two pages, nothing lost."""
    from django.db import connection

    section = make_section("Welt")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO articles_article (kicker, headline, slug, standfirst, body, language,
                section_id, dateline, source, canonical_url, is_breaking, status,
                published_at, first_published_at, created_at, modified_at, version)
            SELECT '', 'Meldung ' || n, 'meldung-' || n, '', '', 'de', %s, '', '', '', false,
                'published', now() - n * interval '1 minute', now() - n * interval '1 minute',
                now(), now(), 1
            FROM generate_series(1, 50001) AS n
            """,
            [section.pk],
        )
    index = xml(client.get("/sitemap.xml"))
    pages = [
        loc.text
        for loc in index.iterfind("sm:sitemap/sm:loc", NS)
        if "sitemap-articles" in loc.text
    ]
    counts = [len(locations(xml(client.get(page.removeprefix(ORIGIN))))) for page in pages]
    # Pages are blocks of 50,000 ids (a story never moves page), so the first may hold fewer.
    assert len(counts) >= 2 and max(counts) <= 50_000
    assert sum(counts) == 50_001
