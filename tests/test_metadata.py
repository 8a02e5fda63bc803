"""Machine-readable metadata: JSON-LD (schema.org), Open Graph and Twitter cards."""

import json
from collections import defaultdict
from datetime import UTC, datetime
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.templatetags.static import static
from PIL import Image as PILImage

from articles.models import Article, Contributor, Credit, Image
from articles.previews import preview_token
from tests.conftest import make_article, make_contributor, make_section

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)  # 10:30 in Berlin (CET)
UPDATED = datetime(2024, 7, 2, 12, 0, tzinfo=UTC)  # 14:00 in Berlin (CEST)
XSS = "</script><script>alert(1)</script> & <b>"


class _Head(HTMLParser):
    """Every <meta> (property or name → contents) and every <script> (type, text)."""

    def __init__(self):
        super().__init__()
        self.meta, self.scripts, self._script = defaultdict(list), [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]].append(attrs.get("content"))
        elif tag == "script":
            self._script = [attrs.get("type"), ""]
            self.scripts.append(self._script)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script[1] += data


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    head = _Head()
    head.feed(response.content.decode())
    head.json_ld = [
        json.loads(text) for kind, text in head.scripts if kind == "application/ld+json"
    ]
    head.one = lambda key: _single(head.meta, key)
    return head


def _single(meta, key):
    assert len(meta[key]) == 1, (key, meta[key])
    return meta[key][0]


def of_type(head, kind) -> dict:
    [item] = [item for item in head.json_ld if item["@type"] == kind]
    assert item["@context"] == "https://schema.org"
    return item


def lead_image(settings, tmp_path) -> Image:
    settings.MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    PILImage.new("RGB", (64, 48), "navy").save(buffer, "JPEG")
    image = Image(alt_text="Soldaten auf einem Übungsplatz")
    image.file.save("soldaten.jpg", ContentFile(buffer.getvalue()), save=False)
    image.full_clean()
    image.save()
    return image


@pytest.fixture
def story(settings, tmp_path):
    settings.TIME_ZONE = "Europe/Berlin"
    europe = make_section("Europa", parent=make_section("Welt"))
    article = make_article(
        "Nordkorea schickt weitere Soldaten",
        section=europe,
        standfirst="Pjöngjang stockt auf.",
        lead_image=lead_image(settings, tmp_path),
        published_at=PUBLISHED,
    )
    article.tags.add("Nordkorea", "Russland")
    Article.objects.filter(pk=article.pk).update(updated_at=UPDATED)
    people = [
        (make_contributor("Anna Schmidt", affiliation="CNN"), "author"),
        (make_contributor("dpa", kind=Contributor.Kind.ORGANISATION), "author"),
        (make_contributor("Gawon Bae"), "contributor"),
        (make_contributor("Max Foto"), "photographer"),
    ]
    for order, (person, role) in enumerate(people):
        Credit.objects.create(article=article, contributor=person, role=role, order=order)
    return article


def test_news_article_json_ld_holds_every_field(client, story):
    head = page(client, story.get_absolute_url())
    data = of_type(head, "NewsArticle")
    url = f"http://testserver/europa/nordkorea-schickt-weitere-soldaten-{story.pk}/"
    assert data["headline"] == "Nordkorea schickt weitere Soldaten"
    assert data["description"] == "Pjöngjang stockt auf."
    assert data["datePublished"] == "2024-03-01T10:30:00+01:00"
    assert data["dateModified"] == "2024-07-02T14:00:00+02:00"
    assert data["inLanguage"] == "de"
    assert data["mainEntityOfPage"] == url
    assert data["articleSection"] == "Europa"
    assert sorted(data["keywords"]) == ["Nordkorea", "Russland"]
    assert data["isAccessibleForFree"] is True
    slugs = {c.name: c.slug for c in Contributor.objects.all()}
    assert data["author"] == [
        {"@type": t, "name": n, "url": f"http://testserver/autor/{slugs[n]}/"}
        for t, n in [("Person", "Anna Schmidt"), ("Organization", "dpa"), ("Person", "Gawon Bae")]
    ]
    image = data["image"]
    assert image["@type"] == "ImageObject"
    assert image["url"].startswith("http://testserver/media/") and image["url"].endswith(".jpg")
    assert (image["width"], image["height"]) == (64, 48)
    publisher = data["publisher"]
    assert (publisher["@type"], publisher["name"]) == ("Organization", "Newsroom")
    logo = publisher["logo"]
    assert logo["url"] == "http://testserver" + static("img/logo.png")
    assert logo["url"].startswith("http://testserver/static/img/logo")
    assert (logo["@type"], logo["width"], logo["height"]) == ("ImageObject", 600, 60)


def test_breadcrumbs_run_home_parent_section_story(client, story):
    crumbs = of_type(page(client, story.get_absolute_url()), "BreadcrumbList")
    items = crumbs["itemListElement"]
    assert [i["position"] for i in items] == [1, 2, 3, 4]
    assert [i["name"] for i in items][1:] == ["Welt", "Europa", story.headline]
    assert [i["item"] for i in items] == [
        "http://testserver/",
        "http://testserver/welt/",
        "http://testserver/europa/",
        f"http://testserver{story.get_absolute_url()}",
    ]


def test_open_graph_and_twitter_tags(client, story):
    head = page(client, story.get_absolute_url())
    url = f"http://testserver{story.get_absolute_url()}"
    image = of_type(head, "NewsArticle")["image"]["url"]
    assert head.one("og:type") == "article"
    assert head.one("og:title") == "Nordkorea schickt weitere Soldaten"
    assert head.one("og:description") == "Pjöngjang stockt auf."
    assert head.one("og:url") == url
    assert head.one("og:site_name") == "Newsroom"
    assert head.one("og:locale") == "de_DE"
    assert head.one("og:image") == image
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("64", "48")
    assert head.one("og:image:alt") == "Soldaten auf einem Übungsplatz"
    assert head.one("article:published_time") == "2024-03-01T10:30:00+01:00"
    assert head.one("article:modified_time") == "2024-07-02T14:00:00+02:00"
    assert head.one("article:section") == "Europa"
    assert sorted(head.meta["article:tag"]) == ["Nordkorea", "Russland"]
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:title") == "Nordkorea schickt weitere Soldaten"
    assert head.one("twitter:description") == "Pjöngjang stockt auf."
    assert head.one("twitter:image") == image
    assert head.one("description") == "Pjöngjang stockt auf."  # the page's own, not repeated


def test_english_story_without_image_syndicated_and_never_updated(client, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    original = "https://wire.example.com/stories/123"
    story = make_article(
        "Storm hits the coast",
        section=make_section("World"),
        language="en",
        canonical_url=original,
        published_at=PUBLISHED,
    )
    assert story.get_absolute_url().startswith("/en/")
    head = page(client, story.get_absolute_url())
    data = of_type(head, "NewsArticle")
    assert data["inLanguage"] == "en"
    assert data["mainEntityOfPage"] == original
    assert data["dateModified"] == data["datePublished"] == "2024-03-01T10:30:00+01:00"
    assert "image" not in data and "description" not in data and "keywords" not in data
    assert head.one("og:locale") == "en_US"
    assert head.one("og:url") == original
    assert head.one("twitter:card") == "summary"
    for key in ("og:image", "twitter:image", "og:description", "article:tag"):
        assert key not in head.meta
    crumbs = of_type(head, "BreadcrumbList")["itemListElement"]
    assert [i["item"] for i in crumbs][:2] == [
        "http://testserver/en/",
        "http://testserver/en/world/",
    ]


def test_translations_are_named_as_alternate_locales(client):
    german = make_article("Sturm an der Küste")
    make_article("Storm hits the coast", language="en", translation_of=german)
    head = page(client, german.get_absolute_url())
    assert head.meta["og:locale:alternate"] == ["en_US"]


def test_script_in_a_headline_cannot_break_out_of_json_ld(client):
    story = make_article(XSS, standfirst=XSS, authors=[XSS])
    response = client.get(story.get_absolute_url())
    assert b"</script><script>alert" not in response.content
    head = page(client, story.get_absolute_url())
    assert [kind for kind, _ in head.scripts] == ["application/ld+json"] * 2
    data = of_type(head, "NewsArticle")
    assert data["headline"] == data["description"] == data["author"][0]["name"] == XSS
    assert of_type(head, "BreadcrumbList")["itemListElement"][-1]["name"] == XSS
    assert head.one("og:title") == head.one("twitter:title") == XSS


def test_home_has_website_with_site_search_and_organization(client):
    head = page(client, "/")
    website = of_type(head, "WebSite")
    assert (website["name"], website["url"]) == ("Newsroom", "http://testserver/")
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"] == "http://testserver/suche/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    organization = of_type(head, "Organization")
    assert organization["name"] == "Newsroom"
    assert organization["logo"]["url"] == "http://testserver" + static("img/logo.png")
    assert head.one("og:type") == "website"
    assert head.one("og:url") == "http://testserver/"
    assert head.one("og:locale") == "de_DE"


def test_english_home_searches_in_english(client):
    head = page(client, "/en/")
    website = of_type(head, "WebSite")
    assert website["url"] == "http://testserver/en/"
    assert (
        website["potentialAction"]["target"]
        == "http://testserver/en/search/?q={search_term_string}"
    )
    assert head.one("og:locale") == "en_US"
    assert head.one("og:url") == "http://testserver/en/"


def test_list_pages_have_open_graph_basics(client):
    section = make_section("Welt")
    story = make_article(section=section, authors=["Anna Schmidt"])
    story.tags.add("Nordkorea")
    contributor = story.credits.get().contributor
    pages = [
        ("/welt/", "Welt"),
        ("/thema/nordkorea/", "Nordkorea"),
        (f"/autor/{contributor.slug}/", "Anna Schmidt"),
        ("/en/topic/nordkorea/", "Nordkorea"),
    ]
    for url, title in pages:
        head = page(client, url)
        assert head.one("og:type") == "website", url
        assert head.one("og:title") == title, url
        assert head.one("og:url") == f"http://testserver{url}", url
        assert head.one("og:locale") == ("en_US" if url.startswith("/en/") else "de_DE"), url
        assert head.json_ld == [], url


def test_preview_of_a_never_published_draft_renders_without_dates(client):
    draft = make_article("Noch geheim", published=False)
    head = page(client, f"/vorschau/{preview_token(draft)}/")
    data = of_type(head, "NewsArticle")
    assert data["headline"] == "Noch geheim"
    assert "datePublished" not in data and "dateModified" not in data
    assert "article:published_time" not in head.meta
