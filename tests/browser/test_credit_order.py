"""An editor puts a story's credits in the byline's order: dragging a row by its handle, or
with the row's buttons from the keyboard; readers see the bylines in that order."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import TIMEOUT_MS, log_in, screenshot
from tests.conftest import make_article

expect.set_options(timeout=TIMEOUT_MS)
pytestmark = pytest.mark.browser


def row_of(page, name):
    return page.locator("#credits-group tr.form-row", has_text=name)


def test_an_editor_drags_and_keys_credits_into_the_order_readers_see(live_server, page, make_staff):
    make_staff("erika", "Editor")
    story = make_article("Drei Namen", authors=["Anna Adler", "Berta Brandt", "Cem Cakir"])
    log_in(page, live_server.url, "erika")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    expect(page.locator("#credits-group th.column-order")).to_be_hidden()  # the handle's job

    # Cem's row dragged by its handle onto the top half of Anna's: Cem first.
    handle = row_of(page, "Cem Cakir").locator(".newsroom-drag-handle")
    anna = row_of(page, "Anna Adler")
    handle.drag_to(anna, target_position={"x": 20, "y": 2})
    names = page.locator("#credits-group tr.form-row:not(.empty-form) .field-contributor")
    expect(names.nth(0)).to_contain_text("Cem Cakir")

    # Anna's "Move down" from the keyboard: she goes last, and a screen reader hears it.
    down = row_of(page, "Anna Adler").get_by_role("button", name="Move down")
    down.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#credits-group").get_by_role("status")).to_have_text(
        "Now at position 3 of 3."
    )
    expect(down).to_be_focused()
    screenshot(page, "credits-reordered")

    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/articles/article/")
    order = list(story.credits.order_by("order", "id").values_list("contributor__name", flat=True))
    assert order == ["Cem Cakir", "Berta Brandt", "Anna Adler"]

    page.goto(f"{live_server.url}{Article.objects.get().get_absolute_url()}")
    byline = page.locator("main .byline").first.inner_text()
    positions = [byline.index(name) for name in ["Cem Cakir", "Berta Brandt", "Anna Adler"]]
    assert positions == sorted(positions), byline
    assert page.console_errors == []


def test_without_a_filled_row_nothing_is_numbered_so_a_blank_row_stays_blank(
    live_server, page, make_staff
):
    """The form's spare blank row must not turn into a credit Django would refuse."""
    make_staff("erika", "Editor")
    story = make_article("Zwei Namen", authors=["Anna Adler", "Berta Brandt"])
    log_in(page, live_server.url, "erika")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    row_of(page, "Berta Brandt").get_by_role("button", name="Move up").click()
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    names = story.credits.order_by("order").values_list("contributor__name", flat=True)
    assert list(names) == ["Berta Brandt", "Anna Adler"]
