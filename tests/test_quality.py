"""Reader pages as a validator, a slow phone and a cache see them (no browser).

- The Nu Html Checker (vnu.jar from npm, `make setup` installs it) finds no HTML errors.
- A long story's page, HTML plus CSS, gzipped, stays under 60 kB.
- The stylesheet has a hashed name and is served compressed with far-future caching.
- Pictures below the fold load lazily with their size reserved; the lead picture does not.
- No JavaScript is needed to read a story.

`build_newsroom()` is the realistic data set the browser tests (tests/browser/test_reader.py)
use as well.
"""

import gzip
import json
import re
import shutil
import subprocess
from datetime import timedelta
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlparse
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from faker import Faker
from PIL import Image as PILImage

from articles.models import Correction, Credit, Image, PreviewLink
from tests.conftest import db_now, make_article, make_contributor, make_section

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGE_WEIGHT_LIMIT = 60 * 1024  # bytes, gzipped HTML + CSS of an article page
ONE_YEAR = 365 * 24 * 60 * 60

LONG_HEADLINE = "Neustadt baut den Hochwasserschutz an der Altstadt für 48 Millionen Euro aus"
LONG_ALT = "Das Ufer der Altstadt bei Hochwasser, im Vordergrund überflutete Sandsäcke"


# The data set ------------------------------------------------------------------------------


def jpeg(width: int, height: int, colour: str) -> ContentFile:
    buffer = BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "JPEG", quality=80)
    return ContentFile(buffer.getvalue())


def make_image(alt_text: str, name: str, *, colour="steelblue", size=(1200, 675), **fields):
    image = Image(alt_text=alt_text, **fields)
    image.file.save(f"{name}.jpg", jpeg(*size, colour), save=False)
    image.full_clean()
    image.save()
    return image


def long_body(words: int = 1500, seed: int = 1848) -> str:
    """A story body of about `words` words: paragraphs, subheadings, a quote, a list, links."""
    fake = Faker("de_DE")
    fake.seed_instance(seed)
    subheadings = iter(
        [
            "Was die Stadt plant",
            "Kritik aus dem Stadtrat",
            "Was Anwohner wissen müssen",
            "Wer das bezahlt",
            "Wie es weitergeht",
            "Erfahrungen aus anderen Städten",
        ]
    )
    parts, count, number = [], 0, 0
    while count < words:
        number += 1
        paragraph = fake.paragraph(nb_sentences=7, variable_nb_sentences=True)
        if number % 4 == 0:
            parts.append(f"<h2>{next(subheadings, fake.sentence(nb_words=4).rstrip('.'))}</h2>")
        if number == 3:
            parts.append(f"<blockquote><p>„{fake.sentence(nb_words=14)}“</p></blockquote>")
        if number == 6:
            items = "".join(f"<li>{fake.sentence(nb_words=8)}</li>" for _ in range(4))
            parts.append(f"<ul>{items}</ul>")
        if number == 9:
            paragraph += (
                ' Der <a href="https://www.example.org/hochwasser/plan.pdf">Bericht der'
                " Verwaltung</a> ist online."
            )
        parts.append(f"<p>{paragraph}</p>")
        count += len(paragraph.split())
    return "".join(parts)


def build_newsroom() -> dict:
    """Sections (one with a sub-section), German and English stories with credits, tags, a
    correction, lead images with alt text, a translation pair and a contributor with a bio.
    The long story is the newest, so it leads the front page."""
    now = db_now()
    politik = make_section("Politik", order=1, description="Bund, Land und Rathaus.")
    lokales = make_section("Lokales", order=2, description="Nachrichten aus der Region.")
    neustadt = make_section(
        "Neustadt", parent=lokales, order=3, description="Alles aus Neustadt am Fluss."
    )
    welt = make_section("Welt", order=4)
    anna = make_contributor(
        "Anna Schmidt",
        affiliation="Neustädter Zeitung",
        bio="Anna Schmidt berichtet seit 2015 aus dem Rathaus und über Stadtentwicklung.",
    )
    ben = make_contributor("Ben Weber")
    gawon = make_contributor("Gawon Bae", affiliation="CNN")
    lena = make_contributor("Lena Krüger", bio="Fotografin in Neustadt.")

    def hours_ago(hours):
        return now - timedelta(hours=hours)

    def credit(story, *pairs):
        for order, (person, role) in enumerate(pairs):
            Credit.objects.create(article=story, contributor=person, role=role, order=order)

    stories = {}

    def story(headline, section, hours, *, tags=(), image=None, credits=(), **fields):
        fields.setdefault("standfirst", f"{headline}: was bisher bekannt ist.")
        fields.setdefault(
            "body",
            "<p>Die Stadt hat am Morgen informiert. Weitere Einzelheiten folgen.</p>"
            "<h2>Hintergrund</h2><p>Der Stadtrat berät in der kommenden Woche darüber.</p>",
        )
        article = make_article(
            headline, section=section, published_at=hours_ago(hours), lead_image=image, **fields
        )
        credit(article, *credits)
        if tags:
            article.tags.add(*tags)
        stories[headline] = article
        return article

    long = story(
        LONG_HEADLINE,
        neustadt,
        1,
        kicker="Stadtentwicklung",
        standfirst=(
            "Nach zwei Hochwassern in fünf Jahren beschließt der Stadtrat neue Schutzmauern, "
            "mobile Deiche und mehr Platz für den Fluss. Die Arbeiten beginnen im Frühjahr."
        ),
        body=long_body(),
        dateline="Neustadt",
        source="dpa",
        image=make_image(
            LONG_ALT, "hochwasser", caption="Das Hochwasser im Juni 2024.", credit="Lena Krüger"
        ),
        credits=[(anna, "author"), (ben, "author"), (gawon, "contributor"), (lena, "photographer")],
        tags=["Hochwasser", "Neustadt am Fluss", "Klimawandel", "Stadtrat", "Bauen", "Umwelt"],
    )
    Correction.objects.create(
        article=long,
        text="In einer früheren Fassung hieß es, die Arbeiten kosteten 40 Millionen Euro.",
    )
    story(
        "Neustadt is expanding its flood defences in the old town",
        neustadt,
        2,
        language="en",
        translation_of=long,
        standfirst="After two floods in five years the council votes for new walls and dykes.",
        body="<p>The city council has approved new flood walls.</p><h2>Costs</h2>"
        "<p>The work will cost 48 million euros.</p>",
        image=long.lead_image,
        credits=[(anna, "author"), (ben, "translator")],
        tags=["Flooding", "Neustadt am Fluss"],
    )
    colours = ["darkolivegreen", "sienna", "slategray", "teal", "indigo", "firebrick"]
    for number, (headline, section, tags) in enumerate(
        [
            ("Sandsäcke liegen bereit: So schützt sich die Altstadt", neustadt, ["Hochwasser"]),
            ("Neue Brücke über den Fluss wird teurer", neustadt, ["Bauen", "Stadtrat"]),
            ("Kreistag streitet über Busverbindungen", lokales, ["Verkehr"]),
            ("Hochwasser im Nachbarkreis: Pegel sinken langsam", lokales, ["Hochwasser"]),
            ("Bürgermeisterin kündigt Haushaltssperre an", politik, ["Stadtrat", "Finanzen"]),
            ("Landtag beschließt Klimagesetz", politik, ["Klimawandel", "Umwelt"]),
        ]
    ):
        story(
            headline,
            section,
            3 + number,
            image=make_image(
                f"Symbolbild: {headline}", f"bild-{number}", colour=colours[number], size=(800, 450)
            ),
            credits=[(anna if number % 2 else ben, "author")],
            tags=tags,
        )
    story(
        "Talks on the Black Sea ceasefire resume in Riyadh",
        welt,
        10,
        language="en",
        kicker="Ukraine",
        credits=[(gawon, "author")],
        tags=["Ukraine", "Diplomatie"],
    )
    story(
        "Nordkorea schickt weitere Soldaten nach Russland",
        welt,
        11,
        kicker="Krieg in der Ukraine",
        credits=[(ben, "author"), (gawon, "contributor")],
        tags=["Ukraine", "Nordkorea"],
    )
    return {
        "sections": {"politik": politik, "lokales": lokales, "neustadt": neustadt, "welt": welt},
        "contributors": {"anna": anna, "ben": ben, "gawon": gawon, "lena": lena},
        "long": long,
        "stories": stories,
    }


# Helpers ------------------------------------------------------------------------------------


@pytest.fixture
def newsroom(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_newsroom()


def html_of(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


class Tags(HTMLParser):
    """Every start tag as (name, attributes)."""

    def __init__(self, html: str):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def of(self, name: str) -> list[dict]:
        return [attrs for tag, attrs in self.tags if tag == name]


def stylesheet_urls(html: str) -> list[str]:
    return [link["href"] for link in Tags(html).of("link") if "stylesheet" in link.get("rel", "")]


def wsgi_get(path: str, **headers) -> tuple[str, dict, bytes]:
    """A GET through the project's WSGI application, as gunicorn would send it."""
    from newsroom.wsgi import application

    environ = {"PATH_INFO": path, "HTTP_HOST": "localhost", "REQUEST_METHOD": "GET"}
    environ |= {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = status
        answer["headers"] = {name.lower(): value for name, value in response_headers}

    result = application(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return answer["status"], answer["headers"], body


# Nu Html Checker ----------------------------------------------------------------------------


def english_pages(newsroom) -> dict:
    """The English edition's surfaces besides its front page and story (name: url)."""
    with translation.override("en"):
        return {
            "section-en": newsroom["sections"]["lokales"].get_absolute_url(),
            "sub-section-en": newsroom["sections"]["neustadt"].get_absolute_url(),
            "tag-en": "/en/topic/hochwasser/",
            "contributor-en": newsroom["contributors"]["anna"].get_absolute_url(),
            "search-en": "/en/search/?q=flood",
            "404-en": ("/en/does-not-exist/", 404),
        }


def expired_link(article) -> PreviewLink:
    return PreviewLink.objects.create(article=article, expires_at=timezone.now())


def test_reader_pages_are_valid_html(client, newsroom, tmp_path):
    java = shutil.which("java")
    assert java, "java is not on the PATH: the Nu Html Checker needs Java 11+ (Debian: default-jre)"
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `make setup` (npm ci installs vnu-jar)"
    long = newsroom["long"]
    pages = {
        "home": "/",
        "home-en": "/en/",
        "section": newsroom["sections"]["lokales"].get_absolute_url(),
        "sub-section": newsroom["sections"]["neustadt"].get_absolute_url(),
        "article": long.get_absolute_url(),
        "article-en": long.translations.get().get_absolute_url(),
        "tag": "/thema/hochwasser/",
        "contributor": newsroom["contributors"]["anna"].get_absolute_url(),
        "search": "/suche/?q=Hochwasser",
        "search-empty": "/suche/?q=",
        "404": ("/gibt-es-nicht/", 404),
        "preview-ended": (f"/vorschau/{expired_link(long).token}/", 410),
        **english_pages(newsroom),
    }
    files = []
    for name, url in pages.items():
        url, status = url if isinstance(url, tuple) else (url, 200)
        path = tmp_path / f"{name}.html"
        path.write_text(html_of(client, url, status))
        files.append(str(path))
    html = (tmp_path / "article.html").read_text()
    for part in [LONG_ALT, 'class="corrections"', "/thema/umwelt/", 'hreflang="en"']:
        assert part in html, f"the article page should show {part!r}"

    # One JVM for every page: vnu takes several files at once.
    checked = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    try:
        messages = json.loads(checked.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu.jar gave no JSON report (exit {checked.returncode}): {checked.stderr}")

    def where(message):  # file:/tmp/.../article.html -> article
        return Path(unquote(urlparse(message.get("url", "")).path)).stem or "?"

    warnings = [m for m in messages if m.get("subType") == "warning"]
    print(f"\nvnu checked {len(files)} pages: {len(messages)} messages, {len(warnings)} warnings")
    for m in warnings:
        print(f"  warning {where(m)}:{m.get('lastLine')}: {m['message']}")
    errors = [
        f"{where(m)}:{m.get('lastLine')}: {m['message']}\n    {m.get('extract', '').strip()!r}"
        for m in messages
        if m["type"] in {"error", "non-document-error"}
    ]
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)


# Page weight and static files ----------------------------------------------------------------


def test_a_long_article_page_weighs_under_60_kb_gzipped(client, newsroom):
    long = newsroom["long"]
    assert 1400 <= len(re.sub(r"<[^>]+>", " ", long.body).split()) <= 1700
    assert long.credits.count() == 4 and long.tags.count() == 6
    html = html_of(client, long.get_absolute_url())
    assert 'class="related"' in html, "the long story should list related stories"

    sizes = {"HTML": len(gzip.compress(html.encode(), compresslevel=6))}
    for url in stylesheet_urls(html):
        status, headers, body = wsgi_get(url, accept_encoding="gzip")
        assert status.startswith("200"), (url, status)
        if headers.get("content-encoding") != "gzip":
            body = gzip.compress(body, compresslevel=6)
        sizes[url] = len(body)
    total = sum(sizes.values())
    figures = ", ".join(f"{name} {size / 1024:.1f} kB" for name, size in sizes.items())
    print(f"\narticle page, gzipped: {figures}; total {total / 1024:.1f} kB of 60 kB")
    assert len(sizes) > 1, "the article page links no stylesheet"
    assert total < PAGE_WEIGHT_LIMIT, f"{total / 1024:.1f} kB gzipped ({figures})"


def test_stylesheet_is_hashed_compressed_and_cached_for_a_year(client, newsroom):
    [url] = stylesheet_urls(html_of(client, "/"))
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url), url

    for encodings, expected in [("gzip, br", {"gzip", "br"}), ("gzip", {"gzip"})]:
        status, headers, body = wsgi_get(url, accept_encoding=encodings)
        assert status.startswith("200"), status
        cache_control = headers.get("cache-control", "")
        max_age = re.search(r"max-age=(\d+)", cache_control)
        assert max_age and int(max_age.group(1)) >= ONE_YEAR, cache_control
        assert "immutable" in cache_control, cache_control
        assert headers.get("content-encoding") in expected, (encodings, headers)
        assert "accept-encoding" in headers.get("vary", "").lower(), headers
        if headers["content-encoding"] == "gzip":
            assert b"--accent" in gzip.decompress(body)


# Images and scripts --------------------------------------------------------------------------


def test_pictures_below_the_fold_load_lazily_with_their_size_reserved(client, newsroom):
    pages = [
        "/",
        newsroom["sections"]["lokales"].get_absolute_url(),
        "/thema/hochwasser/",
        newsroom["contributors"]["anna"].get_absolute_url(),
    ]
    for url in pages:
        images = Tags(html_of(client, url)).of("img")
        assert len(images) >= 2, f"{url} should show several pictures ({len(images)})"
        for image in images:
            assert image.get("alt", "").strip(), (url, image)
            assert image.get("width", "").isdigit() and image.get("height", "").isdigit(), (
                url,
                image,
            )
        for image in images[1:]:
            assert image.get("loading") == "lazy", (url, image)


def test_the_lead_picture_of_a_story_loads_at_once(client, newsroom):
    html = html_of(client, newsroom["long"].get_absolute_url())
    [lead] = [img for img in Tags(html).of("img") if img.get("alt") == LONG_ALT]
    assert lead.get("loading") != "lazy", lead
    assert lead["width"] == "1200" and lead["height"] == "675", lead


def test_reading_a_story_needs_no_javascript(client, newsroom):
    html = html_of(client, newsroom["long"].get_absolute_url())
    scripts = Tags(html).of("script")
    assert scripts, "the article page should carry its JSON-LD"
    others = [s for s in scripts if s.get("type") != "application/ld+json"]
    assert others == [], others
    handlers = [
        (tag, name) for tag, attrs in Tags(html).tags for name in attrs if name.startswith("on")
    ]
    assert handlers == [], f"inline event handlers: {handlers}"
