from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from PIL import Image as PILImage
from taggit.models import Tag

from articles.images import validate_image_file
from articles.models import Article, Contributor, Section
from articles.publishing import publish
from tests.conftest import db_now, make_article, make_section

pytestmark = pytest.mark.django_db


def test_article_url_carries_section_slug_and_id():
    story = make_article("Größte Übung für Straßenbahnfahrer", section=make_section("Welt"))
    assert story.get_absolute_url() == f"/welt/groesste-uebung-fuer-strassenbahnfahrer-{story.pk}/"


def test_body_is_sanitised_on_every_save_even_without_a_form():
    story = make_article(body='<p onclick="x()">Hi<script>alert(1)</script></p><iframe src="x">')
    story.refresh_from_db()
    assert story.body == "<p>Hi</p>"
    story.body = '<a href="javascript:alert(1)">x</a><h2 style="color:red">Sub</h2>'
    story.save()
    story.refresh_from_db()
    assert story.body == '<a rel="noopener noreferrer">x</a><h2>Sub</h2>'


def test_sections_nest_one_level_only():
    top = make_section("Lokales")
    town = make_section("Neustadt", parent=top)
    district = Section(name="Altstadt", slug="altstadt", parent=town)
    with pytest.raises(ValidationError) as error:
        district.full_clean()
    assert "parent" in error.value.message_dict
    top.parent = make_section("Welt")
    with pytest.raises(ValidationError):
        top.full_clean()


def test_section_slugs_are_unique():
    make_section("Welt", slug="welt")
    with pytest.raises(IntegrityError):
        make_section("Welt 2", slug="welt")


def test_one_translation_per_language():
    original = make_article("Original", language="de")
    make_article("Translation", language="en", translation_of=original)
    with pytest.raises(IntegrityError):
        make_article("Second translation", language="en", translation_of=original)


def test_translation_must_be_in_another_language():
    original = make_article("Original", language="de")
    copy = Article(
        headline="Kopie",
        slug="kopie",
        section=original.section,
        language="de",
        translation_of=original,
    )
    with pytest.raises(ValidationError) as error:
        copy.full_clean()
    assert "translation_of" in error.value.message_dict


def test_published_story_needs_a_publish_time_in_the_database_too():
    story = make_article(published=False)
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=story.pk).update(status="published", published_at=None)


def test_first_publication_time_is_set_once():
    story = make_article(published=False)
    first = db_now() - timedelta(days=2)
    publish(story, at=first)
    publish(story, at=db_now() - timedelta(hours=1))
    story.refresh_from_db()
    assert story.first_published_at == first
    assert story.version == 3


def image_bytes(fmt="PNG", size=(40, 30)) -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", size, "red").save(buffer, fmt)
    return buffer.getvalue()


def test_a_real_image_passes_validation():
    validate_image_file(SimpleUploadedFile("photo.jpg", image_bytes("JPEG")))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("notes.jpg", b"this is plain text, not a picture", "not_image"),
        ("vector.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "svg"),
        ("inline.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "svg"),
        ("cut.png", image_bytes("PNG", (200, 200))[:-60], "broken"),
    ],
)
def test_files_that_are_not_sound_images_are_refused(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_image_file(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_tag_slugs_transliterate_german_and_stay_unique(client):
    story = make_article("Derby")
    story.tags.add("Fußball", "Fussball", "Bürgerentscheid")
    slugs = sorted(story.tags.values_list("slug", flat=True))
    assert slugs == ["buergerentscheid", "fussball", "fussball-2"]
    assert client.get("/thema/fussball/").status_code == 200
    assert client.get(story.get_absolute_url()).status_code == 200


def test_every_stored_text_is_nfc_without_control_characters(client):
    """Badly decoded copy (U+009C for "œ"), a NUL, decomposed accents and a line break in a
    one-line field, through the models' own save: what any writer goes through."""
    section = Section.objects.create(
        name="Wel\x00t", slug="welt", translations={"en": {"name": "World\x9c"}}
    )
    person = Contributor.objects.create(name="Jo\u0308rg\nMu\u0308ller", slug="joerg")
    story = make_article(
        "Man\x9coeuvre im Cafe\u0301", section=section, standfirst="Zeile\r\n2\x07"
    )
    story.tags.add("Kli\x1bma")
    section.refresh_from_db(), person.refresh_from_db(), story.refresh_from_db()
    assert section.name == "Welt" and section.translations == {"en": {"name": "World"}}
    assert person.name == "Jörg Müller"
    assert story.headline == "Manoeuvre im Café" and story.standfirst == "Zeile\r\n2"
    assert Tag.objects.get().name == "Klima"
    html = client.get("/").content.decode()
    assert "Manoeuvre im Café" in html and "\x9c" not in html
