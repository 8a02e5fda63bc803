"""The media library: a grid to find pictures in, where each is used, choosing one for a
story, uploading several at once, replacing a file, and a picture's words per story."""

import importlib
import json
import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image as PILImage
from reversion.models import Version

from articles import publishing
from articles.importing import import_story
from articles.media import figures, library, renditions
from articles.models import Article, Image
from articles.sanitizing import sanitize_body
from tests.conftest import form_data, make_article, make_user

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


def figure(image, *, alt="", caption="") -> str:
    """A picture in a story body, as the editor's picture button writes it."""
    alt = f' data-alt="{alt}"' if alt else ""
    caption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure data-image="{image.pk}" data-align="full"{alt}>{caption}</figure>'


def in_text(*images, **words) -> str:
    return "<p>Vorher.</p>" + "".join(figure(image, **words) for image in images)


# --- the grid ------------------------------------------------------------------------------


def test_the_library_is_a_grid_of_small_renditions_saying_which_are_unused(client, editor):
    harbour = picture("Ein Hafen", photographer="Jan Kahl", credit="Foto: J. Kahl")
    picture("Ein Leuchtturm")
    make_article("Hafen wird ausgebaut", lead_image=harbour)
    html = logged_in(client, editor).get(LIBRARY).content.decode()

    assert grid(html) == ["Ein Leuchtturm", "Ein Hafen"]  # newest first
    assert re.search(rf'src="/media/renditions/{harbour.pk}/whole-\w+-320\.webp"', html)
    assert f'src="{harbour.file.url}"' not in html  # never the original
    assert "Jan Kahl · Foto: J. Kahl" in html
    assert html.count("not in any story") == 2  # the lighthouse, and the filter's choice
    assert 'href="/admin/articles/image/upload/"' in html


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("leucht", ["Ein Leuchtturm"]),  # alt text
        ("sturmflut", ["Ein Leuchtturm"]),  # caption
        ("dpa", ["Ein Hafen"]),  # credit
        ("kahl", ["Ein Hafen"]),  # photographer
        ("2026-11-03", ["Ein Hafen"]),  # upload day
        ("3.11.2026", ["Ein Hafen"]),
        ("2026-11", ["Ein Hafen"]),  # upload month
        ("2026-02-30", []),  # no such day: nothing, not an error
    ],
)
def test_the_library_finds_pictures_by_their_words_and_upload_date(client, editor, term, found):
    harbour = picture("Ein Hafen", credit="dpa", photographer="Jan Kahl")
    picture("Ein Leuchtturm", caption="Nach der Sturmflut")
    Image.objects.filter(pk=harbour.pk).update(created_at="2026-11-03T10:00:00+01:00")
    html = logged_in(client, editor).get(LIBRARY, {"q": term}).content.decode()
    assert grid(html) == found


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"shape": "portrait"}, ["Hochformat"]),
        ({"shape": "landscape"}, ["Ohne Credit", "Querformat"]),
        ({"shape": "square"}, ["Quadrat"]),
        ({"shape": "small"}, ["Hochformat", "Quadrat"]),
        ({"used": "yes"}, ["Querformat", "Hochformat"]),  # lead image, in a story's text
        ({"used": "no"}, ["Ohne Credit", "Quadrat"]),
        ({"credited": "no"}, ["Ohne Credit"]),
        ({"credited": "yes", "shape": "landscape"}, ["Querformat"]),
    ],
)
def test_the_library_filters_by_shape_use_and_credit(client, editor, query, found):
    used = picture("Querformat", credit="dpa")
    picture("Hochformat", size=(600, 900), credit="dpa")
    picture("Quadrat", size=(700, 700), credit="dpa")
    picture("Ohne Credit", size=(1600, 900))
    make_article("Mit Bild", lead_image=used)
    make_article("Bild im Text", body=in_text(Image.objects.get(alt_text="Hochformat")))
    make_article(
        "Im Papierkorb",
        lead_image=Image.objects.get(alt_text="Quadrat"),
        body=in_text(Image.objects.get(alt_text="Quadrat")),
        status="deleted",
        published=False,
    )
    html = logged_in(client, editor).get(LIBRARY, query).content.decode()
    assert sorted(grid(html)) == sorted(found)


def test_the_library_makes_as_many_queries_for_forty_pictures_as_for_two(client, editor):
    logged_in(client, editor)
    for number in range(2):
        picture(f"Bild {number}")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIBRARY, {"used": "no"}).status_code == 200
        return len(captured)

    few = queries()
    for number in range(2, 40):
        image = picture(f"Bild {number}")
        if number % 2:
            make_article(f"Geschichte {number}", body=in_text(image))  # in the text only
    assert queries() == few == 6  # session, user, permissions (2), count, the page with use
    assert len(grid(client.get(LIBRARY, {"used": "yes"}).content.decode())) == 19


# --- where a picture is used -----------------------------------------------------------------


def test_an_images_page_lists_the_stories_that_lead_with_it(client, editor):
    harbour = picture("Ein Hafen")
    draft = make_article("Hafen im Entwurf", lead_image=harbour, published=False)
    story = make_article("Hafen wird ausgebaut", lead_image=harbour, language="en")
    make_article("Gelöschter Hafen", lead_image=harbour, status="deleted", published=False)
    make_article("Ohne Bild")
    html = logged_in(client, editor).get(change_url(harbour)).content.decode()
    section = html.split('id="usages-heading"')[1]
    assert f'href="/admin/articles/article/{story.pk}/change/" lang="en">Hafen wird' in section
    assert (
        f'href="/admin/articles/article/{draft.pk}/change/" lang="de">Hafen im Entwurf' in section
    )
    assert "Gelöschter Hafen" not in section and "Ohne Bild" not in section

    lighthouse = picture("Ein Leuchtturm")
    assert "No story uses this picture." in client.get(change_url(lighthouse)).content.decode()


def test_an_images_page_says_which_stories_show_it_in_their_text(client, editor):
    harbour = picture("Ein Hafen")
    both = make_article("Hafen vorn und im Text", lead_image=harbour, body=in_text(harbour))
    text = make_article("Hafen im Text", body=in_text(harbour))
    make_article("Gelöscht im Text", body=in_text(harbour), status="deleted", published=False)
    html = logged_in(client, editor).get(change_url(harbour)).content.decode()
    section = html.split('id="usages-heading"')[1].split("</fieldset>")[0]
    entries = dict(re.findall(r'change/" lang="de">([^<]+)</a>\s*<small>([^<]*)</small>', section))
    assert entries.keys() == {str(both), str(text)}
    assert entries[str(both)].startswith("lead image · in the text · Welt")
    assert entries[str(text)].startswith("in the text · Welt")


def test_every_write_path_keeps_the_record_of_pictures_in_the_text(client, editor, tmp_path):
    harbour, lighthouse = picture("Ein Hafen"), picture("Ein Leuchtturm")
    # the admin's form (publishing.save_edit)
    story = make_article("Hafen wächst", published=False)
    logged_in(client, editor)
    data = form_data(client.get(change_url(story)))
    data["body"] = in_text(harbour, lighthouse)
    assert client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.body_images == [harbour.pk, lighthouse.pk]
    assert story in library.usages(lighthouse)

    # a revision brought back (publishing.restore_revision)
    story.body = in_text(lighthouse)
    story = publishing.save_edit(story, by=editor, expected_version=story.version)
    assert story not in library.usages(harbour)
    older = Version.objects.get_for_object(story)[1]
    story = publishing.restore_revision(story, older, by=editor)
    story.refresh_from_db()
    assert story.body_images == [harbour.pk, lighthouse.pk]

    # a wire update replacing the text (importing.import_story)
    wire = tmp_path / "meldung.txt"
    wire.write_text("Hafen wächst\n\nDer Hafen wird größer.\n", encoding="utf-8")
    imported = import_story(wire).article
    imported.body = in_text(harbour)
    imported.save()
    assert imported in library.usages(harbour)
    assert import_story(wire, update=True).outcome == "updated"
    assert imported not in library.usages(harbour)
    imported.refresh_from_db()
    assert imported.body_images == []


def test_what_a_body_shows_is_read_from_its_sanitised_figures():
    body = (
        '<figure data-align="inset-left" data-image="7" onclick="x()"></figure>'  # respelled
        '<figure data-image="8" data-align="full" data-alt="Own words">'
        "<figcaption>Ours</figcaption></figure>"
        '<figure data-image="7" data-align="full"><figcaption>Ours</figcaption></figure>'
        '<figure data-image="9" data-align="middle"></figure>'  # not a placement: dropped
    )
    found = figures.pictures_in(sanitize_body(body))
    assert found == figures.BodyPictures(shown=[7, 8], without_own_alt=[7], without_own_caption=[7])
    assert figures.pictures_in("") == figures.BodyPictures([], [], [])


def test_stories_written_before_the_record_get_it_from_the_migration(editor):
    harbour = picture("Ein Hafen")
    story = make_article("Hafen wächst", body=in_text(harbour, caption="Unser Hafen"))
    plain = make_article("Ohne Bild")
    Article.objects.update(
        body_images=[], body_images_without_own_alt=[], body_images_without_own_caption=[]
    )
    migration = importlib.import_module("articles.migrations.0019_body_image_usage")

    migration.note_body_pictures(apps, None)

    assert list(Article.objects.filter(body_images__contains=[harbour.pk])) == [story]
    story.refresh_from_db()
    assert (story.body_images_without_own_alt, story.body_images_without_own_caption) == (
        [harbour.pk],
        [],
    )
    plain.refresh_from_db()
    assert plain.body_images == []


def test_deleting_a_picture_names_the_stories_it_leaves_and_their_text_stays(client, editor):
    harbour = picture("Ein Hafen")
    lead = make_article("Hafen vorn", lead_image=harbour)
    story = make_article("Hafen im Text", body=in_text(harbour) + "<p>Nachher.</p>")
    logged_in(client, editor)
    page = client.get(f"/admin/articles/image/{harbour.pk}/delete/").content.decode()
    warning = page.split('id="usages-heading"')[1].split("</div>")[0]
    assert "Hafen vorn" in warning and "Hafen im Text" in warning
    assert "in the text" in warning and "lead image" in warning

    assert (
        client.post(f"/admin/articles/image/{harbour.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )

    assert not Image.objects.filter(pk=harbour.pk).exists()
    lead.refresh_from_db()
    assert lead.lead_image is None
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<p>Vorher.</p>" in html and "<p>Nachher.</p>" in html
    assert f"/media/renditions/{harbour.pk}/" not in html


def test_a_new_file_replaces_the_picture_in_story_texts_too(client, editor):
    harbour = picture("Ein Hafen")
    story = make_article("Hafen im Text", body=in_text(harbour))
    before = renditions.renditions(harbour, "whole")[0].name
    assert before in client.get(story.get_absolute_url()).content.decode()
    logged_in(client, editor)
    data = form_data(client.get(change_url(harbour)), "image_form")
    data["file"] = SimpleUploadedFile("neu.jpg", jpeg(900, 1200))
    assert client.post(change_url(harbour), data).status_code == 302
    harbour.refresh_from_db()

    client.logout()
    html = client.get(story.get_absolute_url()).content.decode()

    assert before not in html
    assert renditions.renditions(harbour, "whole")[0].name in html


# --- choosing a picture for a story ------------------------------------------------------------


def test_the_story_form_chooses_its_lead_image_from_the_library_popup(client, editor):
    harbour = picture("Ein Hafen")
    story = make_article("Hafen wird ausgebaut", lead_image=harbour, published=False)
    logged_in(client, editor)
    html = client.get(change_url(story)).content.decode()
    lookup = re.search(
        r'<a href="([^"]+)" class="related-lookup[^"]*" id="lookup_id_lead_image"', html
    )
    assert lookup and lookup[1] == "/admin/articles/image/?_to_field=id"
    assert re.search(
        rf'newsroom-library-chosen[^>]*><img src="/media/renditions/{harbour.pk}/', html
    )
    assert 'name="lead_image_alt"' in html and 'name="lead_image_caption"' in html

    popup = client.get(LIBRARY, {"_to_field": "id", "_popup": "1", "q": "hafen"})
    assert f'data-popup-opener="{harbour.pk}"' in popup.content.decode()
    assert "articles/admin/image_upload" in popup.content.decode()  # scripts from Media only

    thumb = client.get(f"/admin/articles/image/{harbour.pk}/thumbnail/").json()
    assert thumb["alt"] == "Ein Hafen" and thumb["thumbnail"]["width"] == 320
    assert client.get("/admin/articles/image/999999/thumbnail/").status_code == 404


def test_a_story_saved_with_a_library_image_and_its_own_words(client, editor):
    harbour = picture("Ein Hafen", caption="Der Hafen im Nebel")
    story = make_article("Port to grow", language="en", published=False)
    logged_in(client, editor)
    data = form_data(client.get(change_url(story)))
    data.update(
        lead_image=str(harbour.pk),
        lead_image_alt="A harbour",
        lead_image_caption="The harbour in fog",
    )
    response = client.post(change_url(story), data)
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.lead_image, story.lead_image_alt, story.lead_image_caption) == (
        harbour,
        "A harbour",
        "The harbour in fog",
    )
    harbour.refresh_from_db()
    assert (harbour.alt_text, harbour.caption) == ("Ein Hafen", "Der Hafen im Nebel")


# --- uploading several ---------------------------------------------------------------------


def gps_exif() -> bytes:
    exif = PILImage.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    return exif.tobytes()


def test_several_files_go_up_one_request_each_each_with_its_alt_text(client, editor, media_root):
    logged_in(client, editor)
    page = client.get(UPLOAD).content.decode()
    assert 'id="newsroom-upload-files" multiple' in page
    assert "articles/admin/image_upload" in page
    shared = {"credit": "Foto: J. Kahl", "photographer": "Jan Kahl"}
    answers = [
        client.post(
            UPLOAD,
            {
                **shared,
                "file": SimpleUploadedFile(f"kahl-{n}.jpg", jpeg(exif=gps_exif())),
                "alt_text": alt,
            },
        )
        for n, alt in enumerate(["Ein Hafen", "Ein Leuchtturm"])
    ]
    assert [answer.status_code for answer in answers] == [201, 201]
    images = list(Image.objects.order_by("pk"))
    assert [(i.alt_text, i.credit, i.photographer) for i in images] == [
        ("Ein Hafen", "Foto: J. Kahl", "Jan Kahl"),
        ("Ein Leuchtturm", "Foto: J. Kahl", "Jan Kahl"),
    ]
    assert answers[0].json()["url"] == change_url(images[0])
    with PILImage.open(media_root / images[0].file.name) as stored:
        assert stored.getexif().get_ifd(0x8825) == {}  # no location, as for every upload
    assert LogEntry.objects.filter(object_id=str(images[1].pk), user=editor).exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"file": b"just text", "alt_text": "Bild"}, "file", "not an image we can read"),
        ({"file": b"<svg xmlns='http://www.w3.org/2000/svg'/>", "alt_text": "Bild"}, "file", "SVG"),
        ({"file": "jpeg", "alt_text": "  "}, "alt_text", "This field is required."),
        ({"alt_text": "Bild"}, "file", "This field is required."),
    ],
)
def test_a_bad_file_of_several_is_refused_with_its_reason_and_nothing_of_it_is_stored(
    client, editor, media_root, fields, field, message
):
    logged_in(client, editor)
    good = client.post(UPLOAD, {"file": SimpleUploadedFile("a.jpg", jpeg()), "alt_text": "Gut"})
    files_before = sorted(p for p in media_root.rglob("*") if p.is_file())
    if "file" in fields:
        content = jpeg() if fields["file"] == "jpeg" else fields["file"]
        fields = {**fields, "file": SimpleUploadedFile("b.jpg", content)}

    bad = client.post(UPLOAD, fields)

    assert (good.status_code, bad.status_code) == (201, 400)
    assert message in json.dumps(bad.json()["errors"][field])
    assert list(Image.objects.values_list("alt_text", flat=True)) == ["Gut"]
    assert sorted(p for p in media_root.rglob("*") if p.is_file()) == files_before


def test_only_who_may_add_pictures_uploads_them(client, db):
    logged_in(client, make_user("viewer"))
    assert client.get(UPLOAD).status_code == 403
    upload = {"file": SimpleUploadedFile("a.jpg", jpeg()), "alt_text": "Bild"}
    assert client.post(UPLOAD, upload).status_code == 403
    assert not Image.objects.exists()


# --- replacing a file ----------------------------------------------------------------------


def test_a_new_file_replaces_the_picture_everywhere_and_drops_drawn_crops(client, editor):
    harbour = picture("Ein Hafen")
    harbour.crops = {"square": [0, 0, 800, 800]}
    harbour.focal_x = 0.3
    harbour.save()
    story = make_article("Hafen wird ausgebaut", lead_image=harbour)
    old_file, old_rendition = harbour.file.name, renditions.renditions(harbour, "wide")[0].name
    logged_in(client, editor)
    data = form_data(client.get(change_url(harbour)), "image_form")
    data["file"] = SimpleUploadedFile("neu.jpg", jpeg(900, 1200))

    response = client.post(change_url(harbour), data)

    assert response.status_code == 302
    harbour.refresh_from_db()
    story.refresh_from_db()
    assert story.lead_image == harbour
    assert harbour.file.name != old_file
    assert (harbour.width, harbour.height, harbour.crops, harbour.focal_x) == (900, 1200, {}, 0.3)
    assert renditions.renditions(harbour, "wide")[0].name != old_rendition
    assert f"/{harbour.pk}/" in renditions.renditions(harbour, "wide")[0].name


def test_a_replacement_that_is_not_an_image_is_refused_and_changes_nothing(client, editor):
    harbour = picture("Ein Hafen")
    harbour.crops = {"square": [0, 0, 800, 800]}
    harbour.save()
    before = (harbour.file.name, harbour.width, harbour.crops)
    logged_in(client, editor)
    data = form_data(client.get(change_url(harbour)), "image_form")
    data.update(file=SimpleUploadedFile("neu.jpg", b"%PDF-1.4 not a picture"), alt_text="Neu")

    response = client.post(change_url(harbour), data)

    assert response.status_code == 200
    assert "This file is not an image we can read." in response.content.decode()
    harbour.refresh_from_db()
    assert (harbour.file.name, harbour.width, harbour.crops, harbour.alt_text) == (
        *before,
        "Ein Hafen",
    )


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


def test_the_dashboard_lists_stories_whose_text_shows_a_picture_in_the_main_language(
    client, editor
):
    harbour = picture("Ein Hafen", caption="Der Hafen im Nebel")
    bare = picture("Ein Leuchtturm")  # no caption of its own: nothing German to show
    make_article("Alt borrowed", language="en", body=in_text(harbour, caption="Fog"))
    make_article("Caption borrowed", language="en", body=in_text(harbour, alt="A harbour"))
    make_article("All own words", language="en", body=in_text(harbour, alt="Port", caption="Fog"))
    make_article("No caption anywhere", language="en", body=in_text(bare, alt="A lighthouse"))
    make_article("Hafen wächst", body=in_text(harbour))  # German: the picture's words fit
    make_article("Bin", language="en", body=in_text(harbour), status="deleted", published=False)
    gone = picture("Gelöscht")
    make_article("Picture deleted", language="en", body=in_text(gone))  # not shown at all
    gone.delete()

    html = logged_in(client, editor).get("/admin/").content.decode()

    listed = html.split("<h3>Pictures without text in the story&#x27;s language</h3>")[1]
    listed = listed.split("</section>")[0]
    assert sorted(re.findall(r'change/">([^<]+)</a>', listed)) == [
        "Alt borrowed",
        "Caption borrowed",
    ]


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
