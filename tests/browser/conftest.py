"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live_server.

Rules of the house: never `playwright install` (its download does not work here); always
/usr/bin/chromium with the flags below. One browser per module, one context per test.
"""

import importlib
import re
from pathlib import Path

import pytest
from django.db.migrations.loader import MigrationLoader

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000  # per action or wait: generous for a loaded CI machine, still bounded
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"  # gitignored
PASSWORD = "pw-for-browser-tests-only"


@pytest.fixture(scope="session")
def live_server(live_server):
    """pytest-django's live_server, with /static/ answered by WhiteNoise as in production.

    pytest-django wraps the live server's app in StaticFilesHandler, which serves /static/
    through the staticfiles *finders*. With DEBUG off the pages link the hashed names of
    CompressedManifestStaticFilesStorage (admin/js/core.<hash>.js), which exist only in
    STATIC_ROOT (`make test` runs collectstatic first), so every script and stylesheet would
    404. Unwrapping that one layer sends /static/ on to the app, where WhiteNoise's
    middleware serves the collected files; /media/ is still served by Django's test handler.
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    server = live_server.thread.httpd
    app = server.get_app()
    if isinstance(app, StaticFilesHandler):
        server.set_app(app.application)
    return live_server


@pytest.fixture(scope="session")
def _roles_migration_apps():
    """The historical app registry that migration 0002_roles runs with."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return loader.project_state(("articles", "0002_roles")).apps


@pytest.fixture(autouse=True)
def roles(_roles_migration_apps, transactional_db):
    """The Reporter and Editor groups, present for every browser test.

    They come from a data migration. Transactional tests (which live_server needs) end with
    a flush that empties every table, so only the first such test in a run would find them.
    Rather than serialized_rollback (which serialises the whole database at set-up, restores
    it before each test, and leaves the database empty of content types and permissions after
    the flush for whatever runs next), we run the migration's own create_roles with the
    migration's historical models: idempotent, independent of test order, --reuse-db and
    other transactional tests, and cheap (the historical registry is built once a session).
    """
    roles_migration = importlib.import_module("articles.migrations.0002_roles")
    roles_migration.create_roles(_roles_migration_apps, None)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a temporary folder (the live server reads settings on each request)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module.

    Playwright's sync API keeps an asyncio loop registered as running in this thread, and
    Django refuses ORM calls while one is (SynchronousOnlyOperation), including the flush
    that ends each transactional test. Nothing here runs concurrently with that loop (every
    Playwright call blocks until it is done), so for exactly as long as the browser lives we
    tell Django so; pytest-django documents this for Playwright.
    """
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=30_000
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en"})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(context, request):
    """A page whose console errors are collected; a screenshot is saved if the test fails."""
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.console_errors = []

    def on_console(message):
        # Chromium asks for /favicon.ico on its own; the site has none, which is fine.
        url = message.location.get("url", "")
        if message.type == "error" and not url.endswith("/favicon.ico"):
            page.console_errors.append(f"{message.text} ({url})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        screenshot(page, f"FAILED-{request.node.name}")
        try:
            (SCREENSHOTS / f"FAILED-{request.node.name}.html").write_text(page.content())
        except Exception as error:  # as for the screenshot: never hide the real failure
            print(f"could not save the page's HTML: {error}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Let fixtures see whether the test itself failed (request.node.rep_call)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under tests/browser/screenshots/; never fail the test."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
    try:
        page.screenshot(path=str(path), full_page=True, timeout=TIMEOUT_MS)
    except Exception as error:  # a crashed page must not hide the real failure
        print(f"could not save screenshot {path}: {error}")
    return path


@pytest.fixture
def make_staff():
    """make_staff("rita", "Reporter"): a staff user in a role group, with a known password."""
    from django.contrib.auth.models import Group, User

    def make(username: str, role: str) -> User:
        user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


def log_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Through the admin's login form, as a person would."""
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
