"""Page titles (each page of a list its own, none endless) and the search page's one box."""

import re
from types import SimpleNamespace

import pytest
from django.utils import translation

from articles.models import Credit
from articles.templatetags.newsroom import page_number
from tests.conftest import make_article, make_contributor, make_section

pytestmark = pytest.mark.django_db


def title(client, url: str) -> str:
    html = client.get(url).content.decode()
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_each_page_of_a_list_has_its_own_title(client):
    from articles.views import PAGE_SIZE

    section, anna = make_section("Welt"), make_contributor("Anna Schmidt")
    for number in range(PAGE_SIZE + 1):
        story = make_article(f"Meldung Hochwasser {number}", section=section)
        story.tags.add("Hochwasser")
        Credit.objects.create(article=story, contributor=anna, role="author")
    lists = [
        section.get_absolute_url(),
        "/thema/hochwasser/",
        anna.get_absolute_url(),
        "/suche/?q=Hochwasser",
    ]
    for url in lists:
        first, second = (
            title(client, url),
            title(client, url + ("&" if "?" in url else "?") + "page=2"),
        )
        assert "Seite" not in first and " – Seite 2 – " in second, url
    with translation.override("en"):
        assert page_number(SimpleNamespace(number=2)) == " – page 2"
    assert page_number(SimpleNamespace(number=1)) == page_number(None) == ""


def test_a_long_search_query_is_cut_short_in_the_title(client):
    query = "Hochwasser" + "x" * 490
    page_title = title(client, f"/suche/?q={query}")
    assert len(page_title) < 100 and page_title.startswith("Suche: Hochwasserxx")
    assert "…" in page_title


def test_the_search_page_has_one_search_box(client):
    search = client.get("/suche/?q=Hochwasser").content.decode()
    assert search.count('role="search"') == 1 and 'id="site-search-q"' not in search
    assert client.get("/").content.decode().count('role="search"') == 1  # the header's
