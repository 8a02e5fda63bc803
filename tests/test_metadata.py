"""Machine-readable metadata: JSON-LD (schema.org), Open Graph and Twitter cards."""

import json
import re
from collections import defaultdict
from datetime import UTC, datetime
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.templatetags.static import static
from PIL import Image as PILImage

from articles.models import Article, Contributor, Credit, Image
from articles.publishing import share_preview
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
    images = data["image"]  # 16:9, 4:3 and 1:1 crops of the 64x48 picture, as wide as it is
    assert [(i["@type"], i["width"], i["height"]) for i in images] == [
        ("ImageObject", 64, 36),
        ("ImageObject", 64, 48),
        ("ImageObject", 48, 48),
    ]
    for image, crop in zip(images, ["wide", "standard", "square"], strict=True):
        assert re.fullmatch(
            rf"http://testserver/media/renditions/\d+/{crop}-\w{{12}}-\d+\.jpg", image["url"]
        )
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
    image = head.one("og:image")  # the social crop (1200x630, here as wide as the picture)
    assert re.fullmatch(r"http://testserver/media/renditions/\d+/social-\w{12}-64\.jpg", image)
    assert head.one("og:type") == "article"
    assert head.one("og:title") == "Nordkorea schickt weitere Soldaten"
    assert head.one("og:description") == "Pjöngjang stockt auf."
    assert head.one("og:url") == url
    assert head.one("og:site_name") == "Newsroom"
    assert head.one("og:locale") == "de_DE"
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("64", "34")
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
    assert "description" not in data and "keywords" not in data
    default = "http://testserver" + static("img/social.png")  # SOCIAL_DEFAULT_IMAGE
    assert data["image"] == [{"@type": "ImageObject", "url": default, "width": 1200, "height": 630}]
    assert head.one("og:image") == head.one("twitter:image") == default
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("1200", "630")
    assert head.one("og:image:alt") == head.one("twitter:image:alt") == "Newsroom"
    assert head.one("og:locale") == "en_US"
    assert head.one("og:url") == original
    assert head.one("twitter:card") == "summary_large_image"
    for key in ("og:description", "twitter:description", "description", "article:tag"):
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


def test_preview_of_a_never_published_draft_renders_without_dates(client, editor):
    draft = make_article("Noch geheim", published=False)
    head = page(client, f"/vorschau/{share_preview(draft, by=editor).token}/")
    data = of_type(head, "NewsArticle")
    assert data["headline"] == "Noch geheim"
    assert "datePublished" not in data and "dateModified" not in data
    assert "article:published_time" not in head.meta


# --- pictures and descriptions for machines ---------------------------------------------------


def test_a_camera_photo_gives_a_1200_px_social_card_and_1200_px_crops_for_google(
    client, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles import publishing

    settings.MEDIA_ROOT = tmp_path
    buffer = BytesIO()
    PILImage.new("RGB", (3000, 2000), "navy").save(buffer, "JPEG")
    image = publishing.save_image(
        Image(file=SimpleUploadedFile("hafen.jpg", buffer.getvalue()), alt_text="Der Hafen")
    )
    story = make_article("Hafen wird erweitert", lead_image=image)

    head = page(client, story.get_absolute_url())

    assert (head.one("og:image:width"), head.one("og:image:height")) == ("1200", "630")
    assert head.one("og:image:alt") == head.one("twitter:image:alt") == "Der Hafen"
    assert head.one("twitter:image") == head.one("og:image")
    images = of_type(head, "NewsArticle")["image"]
    assert [(i["width"], i["height"]) for i in images] == [(1200, 675), (1200, 900), (1200, 1200)]
    for url in [head.one("og:image"), *(i["url"] for i in images)]:
        response = client.get(url.removeprefix("http://testserver"))
        assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg"), url


def test_the_default_social_picture_can_be_replaced_in_settings(client, settings):
    settings.SOCIAL_DEFAULT_IMAGE = "img/logo.png"
    story = make_article("Ohne Bild")

    head = page(client, story.get_absolute_url())

    assert head.one("og:image") == "http://testserver" + static("img/logo.png")
    assert (head.one("og:image:width"), head.one("og:image:height")) == ("600", "60")
    assert of_type(head, "NewsArticle")["image"][0]["url"] == head.one("og:image")


LONG_LEAD = (
    "Die Verkehrsbetriebe der Stadt üben am kommenden Wochenende den Ernstfall: Zwischen "
    "Samstagmorgen und Sonntagabend fahren auf den Linien 4 und 7 Ersatzbusse, weil die "
    "Straßenbahnen für eine Übung im Depot bleiben."
)


def test_without_a_standfirst_the_description_is_the_first_paragraph_cut_at_a_word(client):
    story = make_article(
        "Übung bei der Straßenbahn",
        body=f"<p> </p><p>{LONG_LEAD.replace('Ernstfall', '<strong>Ernstfall</strong>')}</p>"
        "<p>Zweiter Absatz.</p>",
    )

    head = page(client, story.get_absolute_url())
    description = head.one("description")

    assert len(LONG_LEAD) > 160 and len(description) <= 160
    assert description.endswith("…")
    assert LONG_LEAD.startswith(description.removesuffix("…"))
    assert not LONG_LEAD[len(description) - 1].isalnum()  # cut between words
    assert description.startswith("Die Verkehrsbetriebe der Stadt üben am kommenden Wochenende")
    assert head.one("og:description") == head.one("twitter:description") == description
    assert of_type(head, "NewsArticle")["description"] == description


def test_a_correction_changes_json_ld_date_modified(client):
    from django.utils import timezone

    from articles.models import Correction

    story = make_article("Brücke gesperrt", section=make_section("Lokales"), published_at=PUBLISHED)
    corrected = timezone.make_aware(datetime(2024, 3, 2, 9, 0))
    Correction.objects.create(article=story, text="Es sind 15 Meter.", published_at=corrected)
    data = of_type(page(client, story.get_absolute_url()), "NewsArticle")
    assert data["datePublished"] == "2024-03-01T10:30:00+01:00"
    assert data["dateModified"] == "2024-03-02T09:00:00+01:00"
