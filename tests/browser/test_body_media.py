"""Pictures and embeds in the story body, in a real browser: an editor places them with the
editor's toolbar, readers see the picture and load an embed only when they ask.

No request ever leaves the machine: the providers' hosts are answered by a local stub."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from playwright.sync_api import expect

from articles import publishing
from articles.models import Article, Image
from tests.browser.conftest import TIMEOUT_MS, log_in, screenshot
from tests.conftest import make_article, make_section

expect.set_options(timeout=TIMEOUT_MS)

YOUTUBE = "dQw4w9WgXcQ"
STUB = "<!doctype html><title>stub</title><p>Stub video player</p>"


def library_picture(alt: str) -> Image:
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), "darkslateblue").save(buffer, "JPEG")
    upload = SimpleUploadedFile("hafen.jpg", buffer.getvalue())
    return publishing.save_image(Image(file=upload, alt_text=alt, credit="Jan Meier"))


def stub_the_providers(context) -> list[str]:
    """Answer every request that is not to the live server from here; list what was asked."""
    asked = []

    def answer(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=STUB)

    context.route(re.compile(r"^https?://(?!localhost|127\.0\.0\.1)"), answer)
    return asked


@pytest.mark.browser
def test_an_editor_places_a_picture_and_a_video_and_readers_see_them(
    live_server, context, page, make_staff
):
    asked = stub_the_providers(context)
    erika = make_staff("erika", "Editor")
    harbour = library_picture("Der Hafen im Nebel")
    library_picture("Ein Fußballstadion")
    draft = publishing.create_draft(
        Article(headline="Nebel im Hafen", section=make_section(), body="<p>Erster Absatz.</p>"),
        by=erika,
    )
    log_in(page, live_server.url, "erika")
    page.goto(f"{live_server.url}/admin/articles/article/{draft.pk}/change/")
    editor = page.locator(".field-body .ProseMirror[contenteditable='true']")
    editor.locator("p").click()
    page.keyboard.press("End")

    # A picture from the library, inset on the right, with a caption of this story's own.
    page.get_by_role("button", name="Insert a picture from the library").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("Search alt text and captions").fill("hafen")
    expect(dialog.locator(".newsroom-pick")).to_have_count(1)
    dialog.locator(".newsroom-pick", has_text="Der Hafen im Nebel").click()
    dialog.get_by_label("Placement").select_option("inset-right")
    dialog.get_by_label("Caption (empty: the picture's own)").fill("Der Hafen am Morgen")
    dialog.get_by_role("button", name="Insert").click()
    expect(editor.locator("figure.newsroom-body-figure img")).to_have_attribute(
        "src", re.compile(rf"/media/renditions/{harbour.pk}/whole-")
    )

    # A video by its address; one the site cannot embed is refused with the reason.
    page.get_by_role("button", name="Embed a video, post or map").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("Address (YouTube, Vimeo, Bluesky, OpenStreetMap)").fill(
        "https://evil.example/video"
    )
    dialog.get_by_role("button", name="Insert").click()
    expect(dialog.get_by_role("alert")).to_contain_text("not one we can embed")
    dialog.get_by_label("Address (YouTube, Vimeo, Bluesky, OpenStreetMap)").fill(
        f"https://www.youtube.com/watch?v={YOUTUBE}"
    )
    dialog.get_by_label("Title for readers").fill("Die Hafenrundfahrt")
    dialog.get_by_role("button", name="Insert").click()
    expect(editor.locator("figure.newsroom-body-embed")).to_contain_text(f"youtube: {YOUTUBE}")

    page.click("button[name=_transition][value=publish]")
    page.wait_for_url(f"{live_server.url}/admin/articles/article/")
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.body == (
        "<p>Erster Absatz.</p>"
        f'<figure data-image="{harbour.pk}" data-align="inset-right">'
        "<figcaption>Der Hafen am Morgen</figcaption></figure>"
        f'<figure data-embed="youtube" data-id="{YOUTUBE}">'
        "<figcaption>Die Hafenrundfahrt</figcaption></figure>"
    )

    page.goto(f"{live_server.url}{draft.get_absolute_url()}")
    story = page.get_by_role("main")
    picture = story.locator(".body figure.image--inset-right")
    image = picture.get_by_role("img", name="Der Hafen im Nebel", exact=True)
    image.scroll_into_view_if_needed()
    image.evaluate("img => img.decode()")  # rejects if the rendition could not be loaded
    assert re.search(r"/whole-[0-9a-f]+-\d+\.webp$", image.evaluate("img => img.currentSrc"))
    expect(picture.locator("figcaption")).to_have_text("Der Hafen am Morgen Jan Meier")
    expect(story.locator("iframe")).to_have_count(0)
    screenshot(page, "body-picture-and-embed")
    assert asked == [] and page.console_errors == []


@pytest.mark.browser
def test_an_embed_loads_its_frame_only_after_the_click(live_server, context, page):
    asked = stub_the_providers(context)
    article = make_article(
        "Die Hafenrundfahrt",
        body=f'<p>Text.</p><figure data-embed="youtube" data-id="{YOUTUBE}">'
        "<figcaption>Die Rundfahrt im Video</figcaption></figure>",
    )
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    embed = page.locator("figure.embed")
    expect(embed).to_contain_text("YouTube")
    expect(embed.get_by_role("link")).to_have_attribute(
        "href", f"https://www.youtube.com/watch?v={YOUTUBE}"
    )
    page.wait_for_load_state("networkidle")
    expect(page.locator("iframe")).to_have_count(0)
    assert asked == []  # nothing from YouTube before the reader asks

    embed.get_by_role("button").click()
    frame = embed.locator("iframe")
    expect(frame).to_have_attribute("src", f"https://www.youtube-nocookie.com/embed/{YOUTUBE}")
    expect(frame).to_have_attribute("title", "YouTube: Die Rundfahrt im Video")
    player = page.frame_locator("figure.embed iframe")
    expect(player.get_by_text("Stub video player")).to_be_visible()
    assert asked == [f"https://www.youtube-nocookie.com/embed/{YOUTUBE}"]
    assert page.console_errors == []


@pytest.mark.browser
def test_without_javascript_an_embed_is_a_link_to_the_original(live_server, browser):
    article = make_article(
        "Ohne Skript",
        body=f'<figure data-embed="youtube" data-id="{YOUTUBE}"></figure>',
    )
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}{article.get_absolute_url()}")
        embed = page.locator("figure.embed")
        expect(embed.get_by_role("button")).to_be_hidden()
        expect(embed.get_by_role("link")).to_be_visible()
    finally:
        context.close()
