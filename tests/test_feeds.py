"""RSS and Atom feeds, read the way a feed reader reads them (feedparser)."""

import html
import re
from datetime import timedelta
from io import BytesIO

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image as PILImage

from articles.feeds import FEED_SIZE
from articles.models import Article, Correction, Credit, Image
from articles.publishing import publish, save_image

from .conftest import db_now, make_article, make_contributor, make_section

KINDS = ["site", "section", "tag", "contributor"]
FORMATS = ["rss", "atom"]


def parse(response):
    """The feed as a reader sees it; any XML or feed error fails the test."""
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def make_image(name="lead.jpg", size=(64, 48)) -> Image:
    buffer = BytesIO()
    PILImage.new("RGB", size, "teal").save(buffer, "JPEG")
    upload = SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
    return save_image(Image(file=upload, alt_text="Soldaten an der Grenze", credit="dpa"))


@pytest.fixture
def newsroom(db, settings, tmp_path):
    """A section with a sub-section, a tag, credited stories, and stories readers may not see."""
    settings.MEDIA_ROOT = tmp_path
    world = make_section("Welt")
    europe = make_section("Europa", parent=world)
    economy = make_section("Wirtschaft")
    lead = make_article(
        "Nordkorea schickt weitere Soldaten",
        section=world,
        authors=["Anna Schmidt", "Ben Meyer"],
        standfirst="Seoul & Washington <warnen>.",
        body="<p>Erster Absatz &amp; mehr.</p><h2>Hintergrund</h2><p>Zweiter.</p>",
        lead_image=make_image(),
        published_at=timezone.now() - timedelta(hours=1),
    )
    bae = make_contributor("Gawon Bae", affiliation="CNN")
    Credit.objects.create(article=lead, contributor=bae, role="contributor", order=5)
    photographer = make_contributor("Foto Grafin")
    Credit.objects.create(article=lead, contributor=photographer, role="photographer", order=6)
    lead.tags.add("Klima", "Energie")
    europe_story = make_article(
        "EU summit ends",
        section=europe,
        language="en",
        published_at=timezone.now() - timedelta(hours=2),
    )
    europe_story.tags.add("Klima")
    other = make_article(
        "Zinsen steigen", section=economy, published_at=timezone.now() - timedelta(hours=3)
    )
    hidden = {
        "draft": make_article("Entwurf im Ressort", section=world, published=False),
        "scheduled": make_article(
            "Geplant für morgen", section=world, published_at=timezone.now() + timedelta(days=1)
        ),
        "archived": make_article("Archivierte Meldung", section=world),
    }
    Article.objects.filter(pk=hidden["archived"].pk).update(status=Article.Status.ARCHIVED)
    for story in hidden.values():
        story.tags.add("Klima")
        Credit.objects.create(article=story, contributor=lead.credits.first().contributor)
    return {
        "world": world,
        "europe": europe,
        "lead": lead,
        "europe_story": europe_story,
        "other": other,
        "hidden": hidden,
        "author": lead.credits.order_by("order").first().contributor,
        "bae": bae,
    }


def feed_url(kind, fmt, newsroom, language="de") -> str:
    slug = {
        "site": None,
        "section": newsroom["world"].slug,
        "tag": "klima",
        "contributor": newsroom["author"].slug,
    }[kind]
    with translation.override(language):  # a request leaves its language active
        return reverse(f"feeds:{kind}-{fmt}", kwargs={"slug": slug} if slug else {})


def story_ids(feed) -> set[int]:
    return {int(entry.id.rsplit("-", 1)[1]) for entry in feed.entries}


# Every feed is valid and says what it is ---------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_feed_is_valid_with_its_content_type(client, newsroom, kind, fmt):
    response = client.get(feed_url(kind, fmt, newsroom))

    feed = parse(response)
    assert response["Content-Type"] == f"application/{fmt}+xml; charset=utf-8"
    assert feed.version == {"rss": "rss20", "atom": "atom10"}[fmt]
    assert feed.entries


@pytest.mark.parametrize("language, prefix", [("de", ""), ("en", "/en")])
def test_each_edition_has_its_feeds_at_its_own_prefix(language, prefix):
    with translation.override(language):
        assert reverse("feeds:site-rss") == f"{prefix}/feeds/rss/"
        assert reverse("feeds:site-atom") == f"{prefix}/feeds/atom/"
        assert reverse("feeds:section-rss", kwargs={"slug": "welt"}) == (
            f"{prefix}/feeds/section/welt/rss/"
        )
        assert reverse("feeds:tag-atom", kwargs={"slug": "klima"}) == (
            f"{prefix}/feeds/tag/klima/atom/"
        )
        assert reverse("feeds:contributor-rss", kwargs={"slug": "a"}) == (
            f"{prefix}/feeds/author/a/rss/"
        )


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_channel_has_title_link_description_language_date_and_self_link(client, newsroom, fmt):
    url = feed_url("section", fmt, newsroom)

    feed = parse(client.get(url, headers={"accept-language": "en"})).feed

    assert feed.title == "Welt – Newsroom"
    assert feed.link == "http://testserver/welt/"
    assert feed.subtitle == "Welt"  # the section's description, or its name
    assert feed.language == "de"  # the site's, whatever the reader's browser asks for
    assert feed.updated_parsed is not None
    assert {"rel": "self", "href": f"http://testserver{url}"}.items() <= next(
        link for link in feed.links if link.rel == "self"
    ).items()


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_item_carries_every_field(client, newsroom, fmt):
    lead = newsroom["lead"]

    feed = parse(client.get(feed_url("site", fmt, newsroom)))

    entry = next(e for e in feed.entries if e.title == lead.headline)
    assert entry.link == f"http://testserver{lead.get_absolute_url()}"
    assert entry.id.startswith("tag:testserver,") and entry.id.endswith(f":article-{lead.pk}")
    assert entry.published_parsed[:6] == lead.published_at.utctimetuple()[:6]
    if fmt == "atom":  # RSS items have no updated date
        assert entry.updated_parsed is not None
    # the byline's authors, in its order; other credits follow the text
    names = [author.name for author in entry.authors]
    content = entry.content[0].value
    if fmt == "atom":
        assert names == ["Anna Schmidt", "Ben Meyer"]
        assert [c.name for c in entry.contributors] == ["Gawon Bae", "Foto Grafin"]
    else:  # one dc:creator, as feed readers show one
        assert names == ["Anna Schmidt und Ben Meyer"]
    assert "CNNs Gawon Bae hat ebenfalls zu diesem Bericht beigetragen." in content
    assert "Foto: Foto Grafin" in content
    assert {tag.term for tag in entry.tags} == {"Welt", "Klima", "Energie"}
    assert html.unescape(entry.summary) == "Seoul & Washington <warnen>."
    assert entry.content[0].type == "text/html"
    assert "<h2>Hintergrund</h2>" in entry.content[0].value
    assert "Erster Absatz &amp; mehr." in entry.content[0].value
    # the picture as a 16:9 JPEG rendition (1200 px, or as wide as the original), never the
    # upload itself, which from a camera is megabytes
    image = lead.lead_image
    [enclosure] = entry.enclosures
    path = re.fullmatch(
        r"http://testserver(/media/renditions/\d+/wide-\w+-64\.jpg)", enclosure.href
    )
    assert path and f"/{image.pk}/" in enclosure.href and enclosure.type == "image/jpeg"
    assert enclosure.length == "0"  # not made yet: RSS's "unknown"
    [media] = entry.media_content
    assert media["url"] == enclosure.href and media["type"] == "image/jpeg"
    assert (media["width"], media["height"]) == ("64", "36")
    made = client.get(path[1])  # a reader's first request makes it
    assert made.status_code == 200
    again = parse(
        client.get(feed_url("site", fmt, newsroom), headers={"cache-control": "no-cache"})
    )
    [enclosure] = next(e for e in again.entries if e.title == lead.headline).enclosures
    assert (
        int(enclosure.length)
        == len(b"".join(made.streaming_content if made.streaming else [made.content]))
        > 0
    )


@pytest.mark.parametrize("kind", ["site", "section", "tag"])
def test_each_edition_has_feeds_of_its_own_stories_in_its_own_language(client, newsroom, kind):
    english = newsroom["europe_story"]
    german = parse(client.get(feed_url(kind, "rss", newsroom)))
    rss_url, atom_url = (feed_url(kind, fmt, newsroom, "en") for fmt in ("rss", "atom"))
    assert rss_url.startswith("/en/feeds/")
    rss, atom = parse(client.get(rss_url)), parse(client.get(atom_url))

    assert english.pk not in story_ids(german) and german.feed.language == "de"
    assert story_ids(rss) == story_ids(atom) == {english.pk}
    assert rss.feed.language == "en"
    for feed in (rss, atom):
        (entry,) = feed.entries
        assert entry.link == f"http://testserver{english.get_absolute_url()}"
        assert entry.link.startswith("http://testserver/en/")
        assert all("/en/" in link.href for link in feed.feed.links)
    assert rss.entries[0].language == "en"
    assert b'<entry xml:lang="en">' in client.get(atom_url).content
    if kind == "tag":
        assert rss.feed.description == "Stories about Klima"


def test_a_page_advertises_its_own_editions_feeds(client, newsroom):
    english_feed = feed_url("site", "rss", newsroom, "en")
    assert f'href="{english_feed}"' in client.get("/en/").content.decode()
    assert f'href="{feed_url("site", "rss", newsroom)}"' in client.get("/").content.decode()
    assert english_feed not in client.get("/").content.decode()


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_guid_survives_a_headline_and_slug_edit(client, newsroom, fmt):
    lead = newsroom["lead"]
    url = feed_url("site", fmt, newsroom)
    before = next(e for e in parse(client.get(url)).entries if e.title == lead.headline)

    lead.headline, lead.slug = "Nordkorea entsendet Truppen", "nordkorea-entsendet-truppen"
    lead.save()

    after = next(e for e in parse(client.get(url)).entries if e.title == lead.headline)
    assert after.id == before.id
    assert after.link != before.link
    assert after.link.endswith(f"/nordkorea-entsendet-truppen-{lead.pk}/")


# What each feed holds ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_feeds_hide_drafts_scheduled_and_archived_stories(client, newsroom, kind, fmt):
    feed = parse(client.get(feed_url(kind, fmt, newsroom)))

    assert not story_ids(feed) & {story.pk for story in newsroom["hidden"].values()}


def test_each_feed_holds_its_subjects_stories(client, newsroom):
    lead, europe, other = newsroom["lead"], newsroom["europe_story"], newsroom["other"]

    def ids(kind):
        return story_ids(parse(client.get(feed_url(kind, "rss", newsroom))))

    assert ids("site") == {lead.pk, other.pk}  # the German edition's
    assert ids("section") == {lead.pk}
    assert ids("tag") == {lead.pk}
    assert ids("contributor") == {lead.pk}
    europe.section = newsroom["europe"]
    europe.language = "de"
    europe.save()
    assert ids("section") == {lead.pk, europe.pk}  # the sub-section's story too


def test_the_feed_holds_the_50_newest_stories_newest_first(client, newsroom):
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            headline=f"Meldung {n}",
            slug=f"meldung-{n}",
            section=newsroom["world"],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n),
            first_published_at=now - timedelta(minutes=n),
        )
        for n in range(1, FEED_SIZE + 3)
    )

    feed = parse(client.get(feed_url("site", "atom", newsroom)))

    assert [e.title for e in feed.entries] == [f"Meldung {n}" for n in range(1, FEED_SIZE + 1)]


@pytest.mark.parametrize("kind", ["section", "tag", "contributor"])
def test_an_unknown_subject_is_404(client, db, kind):
    assert (
        client.get(reverse(f"feeds:{kind}-rss", kwargs={"slug": "gibt-es-nicht"})).status_code
        == 404
    )


# Text editors type ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_markup_characters_emoji_and_control_characters_make_valid_xml(client, db, settings, fmt):
    section = make_section("Welt & Wetter", description="Stürme\x0b <und> Regen")
    story = make_article(
        "Tom & Jerry <b> \x0bfeiern\x01 Käse 🧀",
        section=section,
        authors=["Zoë \x1fÅström"],
        standfirst="A & B\x0c < C",
        body="<p>Grüße\x0b &amp; 🎉</p>",
    )
    story.tags.add("Öl & Gas\x08")

    feed = parse(client.get(reverse(f"feeds:section-{fmt}", kwargs={"slug": section.slug})))

    assert feed.feed.title == "Welt & Wetter – Newsroom"
    assert html.unescape(feed.feed.subtitle) == "Stürme <und> Regen"
    [entry] = feed.entries
    assert entry.title == "Tom & Jerry <b> feiern Käse 🧀"
    assert html.unescape(entry.summary) == "A & B < C"
    assert [author.name for author in entry.authors] == ["Zoë Åström"]
    assert "Öl & Gas" in {tag.term for tag in entry.tags}
    assert "Grüße &amp; 🎉" in entry.content[0].value


# Cheap to poll -------------------------------------------------------------------------------


def test_a_feed_can_be_cached_by_proxies(client, newsroom):
    response = client.get(feed_url("site", "rss", newsroom))

    assert "public" in response["Cache-Control"]
    assert "max-age=300" in response["Cache-Control"]
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_repeat_poll_gets_304_without_a_body(client, newsroom, kind, fmt):
    url = feed_url(kind, fmt, newsroom)
    first = client.get(url)

    by_etag = client.get(url, headers={"if-none-match": first["ETag"]})
    by_date = client.get(url, headers={"if-modified-since": first["Last-Modified"]})

    for response in (by_etag, by_date):
        assert response.status_code == 304
        assert response.content == b""
        assert "max-age=300" in response["Cache-Control"]


def _everything_happened_an_hour_ago():
    """Stories published and last saved a while back, as between two polls in real life."""
    Article.objects.update(modified_at=db_now() - timedelta(hours=1))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_scheduled_story_coming_due_ends_the_304s(client, newsroom, fmt):
    _everything_happened_an_hour_ago()
    scheduled = newsroom["hidden"]["scheduled"]
    url = feed_url("section", fmt, newsroom)
    first = client.get(url)
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304

    # Its time passes; nobody saves anything.
    Article.objects.filter(pk=scheduled.pk).update(published_at=db_now() - timedelta(seconds=1))

    by_etag = client.get(url, headers={"if-none-match": first["ETag"]})
    by_date = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    for response in (by_etag, by_date):
        assert scheduled.pk in story_ids(parse(response))
    assert by_etag["ETag"] != first["ETag"]


def test_publishing_a_story_ends_the_304s(client, newsroom):
    url = feed_url("site", "rss", newsroom)
    first = client.get(url)

    publish(newsroom["hidden"]["draft"])

    response = client.get(url, headers={"if-none-match": first["ETag"]})
    assert newsroom["hidden"]["draft"].pk in story_ids(parse(response))


def test_a_story_leaving_the_feed_ends_the_304s(client, newsroom):
    url = feed_url("site", "rss", newsroom)
    first = client.get(url)

    Article.objects.filter(pk=newsroom["other"].pk).update(status=Article.Status.ARCHIVED)

    response = client.get(url, headers={"if-none-match": first["ETag"]})
    assert newsroom["other"].pk not in story_ids(parse(response))


def test_a_correction_ends_the_304s(client, newsroom):
    url = feed_url("site", "atom", newsroom)
    first = client.get(url)

    newsroom["lead"].corrections.create(text="Die Zahl war falsch.")

    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 200


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_feed_goes_to_the_server_in_one_piece(client, newsroom, fmt):
    """The WSGI server sends each piece of a response with its own system call; the feed
    writer would leave one piece per XML fragment."""
    response = client.get(feed_url("site", fmt, newsroom))
    assert response.status_code == 200
    assert len(list(response)) == 1 and len(response.content) > 1000


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_query_count_is_constant(client, newsroom, kind, fmt, django_assert_max_num_queries):
    world, author = newsroom["world"], newsroom["author"]
    for n in range(30):
        story = make_article(f"Weitere Meldung {n}", section=world, authors=[f"Autor {n}"])
        Credit.objects.create(article=story, contributor=author, order=9)
        story.tags.add("Klima", f"Thema {n}")
    url = feed_url(kind, fmt, newsroom)
    # At most: content state and section list (a section feed; both kept in production),
    # the ETag's stamp, stories, credits, tags. Never one more per story.
    with django_assert_max_num_queries(6):
        first = client.get(url)
    with django_assert_max_num_queries(6):
        assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert len(parse(first).entries) > 30


# Where readers find the feeds ----------------------------------------------------------------


def _alternates(content: bytes) -> set[tuple[str, str]]:
    from html.parser import HTMLParser

    found = set()

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "link" and attrs.get("rel") == "alternate" and "type" in attrs:
                found.add((attrs["type"], attrs["href"]))

    Links().feed(content.decode())
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_each_page_advertises_its_feeds(client, newsroom, kind):
    page = {
        "site": reverse("articles:home"),
        "section": newsroom["world"].get_absolute_url(),
        "tag": reverse("articles:tag", kwargs={"slug": "klima"}),
        "contributor": newsroom["author"].get_absolute_url(),
    }[kind]

    links = _alternates(client.get(page).content)

    assert ("application/rss+xml", feed_url(kind, "rss", newsroom)) in links
    assert ("application/atom+xml", feed_url(kind, "atom", newsroom)) in links


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_feeds_page_lists_the_site_and_section_feeds(client, newsroom, language):
    from django.utils import translation

    with translation.override(language):
        page = reverse("articles:feeds")
    assert page == {"de": "/feeds/", "en": "/en/feeds/"}[language]

    content = client.get(page).content.decode()

    for kind, slug in [("site", None), ("section", "welt"), ("section", "europa")]:
        for fmt in FORMATS:
            kwargs = {"slug": slug} if slug else {}
            assert f'href="{reverse(f"feeds:{kind}-{fmt}", kwargs=kwargs)}"' in content


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_items_corrections_follow_its_text_in_its_language(client, newsroom, fmt):
    lead = newsroom["lead"]
    Correction.objects.create(
        article=lead, text="Es sind 3.000 Soldaten.", published_at=lead.published_at
    )
    english = make_article("North Korea sends more troops", language="en", section=lead.section)
    Correction.objects.create(article=english, kind="update", text="Seoul has confirmed.")
    german = next(
        e
        for e in parse(client.get(feed_url("site", fmt, newsroom))).entries
        if e.title == lead.headline
    )
    assert "Korrektur, " in german.content[0].value
    assert "Es sind 3.000 Soldaten." in german.content[0].value
    with translation.override("en"):
        url = reverse("feeds:site-" + fmt)
    entry = parse(client.get(url)).entries[0]
    assert "Update, " in entry.content[0].value and "Seoul has confirmed." in entry.content[0].value
    assert "Korrektur" not in entry.content[0].value
