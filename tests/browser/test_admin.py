"""The admin in a real browser: German in the body editor, the story list on a laptop, every
page an editor needs on a phone (WCAG 2.2 target size: 24 x 24 CSS px), and axe-core with no
serious or critical violations. Screenshots go to tests/browser/screenshots/."""

import pytest
from playwright.sync_api import expect

from articles.models import Image
from tests.browser.conftest import TIMEOUT_MS, log_in, screenshot
from tests.browser.test_reader import AXE, BLOCKING, RUN_AXE
from tests.conftest import make_article, make_section

pytestmark = pytest.mark.browser
expect.set_options(timeout=TIMEOUT_MS)

LAPTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
GERMAN = {"locale": "de-DE", "extra_http_headers": {"Accept-Language": "de"}}
LONG_HEADLINE = "Bundesregierung einigt sich nach langer Nacht auf neues Hochwasserschutzgesetz"

COLUMNS = """() => {
    const table = document.querySelector('#result_list');
    const visible = (el) => el.checkVisibility() && el.getBoundingClientRect().width > 0;
    return {
        headers: [...table.querySelectorAll('thead th')].map(th => ({
            name: th.className, visible: visible(th),
            width: th.getBoundingClientRect().width,
            right: th.getBoundingClientRect().right,
        })),
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        viewport: document.documentElement.clientWidth,
    };
}"""

SMALL_TARGETS = """(selector) => [...document.querySelectorAll(selector)]
    .filter(el => el.checkVisibility())
    .map(el => ({what: (el.textContent || el.value || "").trim().slice(0, 40),
                 width: el.getBoundingClientRect().width,
                 height: el.getBoundingClientRect().height}))
    .filter(box => box.width < 24 || box.height < 24)"""

WORKFLOW = (
    ".object-tools a, .object-tools button, .submit-row input, .submit-row button, "
    ".submit-row a, .newsroom-transitions button"
)


@pytest.fixture
def newsroom(live_server, make_staff):
    make_staff("erika", "Editor")
    section = make_section("Wirtschaft und Finanzen")
    stories = [
        make_article(
            f"{LONG_HEADLINE} ({number})",
            section=section,
            authors=["Gawon Bae", "Paul Müller-Lüdenscheidt"],
        )
        for number in range(3)
    ]
    story = stories[0]
    story.headline = f"{LONG_HEADLINE}: zweite Fassung"
    from articles import publishing

    publishing.save_as_newsroom(story, message="Zweite Fassung")
    picture = Image.objects.create(
        file="bilder/elbe.jpg", alt_text="Die Elbe bei Dresden", width=64, height=48
    )
    return {"story": story, "picture": picture, "url": live_server.url}


def open_admin(browser, newsroom, device, *, plain=False):
    # bypass_csp: axe-core is injected as an inline script, which the admin's CSP refuses.
    context = browser.new_context(**device, **GERMAN, bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    if plain:  # Django's admin as it comes, without our patches: the "before" figures
        context.route("**/articles/admin/admin*.css", lambda route: route.abort())
    page = context.new_page()
    log_in(page, newsroom["url"], "erika")
    return context, page


def admin_pages(newsroom) -> dict[str, str]:
    story, picture = newsroom["story"], newsroom["picture"]
    return {
        "index": "/admin/",
        "story list": "/admin/articles/article/",
        "change form": f"/admin/articles/article/{story.pk}/change/",
        "revisions": f"/admin/articles/article/{story.pk}/revisions/",
        "image library": "/admin/articles/image/",
        "image page": f"/admin/articles/image/{picture.pk}/change/",
        "add story": "/admin/articles/article/add/",
        "tag list": "/admin/taggit/tag/",
        "preview links": f"/admin/articles/article/{story.pk}/share/",
    }


def test_the_story_list_fits_a_laptop_screen_with_every_column(browser, newsroom):
    context, page = open_admin(browser, newsroom, LAPTOP)
    page.goto(f"{newsroom['url']}/admin/articles/article/")
    layout = page.evaluate(COLUMNS)
    screenshot(page, "admin-story-list-1280")
    context.close()
    hidden = [h["name"] for h in layout["headers"] if not h["visible"]]
    assert hidden == [], f"columns hidden at 1280 px: {hidden}"
    assert layout["overflow"] <= 0, f"{layout['overflow']} px of horizontal scroll"
    assert all(h["right"] <= layout["viewport"] for h in layout["headers"]), layout
    headline = next(h for h in layout["headers"] if "column-title" in h["name"])
    assert headline["width"] >= 300, f"headline column {headline['width']:.0f} px wide"


@pytest.mark.parametrize("name", ["change form", "revisions", "story list", "index"])
def test_admin_pages_fit_a_phone_and_their_buttons_are_big_enough(browser, newsroom, name):
    context, page = open_admin(browser, newsroom, PHONE)
    page.goto(newsroom["url"] + admin_pages(newsroom)[name])
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    small = page.evaluate(SMALL_TARGETS, WORKFLOW)
    screenshot(page, f"admin-{name.replace(' ', '-')}-390")
    context.close()
    assert overflow <= 0, f"{name}: {overflow} px wider than the phone"
    assert small == [], f"{name}: targets under 24 x 24 px: {small}"


# The body editor starts once its modules have loaded, and its menu's icons are a web font:
# before both, axe would judge a half-drawn page (icon names read as words).
EDITORS_DRAWN = """() => document.querySelectorAll('.prose-editor [contenteditable]').length >=
    document.querySelectorAll('[data-django-prose-editor-configurable]').length"""


def axe_violations(page) -> list[dict]:
    page.wait_for_function(EDITORS_DRAWN)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.add_script_tag(content=AXE.read_text())
    return page.evaluate(RUN_AXE)


def test_axe_finds_nothing_serious_on_the_admin_pages(browser, newsroom):
    found, before, after = {}, {}, {}
    for device_name, device in [("laptop", LAPTOP), ("phone", PHONE)]:
        for plain, counts in [(True, before), (False, after)]:
            context, page = open_admin(browser, newsroom, device, plain=plain)
            for name, url in admin_pages(newsroom).items():
                response = page.goto(newsroom["url"] + url)
                assert response.ok, f"{name}: {response.status}"  # an error page proves nothing
                violations = axe_violations(page)
                counts[f"{device_name} {name}"] = len(violations)
                blocking = [v for v in violations if v["impact"] in BLOCKING]
                if blocking and not plain:
                    found[f"{device_name} {name}"] = blocking
            context.close()
    print(f"axe violations without our admin.css: {before}")
    print(f"axe violations with it: {after}")
    assert not found, "\n".join(
        f"{page}: {v['id']} {v['targets'][:3]}" for page, vs in found.items() for v in vs
    )


def test_the_body_editors_menu_and_link_dialog_speak_german(browser, newsroom):
    context, page = open_admin(browser, newsroom, LAPTOP)
    page.goto(f"{newsroom['url']}/admin/articles/article/{newsroom['story'].pk}/change/")
    body = page.locator(".field-body")
    expect(body.locator(".prose-menubar__button[title='Fett']")).to_have_attribute(
        "aria-label", "Fett"
    )
    body.locator(".prose-menubar__dropdown .prose-menubar__selected").click()
    options = body.locator(".prose-menubar__option")
    expect(options.filter(has_text="Überschrift 2")).to_have_count(1)
    expect(options.filter(has_text="Absatz")).to_have_count(1)
    page.keyboard.press("Escape")

    editor = body.locator(".ProseMirror[contenteditable='true']")
    editor.click()
    page.keyboard.type("Hochwasser")  # the story's own words are never relabelled
    page.keyboard.press("Shift+Home")
    body.locator(".prose-menubar__button[title='Link einfügen']").click()
    dialog = page.locator("dialog[open]")
    expect(dialog.locator(".prose-editor-dialog-title")).to_have_text("Link bearbeiten")
    expect(dialog).to_contain_text("In neuem Fenster öffnen")
    expect(dialog.locator("button[type=submit]")).to_have_text("Aktualisieren")
    menu_words = body.locator(".prose-menubar").evaluate(
        """menu => [...menu.querySelectorAll('[title], [aria-label]')]
            .flatMap(el => [el.title, el.getAttribute('aria-label')]).filter(Boolean)"""
    )
    story_text = editor.inner_text()
    context.close()
    english = {"bold", "italic", "paragraph", "undo", "redo", "insert link", "heading 2"}
    assert not english & {word.lower() for word in menu_words}, menu_words
    assert "Hochwasser" in story_text


def test_tag_suggestions_are_offered_as_the_editor_types(browser, newsroom):
    from taggit.models import Tag

    Tag.objects.create(name="Hochwasser")
    Tag.objects.create(name="Trinkwasser")
    context, page = open_admin(browser, newsroom, LAPTOP)
    page.goto(f"{newsroom['url']}/admin/articles/article/{newsroom['story'].pk}/change/")
    field = page.locator("#id_tags")
    field.fill("Elbe, ")
    field.press_sequentially("hoch")
    options = page.locator(".newsroom-tag-suggestions [role=option]")
    expect(options).to_have_text(["Hochwasser"])
    expect(field).to_have_attribute("aria-expanded", "true")
    field.press("ArrowDown")
    field.press("Enter")
    expect(field).to_have_value("Elbe, Hochwasser, ")
    expect(field).to_have_attribute("aria-expanded", "false")
    context.close()


def test_the_body_editor_and_the_lookups_are_named_by_their_labels(browser, newsroom):
    context, page = open_admin(browser, newsroom, LAPTOP)
    page.goto(f"{newsroom['url']}/admin/articles/article/{newsroom['story'].pk}/change/")
    expect(page.locator(".field-body .ProseMirror[contenteditable]")).to_have_accessible_name(
        "Text:"
    )
    lookup = ".select2-selection[role=combobox]"
    expect(page.locator(f".field-translation_of {lookup}")).to_have_accessible_name(
        "Übersetzung von:"
    )
    credits = page.locator("#credits-group tr.form-row:not(.empty-form)")
    expect(credits.first.locator(lookup)).to_have_accessible_name("Mitwirkende Gawon Bae")
    page.locator("#credits-group .add-row a").click()  # a row Django copies after loading
    expect(credits).to_have_count(4)
    expect(credits.last.locator(lookup)).to_have_accessible_name("Mitwirkende")
    context.close()
