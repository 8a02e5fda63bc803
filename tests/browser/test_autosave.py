"""Editing a story in a real browser: typed text survives leaving the page, leaving with
unsaved changes asks first, two editors see each other, and a conflict needs a choice."""

import pytest
from playwright.sync_api import expect

from articles.models import Article, Autosave, EditPresence
from tests.browser.conftest import CHROMIUM, TIMEOUT_MS, log_in
from tests.browser.test_reader import AXE, RUN_AXE
from tests.conftest import make_article, wait_for

expect.set_options(timeout=TIMEOUT_MS)
pytestmark = pytest.mark.browser
assert CHROMIUM  # the browser fixtures of conftest.py drive Debian's Chromium

STANDFIRST = "Die Stadt sperrt die Brücke ab Montag für drei Monate."
PARAGRAPH = "Pendler sollen auf die Fähre ausweichen."


@pytest.fixture
def story(live_server):
    return make_article(
        "Brücke wird saniert", standfirst="Alter Vorspann.", body="<p>Alter Text.</p>"
    )


@pytest.fixture
def erika(make_staff):
    user = make_staff("erika", "Editor")
    user.first_name, user.last_name = "Erika", "Berg"
    user.save()
    return user


def change_url(live_server, story):
    return f"{live_server.url}/admin/articles/article/{story.pk}/change/"


def type_changes(page):
    page.fill("#id_standfirst", STANDFIRST)
    page.locator(".field-body .ProseMirror[contenteditable='true'] p").last.click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type(PARAGRAPH)


def our_axe_violations(page) -> list:
    """axe's serious findings in what this feature adds to the form (class newsroom-...)."""
    page.evaluate(AXE.read_text())  # as the browser's own tools run it: the page's CSP stays
    return [
        violation
        for violation in page.evaluate(RUN_AXE)
        if violation["impact"] in {"critical", "serious"}
        and any("newsroom-" in target or "autosave" in target for target in violation["targets"])
    ]


def test_text_typed_before_following_the_revisions_link_comes_back_on_restore(
    live_server, page, erika, story
):
    log_in(page, live_server.url, "erika")
    page.goto(change_url(live_server, story))
    type_changes(page)

    # Leaving asks first; staying keeps everything as typed.
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.get_by_role("link", name="Revisions").click()
    page.wait_for_timeout(500)  # a navigation would have started by now
    assert dialogs == ["beforeunload"]
    assert page.url == change_url(live_server, story)
    expect(page.locator("#id_standfirst")).to_have_value(STANDFIRST)

    # Leaving anyway: the text was sent as the page went, and the story is unchanged.
    page.remove_listener("dialog", stay)
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="Revisions").click()
    page.wait_for_url("**/revisions/")
    assert wait_for(lambda: Autosave.objects.filter(article=story).exists())
    assert Article.objects.get().standfirst == "Alter Vorspann."
    kept = Autosave.objects.get()
    assert kept.fields["standfirst"] == STANDFIRST and PARAGRAPH in kept.fields["body"]

    # Back on the form: offered, restored into the fields, then saved as usual.
    page.goto(change_url(live_server, story))
    offer = page.locator("#newsroom-autosave-offer")
    expect(offer).to_be_visible()
    assert our_axe_violations(page) == []
    expect(page.locator("#id_standfirst")).to_have_value("Alter Vorspann.")
    offer.get_by_role("button", name="Restore").click()
    expect(offer).to_have_count(0)
    expect(page.locator("#id_standfirst")).to_have_value(STANDFIRST)
    expect(page.locator(".field-body .ProseMirror[contenteditable]")).to_contain_text(PARAGRAPH)
    page.click("input[name=_continue]")
    page.wait_for_url(change_url(live_server, story))
    saved = Article.objects.get()
    assert saved.standfirst == STANDFIRST and PARAGRAPH in saved.body
    assert not Autosave.objects.exists()
    expect(page.locator("#newsroom-autosave-offer")).to_have_count(0)
    assert page.console_errors == []


def test_the_form_keeps_the_text_every_few_seconds_and_saving_asks_nothing(
    live_server, page, erika, story
):
    page.clock.install()
    log_in(page, live_server.url, "erika")
    page.goto(change_url(live_server, story))
    type_changes(page)
    page.clock.fast_forward(13_000)
    expect(page.locator(".newsroom-autosave-status")).to_contain_text("kept automatically")
    assert Autosave.objects.get().fields["standfirst"] == STANDFIRST
    assert Article.objects.get().standfirst == "Alter Vorspann."

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/articles/article/")
    assert dialogs == []  # submitting the form is not leaving it
    assert Article.objects.get().standfirst == STANDFIRST
    assert not Autosave.objects.exists()
    assert page.console_errors == []


def test_an_editor_sees_who_else_has_the_story_open(live_server, browser, page, erika, story):
    anna = type(erika).objects.create_user(
        "anna", password="pw-for-browser-tests-only", is_staff=True, first_name="Anna"
    )
    anna.groups.set(erika.groups.all())
    page.clock.install()
    log_in(page, live_server.url, "erika")
    page.goto(change_url(live_server, story))
    expect(page.locator("#newsroom-presence")).to_be_hidden()

    other = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en"})
    try:
        annas_page = other.new_page()
        log_in(annas_page, live_server.url, "anna")
        annas_page.goto(change_url(live_server, story))
        # Anna sees Erika at once; Erika's page learns of Anna at its next heartbeat.
        expect(annas_page.locator("#newsroom-presence")).to_contain_text(
            "Erika Berg is editing since"
        )
        page.clock.fast_forward(26_000)
        expect(page.locator("#newsroom-presence")).to_contain_text("Anna is editing since")
        annas_page.goto(f"{live_server.url}/admin/")  # leaving says so
        # the leaving page's beacon arrives when it arrives: wait for it, then the heartbeat
        assert wait_for(lambda: not EditPresence.objects.filter(user=anna).exists(), 15)
        page.clock.fast_forward(26_000)
        expect(page.locator("#newsroom-presence")).to_be_hidden()
    finally:
        other.close()
    assert page.console_errors == []


def test_a_second_save_after_a_conflict_needs_the_overwrite_button(
    live_server, browser, page, erika, story, make_staff
):
    make_staff("anna", "Editor")
    log_in(page, live_server.url, "erika")
    page.goto(change_url(live_server, story))

    other = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en"})
    try:
        annas_page = other.new_page()
        log_in(annas_page, live_server.url, "anna")
        annas_page.goto(change_url(live_server, story))
        annas_page.fill("#id_headline", "Annas Überschrift")
        annas_page.click("input[name=_continue]")
        annas_page.wait_for_url(change_url(live_server, story))
    finally:
        other.close()

    page.fill("#id_headline", "Erikas Überschrift")
    page.on("dialog", lambda dialog: dialog.accept())  # none is expected; never hang on one
    with page.expect_navigation():
        page.click("input[name=_continue]")
    conflict = page.locator(".newsroom-conflict")
    expect(conflict).to_contain_text("Annas Überschrift")  # what changed, and their text
    expect(page.locator("#id_headline")).to_have_value("Erikas Überschrift")
    assert our_axe_violations(page) == []

    for plain_save in [
        lambda: page.click("input[name=_continue]"),
        lambda: page.locator("#id_headline").press("Enter"),
    ]:
        with page.expect_navigation():
            plain_save()
        expect(page.locator(".errornote")).to_be_visible()  # refused again
        expect(page.locator("#id_headline")).to_have_value("Erikas Überschrift")
    assert Article.objects.get().headline == "Annas Überschrift"

    conflict.get_by_role("button", name="Save anyway (overwrite changes by anna)").click()
    page.wait_for_url(f"{live_server.url}/admin/articles/article/")
    assert Article.objects.get().headline == "Erikas Überschrift"
    assert page.console_errors == []
