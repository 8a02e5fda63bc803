"""Reader pages: what each shows, what it hides, and how many queries it may make.

Query counts are for rendering a page (the page cache is off in these tests) with the
section list, which is cached per content generation, already warm: that is the one
content-state query of caching/state.py plus what the page itself loads.
"""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from articles import publishing, querysets
from articles.models import Article, Credit
from tests.conftest import db_now, make_article, make_contributor, make_section, words_of

pytestmark = pytest.mark.django_db


def html_of(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


@pytest.fixture
def newsroom():
    """Two top-level sections (one with a sub-section), stories with credits and tags."""
    politik = make_section("Politik", order=1)
    lokales = make_section("Lokales", order=2)
    neustadt = make_section("Neustadt", parent=lokales, order=3)
    hidden = make_section("Intern", order=4, show_in_navigation=False)
    stories = {}
    for number in range(6):
        for section in (politik, neustadt):
            story = make_article(
                f"{section.name} Meldung {number}",
                section=section,
                authors=[f"Autorin {number}", f"Autor {number}"],
                published_at=db_now() - timedelta(hours=number + 1),
            )
            story.tags.add("Neustadt am Fluss", f"Thema {number}")
            stories[story.headline] = story
    make_article("Intern Meldung", section=hidden)
    return {"politik": politik, "lokales": lokales, "neustadt": neustadt, "stories": stories}


def test_home_leads_with_breaking_news_then_sections_in_navigation_order(client, newsroom):
    make_article("Eilmeldung: Hochwasser", section=newsroom["politik"], is_breaking=True)
    html = html_of(client, "/")
    assert html.index("Eilmeldung: Hochwasser") < html.index('id="section-politik"')
    assert html.index('id="section-politik"') < html.index('id="section-lokales"')
    assert '<p class="breaking">Eilmeldung</p>' in html
    assert "Neustadt Meldung 0" in html  # sub-section stories count for their parent
    assert 'id="section-intern"' not in html  # not in navigation


def test_the_front_page_shows_its_lead_story_once(client, newsroom):
    html = html_of(client, "/")  # no breaking story: the newest leads
    lead = re.search(r'class="card card-lead".*?<a href="([^"]+)"', html, re.S)[1]
    assert html.count(f'href="{lead}"') == 1, lead
    make_article("Eilmeldung: Hochwasser", section=newsroom["politik"], is_breaking=True)
    html = html_of(client, "/")
    assert html.count("Eilmeldung: Hochwasser") == 1
    assert "Politik Meldung 0" in html  # the section's block keeps its other stories


def test_home_hides_everything_published_does_not_allow(client, newsroom):
    make_article("Geheimer Entwurf", published=False)
    make_article("Geplante Meldung", published_at=db_now() + timedelta(hours=1))
    html = html_of(client, "/")
    assert "Geheimer Entwurf" not in html and "Geplante Meldung" not in html


def test_home_paginates_more_stories_and_rejects_bad_pages(client, newsroom):
    html = html_of(client, "/")
    assert '<link rel="next" href="?page=2">' in html
    second = html_of(client, "/", page=2)
    assert '<link rel="prev" href="?">' in second
    for page in ["3", "0", "x", "-1", "99999999999"]:
        html_of(client, "/", status=404, page=page)


def test_home_query_count_is_constant(client, newsroom, django_assert_max_num_queries):
    for number in range(20):
        make_article(f"Mehr {number}", section=newsroom["politik"], authors=["A", "B", "C"])
    client.get("/")  # warms the section list
    with django_assert_max_num_queries(8):
        client.get("/")


def test_section_page_lists_its_and_its_sub_sections_stories(client, newsroom):
    html = html_of(client, "/lokales/")
    assert "Neustadt Meldung 3" in html
    assert "Politik Meldung" not in html
    assert 'href="/neustadt/"' in html  # sub-section navigation
    html_of(client, "/lokales/", status=404, page="2")
    html_of(client, "/keine-rubrik/", status=404)


def test_list_pages_have_crawlable_prev_next_links(client, newsroom):
    for number in range(25):
        make_article(f"Viel {number}", section=newsroom["politik"])
    first = html_of(client, "/politik/")
    assert '<link rel="next" href="?page=2">' in first
    assert 'rel="next" href="?page=2">' in first
    second = html_of(client, "/politik/", page=2)
    assert '<link rel="prev" href="?">' in second
    html_of(client, "/politik/", status=404, page="3")
    html_of(client, "/politik/", status=404, page="abc")


@pytest.mark.parametrize("url", ["/lokales/", "/thema/neustadt-am-fluss/"])
def test_list_page_query_counts_are_constant(client, newsroom, url, django_assert_max_num_queries):
    client.get(url)
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200


def test_tag_page_shows_only_published_stories_with_the_tag(client, newsroom):
    hidden = make_article("Entwurf mit Thema", published=False)
    hidden.tags.add("Neustadt am Fluss")
    html = html_of(client, "/thema/neustadt-am-fluss/")
    assert "Politik Meldung 0" in html and "Entwurf mit Thema" not in html
    html_of(client, "/thema/gibt-es-nicht/", status=404)


def test_contributor_page_shows_bio_and_stories_in_every_role(
    client, newsroom, django_assert_max_num_queries
):
    gawon = make_contributor("Gawon Bae", affiliation="CNN", bio="Reporterin in Seoul.")
    wrote = make_article("Von ihr geschrieben")
    helped = make_article("Mit ihrer Hilfe")
    photographed = make_article("Mit ihren Fotos")
    draft = make_article("Ihr Entwurf", published=False)
    for story, role in [
        (wrote, "author"),
        (helped, "contributor"),
        (photographed, "photographer"),
        (draft, "author"),
    ]:
        Credit.objects.create(article=story, contributor=gawon, role=role)
    url = gawon.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(6):
        html = html_of(client, url)
    assert "Reporterin in Seoul." in html and "CNN" in html
    for story in (wrote, helped, photographed):
        assert story.headline in html
    assert "Ihr Entwurf" not in html


def test_article_page_links_related_stories_but_not_itself_or_hidden_ones(client, newsroom):
    story = newsroom["stories"]["Politik Meldung 0"]
    hidden = make_article("Verwandter Entwurf", section=newsroom["politik"], published=False)
    hidden.tags.add("Thema 0")
    html = html_of(client, story.get_absolute_url())
    related = html[html.index('id="related-heading"') :]
    assert "Politik Meldung 1" in related or "Neustadt Meldung 0" in related
    assert "Politik Meldung 0<" not in related
    assert "Verwandter Entwurf" not in html


def test_article_page_query_count_is_constant(client, newsroom, django_assert_max_num_queries):
    story = newsroom["stories"]["Politik Meldung 0"]
    for name in ["C", "D", "E", "F"]:
        Credit.objects.create(article=story, contributor=make_contributor(name), role="author")
    story.tags.add("Eins", "Zwei", "Drei")
    make_article("Story in English", language="en", translation_of=story)
    url = story.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200


def test_translations_link_each_other_with_hreflang(client, newsroom):
    german = newsroom["stories"]["Politik Meldung 0"]
    english = make_article(
        "Politics story 0", section=newsroom["politik"], language="en", translation_of=german
    )
    assert english.get_absolute_url().startswith("/en/politik/")
    de_html = html_of(client, german.get_absolute_url())
    assert f'hreflang="en" href="http://testserver{english.get_absolute_url()}"' in de_html
    assert (
        f'<link rel="alternate" hreflang="de" href="http://testserver{german.get_absolute_url()}">'
        in de_html
    )
    en_html = html_of(client, english.get_absolute_url())
    assert '<html lang="en">' in en_html
    # The way back is worded in the language it leads to.
    assert 'hreflang="de" lang="de">Diesen Artikel auf Deutsch lesen</a>' in en_html
    assert 'hreflang="en" lang="en">Read this story in English</a>' in de_html
    # The same story under the wrong language prefix redirects to its own address.
    response = client.get(english.get_absolute_url().removeprefix("/en"))
    assert (response.status_code, response["Location"]) == (301, english.get_absolute_url())


def test_unpublished_translation_is_not_linked(client, newsroom):
    german = newsroom["stories"]["Politik Meldung 0"]
    make_article("Draft translation", language="en", translation_of=german, published=False)
    html = html_of(client, german.get_absolute_url())
    assert '<link rel="alternate" hreflang="en"' not in html


def test_article_page_has_share_links_without_scripts(client, newsroom):
    story = newsroom["stories"]["Politik Meldung 0"]
    html = html_of(client, story.get_absolute_url())
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A//testserver" in html
    assert "mailto:?subject=" in html
    assert "<script src" not in html


def test_english_ui_lives_under_en(client, newsroom):
    html = html_of(client, "/en/")
    assert '<html lang="en">' in html
    assert 'action="/en/search/"' in html
    german = html_of(client, "/")
    assert '<html lang="de">' in german
    assert 'action="/suche/"' in german


# Search ---------------------------------------------------------------------------------


@pytest.fixture
def searchable():
    politik = make_section("Politik")
    welt = make_section("Welt")
    stories = {
        "soldaten": make_article(
            "Nordkorea schickt weitere Truppen",
            section=welt,
            body="<p>Mindestens 3.000 zusätzliche Soldaten wurden entsandt.</p>",
        ),
        "headline": make_article(
            "Soldaten üben im Auenwald", section=politik, body="<p>Eine Übung.</p>"
        ),
        "english": make_article(
            "Army exercise", language="en", section=welt, body="<p>600 soldiers train.</p>"
        ),
        "old": make_article(
            "Alte Soldaten-Geschichte",
            section=politik,
            published_at=db_now() - timedelta(days=400),
        ),
        "draft": make_article("Soldaten im Entwurf", published=False),
        "scheduled": make_article("Soldaten morgen", published_at=db_now() + timedelta(hours=2)),
    }
    return stories


def test_search_stems_german_and_ranks_headline_matches_first(client, searchable):
    html = html_of(client, "/suche/", q="Soldat")
    assert "<mark>Soldaten</mark> üben im Auenwald</a>" in html  # the headline's match too
    html = words_of(html)
    assert html.index("Soldaten üben im Auenwald") < html.index("Nordkorea schickt weitere Truppen")
    assert "Soldaten im Entwurf" not in html and "Soldaten morgen" not in html


def test_search_stems_english_stories_in_english(client, searchable):
    html = html_of(client, "/en/search/", q="soldier")
    assert "Army exercise" in html
    assert "<mark>soldiers</mark>" in html


def test_search_supports_phrases_or_and_exclusion(client, searchable):
    assert "Nordkorea" in html_of(client, "/suche/", q='"zusätzliche Soldaten"')
    phrase_miss = html_of(client, "/suche/", q='"Soldaten zusätzliche"')
    assert "Nordkorea schickt" not in phrase_miss
    excluded = html_of(client, "/suche/", q="Soldat -Auenwald")
    assert "Soldaten üben im Auenwald" not in excluded and "Nordkorea" in excluded
    either = html_of(client, "/suche/", q="Auenwald OR Nordkorea")
    assert "Soldaten üben" in either and "Nordkorea" in either


def test_search_filters_by_section_and_date(client, searchable):
    in_politik = words_of(html_of(client, "/suche/", q="Soldat", section="politik"))
    assert "Soldaten üben" in in_politik and "Nordkorea" not in in_politik
    since = (date.today() - timedelta(days=30)).isoformat()
    recent = words_of(html_of(client, "/suche/", q="Soldat", **{"from": since}))
    assert "Alte Soldaten-Geschichte" not in recent and "Soldaten üben" in recent
    until = (date.today() - timedelta(days=300)).isoformat()
    old = words_of(html_of(client, "/suche/", q="Soldat", to=until))
    assert "Alte Soldaten-Geschichte" in old and "Soldaten üben" not in old
    html_of(client, "/suche/", q="Soldat", **{"from": "not-a-date"})


@pytest.mark.parametrize(
    ("query", "message"),
    [("", "Enter a word or phrase"), ("x" * 201, "at most 200 characters"), ("   ", "Enter")],
)
def test_empty_or_absurd_queries_get_a_message_not_an_error(client, searchable, query, message):
    html = html_of(client, "/en/search/", q=query)
    assert message in html


@pytest.mark.parametrize("query", ['"', "OR", "-", "!!(&|:*)", "a & b | c", "\\", "'"])
def test_odd_search_syntax_never_fails(client, searchable, query):
    html_of(client, "/suche/", q=query)


def test_snippets_never_unescape_story_text(client):
    make_article("Sicher", body="<p>Soldaten &lt;script&gt;alert(1)&lt;/script&gt; marschieren</p>")
    html = html_of(client, "/suche/", q="Soldat")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_search_query_count(client, searchable, django_assert_max_num_queries):
    """Content state and section list (both kept in production), the query's stems, the
    newest matches, the ranked page: no COUNT(*)."""
    cache.clear()  # even with the section list cold
    with django_assert_max_num_queries(5):
        client.get("/suche/", {"q": "Soldat", "section": "politik"})


def test_a_common_word_ranks_the_newest_matches_and_says_so(client, searchable, monkeypatch):
    monkeypatch.setattr(querysets, "SEARCH_CANDIDATES", 2)
    html = words_of(html_of(client, "/suche/", q="Soldat"))
    assert "2 Artikel gefunden unter den neuesten 2" in html
    # the two newest of the three matches (the "old" story is 400 days old)
    assert "Soldaten üben im Auenwald" in html and "Nordkorea schickt" in html
    assert "Alte Soldaten-Geschichte" not in html
    # narrowing by date reaches further back
    html = words_of(html_of(client, "/suche/", q="Soldat", to=date.today() - timedelta(days=300)))
    assert "Alte Soldaten-Geschichte" in html and "1 Artikel gefunden" in html


def test_a_phrase_is_checked_among_the_newest_stories_with_its_words(client, monkeypatch):
    monkeypatch.setattr(querysets, "SEARCH_CANDIDATES", 2)
    hours = iter(range(1, 10))
    for headline, body in [
        ("Neueste", "<p>Der Rat tagt. Später kommt die Nacht, dann ein Essen.</p>"),
        ("Mittlere", "<p>Nach der Nacht Essen für alle.</p>"),
        ("Älteste", "<p>Die Nacht Essen gab es früher.</p>"),
    ]:
        make_article(headline, body=body, published_at=db_now() - timedelta(hours=next(hours)))
    html = html_of(client, "/suche/", q='"Nacht Essen"')
    assert "Mittlere" in html  # the phrase, among the two newest with both words
    assert "Neueste" not in html  # both words, not as a phrase
    assert "Älteste" not in html  # older than the newest two with both words
    assert "1 Artikel gefunden unter den neuesten 2" in html
    monkeypatch.setattr(querysets, "SEARCH_CANDIDATES", 500)
    html = html_of(client, "/suche/", q='"Nacht Essen"')
    assert "Mittlere" in html and "Älteste" in html and "Neueste" not in html
    assert "2 Artikel gefunden" in html


def test_search_finds_matches_of_every_age_in_its_own_edition(client, searchable):
    html = html_of(client, "/suche/", q="Soldat OR soldier")
    for headline in ["Soldaten üben", "Nordkorea schickt", "Alte Soldaten"]:
        assert headline in words_of(html)
    assert "Army exercise" not in html
    assert "3 Artikel gefunden" in html
    # and a plain way to the other edition's results for the same words
    other = re.search(r'<a href="(/en/search/\?q=[^"]+)" lang="en" hreflang="en">', html)
    assert other and "Search the same words in English" in html
    english = html_of(client, unescape(other[1]))
    assert "Army exercise" in english and "Soldaten üben" not in english
    assert "Dieselben Wörter auf Deutsch suchen" in english


def test_each_language_is_searched_through_its_own_index(searchable):
    """Every language has a GIN index of its own stories only, and each language's branch of
    the candidates query is answered from it: a German stem never walks the English
    stories' postings. (A handful of rows would rather be read whole or by publish time:
    inside the test's transaction the B-tree indexes go, and sequential scans are off.)"""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'articles_article'"
            " AND indexdef LIKE '%USING gin%search_vector%'"
        )
        indexes = dict(cursor.fetchall())
    for code, _ in settings.LANGUAGES:
        definition = " ".join(indexes[f"article_search_{code}_idx"].split())
        assert f"WHEN ((language)::text = '{code}'::text) THEN search_vector" in definition
    assert len(indexes) == len(settings.LANGUAGES)  # no index of all languages beside them

    stories = Article.objects.published()
    # a word both languages stem alike ('auenwald'): still asked of each language's index
    sql, params = stories.newest_matches_sql(stories.parse_query("Auenwald"), 500)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the fixture's deferred checks
        cursor.execute(
            "ALTER TABLE articles_article DROP CONSTRAINT article_one_translation_per_language"
        )
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'articles_article'"
            " AND indexdef NOT LIKE '%USING gin%' AND indexname NOT LIKE '%pkey'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row for (row,) in cursor.fetchall())
    scans = re.findall(r"Bitmap Index Scan on (\w+)", plan)
    assert set(scans) == {"article_search_de_idx", "article_search_en_idx"}


def test_stop_words_alone_find_nothing_without_an_error(client, searchable):
    html = html_of(client, "/suche/", q="der die das")
    assert "0 Artikel gefunden" in html


def test_search_finds_a_story_after_it_is_edited(client, searchable, editor):
    story = searchable["english"]
    story.headline = "Army exercise near the river Auenbach"
    publishing.save_edit(story, by=editor, expected_version=story.version)
    assert "Army exercise near" in html_of(client, "/en/search/", q="Auenbach")


# Error pages ----------------------------------------------------------------------------


def test_not_found_page_is_in_the_site_design_without_details(client):
    html = html_of(client, "/politik/nichts-1234567/", status=404)
    assert 'class="site-header"' in html
    assert "Traceback" not in html and "settings" not in html.lower()


def test_server_error_page_reveals_nothing(client, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("secret database password in message")

    monkeypatch.setattr("articles.views.Article.objects.edition", explode)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert b"secret database password" not in response.content
    assert b"Traceback" not in response.content


def menu_marks(html: str) -> list[tuple[str, str]]:
    """(entry, aria-current) of every marked entry in the site's menu."""
    start = html.index('<nav class="site-nav"')
    menu = html[start : html.index("</nav>", start)]
    return re.findall(r'<a href="[^"]*" aria-current="(\w+)">([^<]+)</a>', menu)


def test_the_menu_marks_where_the_reader_is(client, newsroom):
    assert menu_marks(html_of(client, "/")) == []
    politik = html_of(client, newsroom["politik"].get_absolute_url())
    assert menu_marks(politik) == [("page", "Politik")]
    neustadt = html_of(client, newsroom["neustadt"].get_absolute_url())
    assert menu_marks(neustadt) == [("true", "Lokales")]  # a sub-section: its parent
    story = newsroom["stories"]["Neustadt Meldung 0"]
    assert menu_marks(html_of(client, story.get_absolute_url())) == [("true", "Lokales")]


def test_a_phrase_in_the_headline_alone_is_marked_and_a_cut_snippet_says_so(client):
    body = "<p>" + " ".join(["Der Rat hat lange beraten, was nun geschehen soll."] * 12) + "</p>"
    make_article("Neue Brücke für Neustadt", body=body)
    make_article("Andere Meldung", body=f"{body[:-4]} Die neue Brücke kommt.</p>")
    html = html_of(client, "/suche/", q='"neue Brücke"')
    assert "<mark>Neue</mark> <mark>Brücke</mark> für Neustadt</a>" in html
    snippet = re.search(r'<p class="snippet">(.*?)</p>', html.split("Andere Meldung")[1])[1]
    assert snippet.startswith("… ") and "<mark>neue</mark> <mark>Brücke</mark>" in snippet


def test_every_credited_name_links_to_the_contributors_page(client, newsroom):
    story = newsroom["stories"]["Politik Meldung 0"]
    bae = make_contributor("Gawon Bae", affiliation="CNN & Co")
    Credit.objects.create(article=story, contributor=bae, role="contributor", order=5)
    author = story.credits.order_by("order").first().contributor
    html = html_of(client, story.get_absolute_url())
    link = f'<a href="/autor/{author.slug}/">{author.name}</a>'
    assert f'<span class="byline">Von {link} und ' in html
    assert f'CNN &amp; Cos <a href="/autor/{bae.slug}/">Gawon Bae</a> hat ebenfalls' in html
    assert link in html_of(client, "/")  # the cards' bylines too
    english = make_article("Army exercise", section=newsroom["politik"], language="en")
    Credit.objects.create(article=english, contributor=author, role="author")
    assert f'By <a href="/en/author/{author.slug}/">' in html_of(client, english.get_absolute_url())
