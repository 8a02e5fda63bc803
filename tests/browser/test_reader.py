"""A reader's visit, in Chromium: on a phone by tapping links, then every page type on a desktop.

Each page is checked with axe-core (node_modules/axe-core, `make setup` installs it): no
"critical" or "serious" violations. Also checked: one h1 and no skipped heading levels, alt on
every picture, a skip link that shows on focus and leads into <main>, a story readable with
JavaScript switched off. Screenshots go to tests/browser/screenshots/.
"""

import itertools
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS, screenshot
from tests.test_quality import LONG_ALT, LONG_HEADLINE, build_newsroom, english_pages

pytestmark = pytest.mark.browser
expect.set_options(timeout=TIMEOUT_MS)

AXE = Path(__file__).resolve().parent.parent.parent / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
BLOCKING = {"critical", "serious"}

RUN_AXE = """async () => {
    const results = await axe.run(document, {resultTypes: ['violations']});
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.join(' ')),
    }));
}"""

OUTLINE = """() => ({
    headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
        .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)]),
    withoutAlt: [...document.images].filter(img => !img.hasAttribute('alt'))
        .map(img => img.outerHTML.slice(0, 120)),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
})"""


@pytest.fixture(scope="module")
def axe_source():
    assert AXE.exists(), f"{AXE} is missing: run `make setup` (npm ci installs axe-core)"
    return AXE.read_text()


@pytest.fixture
def newsroom(live_server):
    return build_newsroom()


@pytest.fixture
def open_page(browser, request):
    """open_page(**context_options): a page in a German reader's own browser context, which
    collects JavaScript errors in page.errors; screenshots if the test fails."""
    contexts = []

    def open_(**options):
        # bypass_csp lets the audit inject axe-core as an inline script; the site's own
        # pages need no inline script, which test_security.py checks against the policy.
        context = browser.new_context(
            locale="de-DE", extra_http_headers={"Accept-Language": "de"}, bypass_csp=True, **options
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield open_
    report = getattr(request.node, "rep_call", None)
    for number, context in enumerate(contexts):
        if report is not None and report.failed:
            for page in context.pages:
                screenshot(page, f"FAILED-{request.node.name}-{number}")
        context.close()


def check_page(page, name: str, axe_source: str) -> list[str]:
    """Screenshot, then axe, headings, alt texts and reflow: a list of problems found."""
    screenshot(page, name)
    problems = []
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source)
    violations = page.evaluate(RUN_AXE)
    for v in violations:
        if v["impact"] not in BLOCKING:
            print(f"{name}: axe {v['impact']}: {v['id']} ({v['help']}) {v['targets'][:3]}")
    problems += [
        f"axe {v['impact']}: {v['id']} – {v['help']}; at {v['targets']}"
        for v in violations
        if v["impact"] in BLOCKING
    ]
    outline = page.evaluate(OUTLINE)
    levels = [level for level, _ in outline["headings"]]
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 elements, expected one: {outline['headings']}")
    if levels and levels[0] != 1:
        problems.append(f"the first heading is not the h1: {outline['headings'][0]}")
    for (before, _), (level, text) in itertools.pairwise(outline["headings"]):
        if level > before + 1:
            problems.append(f"heading level skipped: h{before} then h{level} {text!r}")
    problems += [f"img without alt: {html}" for html in outline["withoutAlt"]]
    if outline["overflow"] > 0:
        problems.append(f"the page scrolls sideways by {outline['overflow']}px")
    problems += [f"JavaScript error: {error}" for error in getattr(page, "errors", [])]
    return problems


def assert_good(page, name, axe_source):
    problems = check_page(page, name, axe_source)
    assert not problems, f"{name} ({page.url}):\n  " + "\n  ".join(problems)


def test_a_reader_on_a_phone_goes_from_the_front_page_to_a_story_and_searches(
    live_server, newsroom, open_page, axe_source
):
    page = open_page(**PHONE)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_good(page, "phone-1-home", axe_source)

    # The section from the navigation bar.
    lokales = newsroom["sections"]["lokales"]
    page.locator(".site-nav").get_by_role("link", name="Lokales", exact=True).tap()
    page.wait_for_url(live_server.url + lokales.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Lokales")
    assert_good(page, "phone-2-section", axe_source)

    # The long story from the section's list.
    long = newsroom["long"]
    page.get_by_role("main").get_by_role("link", name=LONG_HEADLINE, exact=True).tap()
    page.wait_for_url(live_server.url + long.get_absolute_url())
    story = page.get_by_role("main")
    expect(story.get_by_role("heading", level=1)).to_have_text(LONG_HEADLINE)
    lead = story.get_by_role("img", name=LONG_ALT, exact=True)
    expect(lead).to_be_in_viewport()
    lead.evaluate("img => img.decode()")  # rejects if the picture did not load
    assert_good(page, "phone-3-article", axe_source)

    # A search from the masthead.
    page.get_by_role("searchbox").first.fill("Hochwasser")
    page.locator(".site-search").get_by_role("button").tap()
    page.wait_for_url("**/suche/?q=Hochwasser")
    results = page.locator(".results")
    expect(results.get_by_role("link", name=LONG_HEADLINE, exact=True)).to_be_visible()
    assert_good(page, "phone-4-search", axe_source)


def test_every_page_type_on_a_desktop(live_server, newsroom, open_page, axe_source, subtests):
    long = newsroom["long"]
    pages = [
        ("home", "/", 200),
        ("section", newsroom["sections"]["lokales"].get_absolute_url(), 200),
        ("sub-section", newsroom["sections"]["neustadt"].get_absolute_url(), 200),
        ("article", long.get_absolute_url(), 200),
        ("article-en", long.translations.get().get_absolute_url(), 200),
        ("tag", "/thema/hochwasser/", 200),
        ("contributor", newsroom["contributors"]["anna"].get_absolute_url(), 200),
        ("search", "/suche/?q=Hochwasser", 200),
        ("search-empty", "/suche/?q=", 200),
        ("404", "/gibt-es-nicht/", 404),
        ("home-en", "/en/", 200),
        *(
            (name, *(url if isinstance(url, tuple) else (url, 200)))
            for name, url in english_pages(newsroom).items()
        ),
    ]
    page = open_page(**DESKTOP)
    for name, url, status in pages:
        with subtests.test(msg=name, url=url):
            response = page.goto(live_server.url + url)
            assert response.status == status, (url, response.status)
            assert_good(page, f"desktop-{name}", axe_source)

    # What the pages should show, so that the checks above looked at the right things.
    page.goto(live_server.url + "/suche/?q=")
    expect(page.get_by_role("status")).to_have_text("Bitte geben Sie einen Suchbegriff ein.")
    page.goto(live_server.url + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_the_skip_link_appears_on_focus_and_leads_into_main(live_server, newsroom, open_page):
    page = open_page(**DESKTOP)
    for url in ["/", newsroom["long"].get_absolute_url()]:
        page.goto(live_server.url + url)
        skip = page.locator(".skip-link")
        expect(skip).not_to_be_in_viewport()
        page.keyboard.press("Tab")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        box = skip.bounding_box()
        assert box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0, box
        screenshot(page, f"desktop-skip-link{url.replace('/', '-')}")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{url}#main")
        expect(page.get_by_role("main")).to_be_focused()  # screen readers go on from here
        page.keyboard.press("Tab")  # and so does the keyboard: past the masthead
        focused = page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
        assert page.evaluate("document.activeElement.closest('main') !== null"), focused


def test_a_story_reads_without_javascript(live_server, newsroom, open_page):
    page = open_page(java_script_enabled=False, **DESKTOP)
    long = newsroom["long"]
    page.goto(live_server.url + long.get_absolute_url())
    story = page.get_by_role("main")
    expect(story.get_by_role("heading", level=1)).to_have_text(LONG_HEADLINE)
    paragraphs = story.locator(".body p")
    expect(paragraphs.first).to_be_visible()
    assert paragraphs.count() > 10
    assert len(paragraphs.nth(1).inner_text()) > 100
    expect(story.get_by_role("img", name=LONG_ALT, exact=True)).to_be_visible()
    screenshot(page, "desktop-article-without-javascript")
