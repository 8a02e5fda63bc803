"""A picture's words per story: an English story using a German picture shows English text."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from articles import publishing
from articles.models import Article, Image
from tests.conftest import make_article

pytestmark = pytest.mark.django_db
LIBRARY = "/admin/articles/image/"
UPLOAD = "/admin/articles/image/upload/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg(width=1200, height=800, *, exif=None) -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", (width, height), "teal").save(buffer, "JPEG", exif=exif or b"")
    return buffer.getvalue()


def picture(alt="Ein Hafen", *, size=(1200, 800), **fields) -> Image:
    upload = SimpleUploadedFile("photo.jpg", jpeg(*size), "image/jpeg")
    return publishing.save_image(Image(file=upload, alt_text=alt, **fields))


def logged_in(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def grid(html: str) -> list[str]:
    """The alt texts of the library's grid, in order."""
    return re.findall(r'<span class="newsroom-library-alt">([^<]*)</span>', html)


def change_url(obj) -> str:
    return f"/admin/articles/{obj._meta.model_name}/{obj.pk}/change/"


# --- a picture's words per story ---------------------------------------------------------------


def lead_figure(html: str) -> str:
    return re.search(r'<figure class="image">.*?</figure>', html, re.S)[0]


def test_an_english_story_shows_its_own_words_for_a_german_picture(client):
    harbour = picture("Ein Hafen", caption="Der Hafen im Nebel", credit="dpa")
    story = make_article(
        "Port to grow",
        language="en",
        lead_image=harbour,
        lead_image_alt="A harbour",
        lead_image_caption="The harbour in fog",
    )
    html = client.get(story.get_absolute_url()).content.decode()
    figure = lead_figure(html)
    assert 'alt="A harbour" width=' in figure
    assert '<figcaption>The harbour in fog <span class="credit">dpa</span>' in figure
    assert "Ein Hafen" not in html and "Nebel" not in html  # meta, JSON-LD too
    assert '<meta property="og:image:alt" content="A harbour">' in html


def test_without_its_own_words_an_english_story_marks_the_pictures_as_german(client):
    harbour = picture("Ein Hafen", caption="Der Hafen im Nebel")
    story = make_article("Port to grow", language="en", lead_image=harbour)
    figure = lead_figure(client.get(story.get_absolute_url()).content.decode())
    assert 'alt="Ein Hafen" lang="de"' in figure
    assert '<figcaption lang="de">Der Hafen im Nebel' in figure

    german = make_article("Hafen wächst", lead_image=harbour)
    figure = lead_figure(client.get(german.get_absolute_url()).content.decode())
    assert 'lang="de"' not in figure  # the page is German already


def test_the_dashboard_lists_stories_showing_a_picture_in_the_main_language(client, editor):
    harbour = picture("Ein Hafen", caption="Der Hafen im Nebel")
    bare = make_article("Port to grow", language="en", lead_image=harbour)
    captionless = make_article(
        "Port opens", language="en", lead_image=harbour, lead_image_alt="A harbour"
    )
    make_article(
        "Port closes",
        language="en",
        lead_image=harbour,
        lead_image_alt="A harbour",
        lead_image_caption="Fog",
    )
    make_article("Hafen wächst", lead_image=harbour)  # German: the picture's words fit
    make_article(
        "Port in the bin", language="en", lead_image=harbour, status="deleted", published=False
    )
    html = logged_in(client, editor).get("/admin/").content.decode()
    listed = html.split("<h3>Pictures without text in the story&#x27;s language</h3>")[1]
    listed = listed.split("</section>")[0]
    assert re.findall(r'change/">([^<]+)</a>', listed) == ["Port opens", "Port to grow"]
    assert f"/admin/articles/article/{bare.pk}/change/" in listed
    assert f"/admin/articles/article/{captionless.pk}/change/" in listed


def test_a_changed_usage_text_shows_on_the_next_request_of_a_cached_page(client, editor, settings):
    settings.PAGE_CACHE_SECONDS = 600
    harbour = picture("Ein Hafen")
    story = make_article(
        "Port to grow", language="en", lead_image=harbour, lead_image_alt="A harbour"
    )
    url = story.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    story = Article.objects.get(pk=story.pk)
    story.lead_image_alt = "The old harbour at dawn"
    publishing.save_edit(story, by=editor, expected_version=story.version)

    html = client.get(url).content.decode()

    assert 'alt="The old harbour at dawn"' in html
    assert 'alt="A harbour"' not in html
    front = client.get("/en/").content.decode()
    assert 'alt="The old harbour at dawn"' in front


def test_a_translation_starts_without_the_originals_picture_words(editor):
    harbour = picture("Ein Hafen")
    original = make_article(
        "Hafen wächst",
        lead_image=harbour,
        lead_image_alt="Der alte Hafen",
        published_at=timezone.now() - timedelta(hours=2),
    )
    draft = publishing.create_translation(original, "en", by=editor)
    assert (draft.lead_image, draft.lead_image_alt) == (harbour, "")
    assert draft in Article.objects.with_foreign_picture_text()
