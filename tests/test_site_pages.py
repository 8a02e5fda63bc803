"""The imprint and privacy pages: kept by editors per edition, linked from every page."""

import pytest
from django.core.exceptions import ValidationError

from articles.models import Section, SitePage
from tests.conftest import make_article

pytestmark = pytest.mark.django_db


def test_every_page_links_its_editions_imprint_and_privacy_page(client):
    make_article("Meldung")
    german, english = client.get("/").content.decode(), client.get("/en/").content.decode()
    assert '<a href="/impressum/">Impressum</a>' in german
    assert '<a href="/datenschutz/">Datenschutz</a>' in german
    assert '<a href="/en/imprint/">Imprint</a>' in english
    assert '<a href="/en/privacy/">Privacy</a>' in english


def test_a_site_page_shows_what_editors_wrote_cleaned_and_changes_show_at_once(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert client.get("/impressum/").status_code == 404  # until an editor writes it
    page = SitePage.objects.create(
        kind="imprint", title="Impressum", body="<p>Marktplatz 1</p><script>alert(1)</script>"
    )
    html = client.get("/impressum/").content.decode()
    assert "<h1>Impressum</h1>" in html and "<p>Marktplatz 1</p>" in html
    assert "<script>alert" not in html
    page.body = "<p>Am Fluss 2</p>"
    page.save()
    assert "<p>Am Fluss 2</p>" in client.get("/impressum/").content.decode()  # not the cached
    assert client.get("/en/imprint/").status_code == 404  # the English one is its own
    SitePage.objects.create(kind="imprint", language="en", title="Imprint", body="<p>Square</p>")
    assert "<p>Square</p>" in client.get("/en/imprint/").content.decode()


def test_no_section_can_take_a_site_pages_address():
    for slug in ("impressum", "datenschutz", "imprint", "privacy"):
        with pytest.raises(ValidationError, match="für die Website selbst reserviert"):
            Section(name="X", slug=slug).full_clean()


def test_editors_keep_the_site_pages(client, editor, reporter):
    client.force_login(editor)
    assert client.get("/admin/articles/sitepage/add/").status_code == 200
    client.force_login(reporter)
    assert client.get("/admin/articles/sitepage/add/").status_code == 403
