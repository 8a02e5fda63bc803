"""The media library in a real browser: choosing a picture for a story from the library's
grid (Django's lookup popup), and uploading several pictures at once with progress."""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from playwright.sync_api import expect

from articles import publishing
from articles.models import Article, Image
from tests.browser.conftest import TIMEOUT_MS, log_in, screenshot
from tests.conftest import make_article

expect.set_options(timeout=TIMEOUT_MS)


def jpeg(colour="teal", size=(1200, 800)) -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def stored(alt: str, colour: str) -> Image:
    upload = SimpleUploadedFile("photo.jpg", jpeg(colour))
    return publishing.save_image(Image(file=upload, alt_text=alt))


@pytest.mark.browser
def test_an_editor_chooses_a_lead_image_from_the_library(live_server, page, make_staff):
    make_staff("erika", "Editor")
    stored("Ein Hafen", "teal")
    lighthouse = stored("Ein Leuchtturm", "firebrick")
    story = make_article("Lighthouse reopens", language="en", published=False)
    log_in(page, live_server.url, "erika")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")

    with page.expect_popup() as opened:
        page.get_by_role("link", name="Choose from the library").click()
    library = opened.value
    expect(library.locator(".newsroom-library-item")).to_have_count(2)
    library.fill("#searchbar", "leucht")
    library.press("#searchbar", "Enter")
    expect(library.locator(".newsroom-library-item")).to_have_count(1)
    library.locator(".newsroom-library-item img").evaluate("img => img.decode()")  # a rendition
    screenshot(library, "library-popup")
    with library.expect_event("close"):
        library.get_by_role("link", name="Ein Leuchtturm").click()

    expect(page.locator("#id_lead_image")).to_have_value(str(lighthouse.pk))
    chosen = page.locator(".newsroom-library-chosen img")
    expect(chosen).to_have_attribute("src", re.compile(rf"/media/renditions/{lighthouse.pk}/"))
    expect(page.locator(".newsroom-library-chosen strong")).to_have_text("Ein Leuchtturm")
    page.fill("#id_lead_image_alt", "A lighthouse on a cliff")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_have_count(1)

    story.refresh_from_db()
    assert (story.lead_image_id, story.lead_image_alt) == (lighthouse.pk, "A lighthouse on a cliff")
    assert page.console_errors == []


@pytest.mark.browser
def test_an_editor_uploads_several_pictures_and_a_bad_file_is_refused_alone(
    live_server, page, make_staff, tmp_path
):
    make_staff("erika", "Editor")
    files = [tmp_path / "hafen.jpg", tmp_path / "leuchtturm.jpg", tmp_path / "notizen.jpg"]
    files[0].write_bytes(jpeg("teal", (3000, 2000)))
    files[1].write_bytes(jpeg("firebrick"))
    files[2].write_bytes(b"Notizen vom Termin, kein Bild")
    log_in(page, live_server.url, "erika")
    page.goto(f"{live_server.url}/admin/articles/image/")
    page.get_by_role("link", name="Upload several").click()

    page.set_input_files("#newsroom-upload-files", [str(path) for path in files])
    rows = page.locator(".newsroom-upload-row")
    expect(rows).to_have_count(3)
    page.fill("#id_credit", "Foto: J. Kahl")
    rows.nth(0).get_by_label("Alt text").fill("Ein Hafen")
    rows.nth(2).get_by_label("Alt text").fill("Notizen")
    page.get_by_role("button", name="Upload").click()

    # The one without alt text is held back and asked for; the others go.
    expect(rows.nth(1).locator(".newsroom-upload-status")).to_have_text(
        "Describe the picture for screen readers."
    )
    expect(rows.nth(0)).to_have_class(re.compile("uploaded"))
    expect(rows.nth(2).locator(".newsroom-upload-status")).to_have_text(
        "This file is not an image we can read."
    )
    rows.nth(1).get_by_label("Alt text").fill("Ein Leuchtturm")
    page.get_by_role("button", name="Upload").click()
    expect(rows.nth(1)).to_have_class(re.compile("uploaded"))
    expect(rows.nth(1).locator("progress")).to_have_attribute("value", "100")
    expect(rows.nth(2).locator(".newsroom-upload-status")).to_have_text(
        "This file is not an image we can read."  # not sent again: it would not help
    )
    screenshot(page, "library-upload")

    assert sorted(Image.objects.values_list("alt_text", "credit")) == [
        ("Ein Hafen", "Foto: J. Kahl"),
        ("Ein Leuchtturm", "Foto: J. Kahl"),
    ]
    assert not Article.objects.exists()
    assert [e for e in page.console_errors if "400 (Bad Request)" not in e] == []
