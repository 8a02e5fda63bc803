"""The media library in a real browser: choosing a picture for a story from the library's
grid (Django's lookup popup)."""

import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from playwright.sync_api import expect

from articles import publishing
from articles.models import Image
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
