"""The newsroom's story, end to end in a real browser (Chromium through Playwright).

A reporter logs in, writes a story with a subheading and a credit, uploads a lead image,
submits it; an editor publishes it; the story appears on its public page.
"""

import re
from io import BytesIO

import pytest
from PIL import ExifTags
from PIL import Image as PILImage
from playwright.sync_api import expect

from articles import publishing
from articles.models import Article
from tests.browser.conftest import TIMEOUT_MS, log_in, screenshot
from tests.conftest import make_contributor, make_section

expect.set_options(timeout=TIMEOUT_MS)  # assertions retry until then

HEADLINE = "Größere Übung für Straßenbahnfahrer"
SLUG = "groessere-uebung-fuer-strassenbahnfahrer"
FIRST_PARAGRAPH = "Die Verkehrsbetriebe üben am Wochenende den Ernstfall."
SUBHEADING = "Was Fahrgäste wissen müssen"
SECOND_PARAGRAPH = "Zwischen Samstag und Sonntag fahren auf zwei Linien Ersatzbusse."
ALT_TEXT = "Eine Straßenbahn im Depot bei Nacht"
GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (52.0, 31.0, 12.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (13.0, 24.0, 36.0),
}


def photo_with_location(path):
    """A small JPEG carrying GPS coordinates in its EXIF, as phones write them."""
    exif = PILImage.Exif()
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
    PILImage.new("RGB", (64, 48), "steelblue").save(path, "JPEG", exif=exif)
    with PILImage.open(path) as written:
        assert written.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the fixture must carry GPS"
    return path


def assert_saved_without_errors(page):
    expect(page.locator(".messagelist .success").first).to_be_visible()  # Publish adds when
    errors = page.locator(".errornote, .errorlist, .messagelist .error, .messagelist .warning")
    assert errors.count() == 0, errors.all_inner_texts()


def choose_block_type(page, name: str) -> None:
    """The editor's block-type dropdown (paragraph, heading 2, heading 3) in the menu bar."""
    body = page.locator(".field-body")
    body.locator(".prose-menubar__dropdown .prose-menubar__selected").click()  # opens a popover
    body.locator(f".prose-menubar__option[data-name='{name}']").click()


@pytest.mark.browser
def test_reporter_writes_editor_publishes_reader_sees_the_story(
    live_server, page, make_staff, tmp_path
):
    make_staff("rita", "Reporter")
    make_staff("erika", "Editor")
    section = make_section("Berlin")
    gawon = make_contributor("Gawon Bae", affiliation="CNN")
    picture = photo_with_location(tmp_path / "tram.jpg")
    admin = f"{live_server.url}/admin"

    # The reporter writes the story.
    log_in(page, live_server.url, "rita")
    page.goto(f"{admin}/articles/article/add/")
    headline = page.locator("#id_headline")
    headline.press_sequentially(HEADLINE)
    expect(page.locator("#id_slug")).to_have_value(SLUG)  # our JS, German transliteration
    expect(page.locator(".field-headline .newsroom-count")).to_have_text(f"{len(HEADLINE)} / 70")

    editor = page.locator(".field-body .ProseMirror[contenteditable='true']")
    editor.click()
    page.keyboard.type(FIRST_PARAGRAPH)
    page.keyboard.press("Enter")
    choose_block_type(page, "heading2")
    page.keyboard.type(SUBHEADING)
    page.keyboard.press("Enter")  # after a heading ProseMirror continues with a paragraph
    page.keyboard.type(SECOND_PARAGRAPH)
    expect(editor.locator("h2")).to_have_text(SUBHEADING)
    expect(editor.locator("p")).to_have_text([FIRST_PARAGRAPH, SECOND_PARAGRAPH])

    page.select_option("#id_section", label="Berlin")
    page.select_option("#id_language", "de")

    page.select_option("#id_credits-0-role", "contributor")
    page.locator("#credits-0 .field-contributor .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Gawon")
    page.locator(".select2-results__option", has_text="Gawon Bae").click()
    expect(page.locator("#id_credits-0-contributor")).to_have_value(str(gawon.pk))

    page.set_input_files("#id_new_image", picture)
    page.fill("#id_new_image_alt", ALT_TEXT)

    # Straight from the first screen to review: one click saves and submits.
    expect(page.locator("button[name=_transition]")).to_have_count(1)
    page.click("button[name=_transition][value=submit]")
    page.wait_for_url(f"{admin}/articles/article/")
    assert_saved_without_errors(page)

    article = Article.objects.get(headline=HEADLINE)
    assert article.status == Article.Status.REVIEW
    assert article.slug == SLUG
    assert article.language == "de"
    assert article.section == section
    body = article.body
    assert f"<h2>{SUBHEADING}</h2>" in body
    assert body.index(FIRST_PARAGRAPH) < body.index(SUBHEADING) < body.index(SECOND_PARAGRAPH)
    assert list(article.credits.values_list("role", "contributor")) == [("contributor", gawon.pk)]
    assert article.lead_image.alt_text == ALT_TEXT
    with PILImage.open(article.lead_image.file.path) as stored:
        assert stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert "exif" not in stored.info

    # The reporter logs out; the editor publishes the story.
    page.locator("#logout-form button").click()
    page.wait_for_url(f"{admin}/logout/")
    log_in(page, live_server.url, "erika")
    page.goto(f"{admin}/articles/article/{article.pk}/change/")
    expect(page.locator("#id_headline")).to_have_value(HEADLINE)
    page.click("button[name=_transition][value=publish]")
    page.wait_for_url(f"{admin}/articles/article/")
    assert_saved_without_errors(page)

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert Article.objects.published().filter(pk=article.pk).exists()

    # A reader sees it.
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    # Found as a reader (or a screen reader) finds them, not by class names.
    story = page.get_by_role("main")
    expect(story.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(story.get_by_role("heading", level=2, name=SUBHEADING)).to_be_visible()
    expect(story.get_by_text(FIRST_PARAGRAPH, exact=True)).to_be_visible()
    expect(story.get_by_text(SECOND_PARAGRAPH, exact=True)).to_be_visible()
    credit_line = "CNNs Gawon Bae hat ebenfalls zu diesem Bericht beigetragen."
    expect(story.get_by_text(credit_line, exact=True)).to_be_visible()
    image = story.get_by_role("img", name=ALT_TEXT, exact=True)
    expect(image).to_be_visible()
    image.evaluate("img => img.decode()")  # rejects if the file could not be loaded
    assert image.evaluate("img => img.currentSrc").endswith("-64.avif")  # a 16:9 rendition
    screenshot(page, "story-published")
    assert page.console_errors == []


@pytest.mark.browser
def test_a_reporter_cannot_publish_not_even_with_a_forged_request(live_server, page, make_staff):
    rita = make_staff("rita", "Reporter")
    article = publishing.create_draft(
        Article(headline="Entwurf der Reporterin", section=make_section()), by=rita
    )
    change_url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    log_in(page, live_server.url, "rita")
    page.goto(change_url)
    expect(page.locator("button[name=_transition][value=submit]")).to_be_visible()
    expect(page.locator("button[name=_transition][value=publish]")).to_have_count(0)
    expect(page.locator("button[name=_transition]")).to_have_count(1)

    # What the browser would send for this form, plus a publish button that was not there.
    fields = page.evaluate(
        """() => {
            const data = new FormData(document.getElementById("article_form"));
            return [...data.entries()].filter(([, value]) => typeof value === "string");
        }"""
    )
    form = dict(fields)
    assert len(form) == len(fields), "no field may occur twice"
    assert form["csrfmiddlewaretoken"]
    forged = page.request.post(change_url, form={**form, "_transition": "publish"})
    assert forged.status == 403
    assert "CSRF" not in forged.text()  # refused for the transition, not for the token

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert article.version == 1  # the edit saved before the transition was rolled back too

    # The same request without the forged button is an ordinary, accepted save.
    saved = page.request.post(change_url, form=form, max_redirects=0)
    assert saved.status == 302
    article.refresh_from_db()
    assert (article.status, article.version) == (Article.Status.DRAFT, 2)
    assert page.console_errors == []


@pytest.mark.browser
def test_an_editor_clicks_the_focal_point_and_draws_a_square_crop(live_server, page, make_staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import Image

    make_staff("erika", "Editor")
    buffer = BytesIO()
    PILImage.new("RGB", (1200, 800), "teal").save(buffer, "JPEG")
    image = publishing.save_image(
        Image(file=SimpleUploadedFile("hafen.jpg", buffer.getvalue()), alt_text="Ein Hafen")
    )
    log_in(page, live_server.url, "erika")
    page.goto(f"{live_server.url}/admin/articles/image/{image.pk}/change/")

    picture = page.locator(".newsroom-focal img")
    picture.evaluate("img => img.decode()")  # the rendition was made and served
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    expect(page.locator("#id_focal_x")).to_have_value(re.compile(r"0\.2[45]\d"))
    expect(page.locator("#id_focal_y")).to_have_value(re.compile(r"0\.7[45]\d"))
    wide = page.locator(".newsroom-crop-frame[data-crop=wide]").bounding_box()
    box = picture.bounding_box()  # where it is now the click scrolled it into view
    # The 16:9 frame moved down to the bottom edge, around the focal point.
    assert wide["y"] + wide["height"] == pytest.approx(box["y"] + box["height"], abs=2)

    page.select_option(".newsroom-crop-chooser", "square")
    picture.scroll_into_view_if_needed()
    box = picture.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.1)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.2, steps=5)
    page.mouse.up()
    expect(page.locator("#id_crop_square")).to_have_value(re.compile(r"^\d+, \d+, \d+, \d+$"))
    screenshot(page, "image-focal-point")
    page.click("input[name=_continue]")
    assert_saved_without_errors(page)

    image.refresh_from_db()
    assert image.focal_x == pytest.approx(0.25, abs=0.01)
    assert image.focal_y == pytest.approx(0.75, abs=0.01)
    left, top, right, bottom = image.crops["square"]
    assert right - left == bottom - top >= 240  # a square, 20 % of the width across at least
    assert (left, top) == (pytest.approx(120, abs=3), pytest.approx(80, abs=3))
    assert page.console_errors == []
