"""Translating a story from the admin: the draft in another language, its links both ways, and
the list of stories that still lack a translation."""

import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from reversion.models import Version

from articles import publishing
from articles.models import Article, Credit, Image
from tests.conftest import make_article, make_contributor, make_section, make_user

pytestmark = pytest.mark.django_db
Status = Article.Status
LIST_URL = "/admin/articles/article/"


def change_url(article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def translate_url(article, language: str) -> str:
    return f"/admin/articles/article/{article.pk}/translate/{language}/"


def logged_in(client, user, language="en"):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def written() -> tuple[int, int, int, int]:
    """Everything a translation would write: stories, credits, revisions, admin log lines."""
    return (
        Article.objects.count(),
        Credit.objects.count(),
        Version.objects.count(),
        LogEntry.objects.count(),
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def credits_of(article) -> list[tuple[str, str]]:
    return [(c.contributor.name, c.role) for c in article.credits.select_related("contributor")]


@pytest.fixture
def story(db):
    """A published German story with everything a translation takes over."""
    picture = Image.objects.create(
        file="bilder/grenze.jpg", alt_text="Soldaten an der Grenze", width=64, height=48
    )
    article = make_article(
        "Nordkorea schickt weitere Soldaten",
        section=make_section("Welt"),
        kicker="Ukraine-Krieg",
        standfirst="Pjöngjang verstärkt seine Truppen.",
        body="<p>Erster Absatz.</p><h2>Zwischenzeile</h2><p>Zweiter.</p>",
        lead_image=picture,
        dateline="Seoul",
        source="dpa",
        canonical_url="https://example.org/original",
        language="de",
    )
    article.tags.add("Nordkorea", "Russland")
    for order, (name, role) in enumerate(
        [("Gawon Bae", "author"), ("Paul Foto", "photographer"), ("Tina Übersetzt", "translator")]
    ):
        Credit.objects.create(
            article=article, contributor=make_contributor(name), role=role, order=order
        )
    return article


@pytest.fixture
def translator(db):
    """An editor who is also a contributor, so the translation credits her."""
    user = make_user("tanja", "Editor")
    make_contributor("Tanja Translator", user=user)
    return user


# Creating a translation ---------------------------------------------------------------------


def test_the_button_creates_an_english_draft_prefilled_from_the_story(client, story, translator):
    logged_in(client, translator)
    original_before = Article.objects.values().get(pk=story.pk)
    page = client.get(change_url(story)).content.decode()
    assert re.search(r">\s*Create English translation</button>", page)
    assert "Create German translation" not in page  # the story is German

    response = client.post(translate_url(story, "en"), follow=True)

    draft = Article.objects.get(language="en")
    assert response.redirect_chain == [(change_url(draft), 302)]
    assert messages_of(response) == [
        "Created a draft in English from “Nordkorea schickt weitere Soldaten”: translate it here."
    ]
    assert (draft.status, draft.published_at, draft.created_by) == (Status.DRAFT, None, translator)
    assert draft.translation_of == story
    copied = ["kicker", "headline", "standfirst", "body", "section", "lead_image"]
    copied += ["dateline", "source", "slug"]
    assert {name: getattr(draft, name) for name in copied} == {
        name: getattr(story, name) for name in copied
    }
    assert draft.canonical_url == ""  # the original's address is not the translation's
    assert sorted(draft.tags.names()) == ["Nordkorea", "Russland"]
    # The story's own translator worked into German; the one who made the draft translates.
    assert credits_of(draft) == [
        ("Gawon Bae", "author"),
        ("Paul Foto", "photographer"),
        ("Tanja Translator", "translator"),
    ]
    assert Version.objects.get_for_object(draft).count() == 1
    assert LogEntry.objects.get(object_id=str(draft.pk)).action_flag == ADDITION
    assert Article.objects.values().get(pk=story.pk) == original_before


def test_the_change_pages_link_the_original_and_its_translation_both_ways(
    client, story, translator
):
    logged_in(client, translator)
    client.post(translate_url(story, "en"))
    draft = Article.objects.get(language="en")

    original_page = unescape(client.get(change_url(story)).content.decode())
    assert (
        f'Translation, English: <a href="{change_url(draft)}" lang="en">'
        "Nordkorea schickt weitere Soldaten</a> (draft)"
    ) in original_page
    assert "Create English translation" not in original_page  # it exists: linked instead

    draft_page = unescape(client.get(change_url(draft)).content.decode())
    assert (
        f'Original, German: <a href="{change_url(story)}" lang="de">'
        "Nordkorea schickt weitere Soldaten</a> (published)"
    ) in draft_page
    assert "Create German translation" not in draft_page
    assert list(Article.objects.translations_of(story)) == [draft]
    assert list(Article.objects.translations_of(draft)) == [story]


def test_the_button_speaks_the_editors_language(client, story, translator):
    page = logged_in(client, translator, "de").get(change_url(story)).content.decode()
    assert re.search(r">\s*Englische Übersetzung anlegen</button>", page)


def test_the_translation_is_a_draft_that_readers_do_not_see(client, story, translator):
    draft = publishing.create_translation(story, "en", by=translator)
    readers = Client()
    assert readers.get(draft.get_absolute_url()).status_code == 404
    with translation.override("en"):
        assert "Nordkorea" not in readers.get("/en/").content.decode()
    german_page = readers.get(story.get_absolute_url()).content.decode()
    assert 'rel="alternate" hreflang="en"' not in german_page
    assert draft.get_absolute_url() not in german_page
    assert draft not in Article.objects.published()


def test_a_reporter_may_translate_and_then_edit_the_draft(client, story, reporter):
    logged_in(client, reporter)
    response = client.post(translate_url(story, "en"))
    draft = Article.objects.get(language="en")
    assert response.status_code == 302
    assert draft.created_by == reporter
    assert client.get(change_url(draft)).status_code == 200
    # A reporter without a contributor profile is not credited.
    assert [role for _name, role in credits_of(draft)] == ["author", "photographer"]


# Refusals: nothing is written --------------------------------------------------------------


def test_a_second_post_creates_nothing_and_opens_the_existing_translation(
    client, story, translator
):
    logged_in(client, translator)
    client.post(translate_url(story, "en"), follow=True)  # and read its message
    draft = Article.objects.get(language="en")
    before = written()

    response = client.post(translate_url(story, "en"), follow=True)

    assert response.redirect_chain == [(change_url(draft), 302)]
    assert messages_of(response) == ["This story exists in English already; nothing was created."]
    assert written() == before


def test_translating_a_translation_back_opens_the_original(client, story, translator):
    logged_in(client, translator)
    client.post(translate_url(story, "en"), follow=True)  # and read its message
    draft = Article.objects.get(language="en")
    before = written()
    response = client.post(translate_url(draft, "de"), follow=True)
    assert response.redirect_chain == [(change_url(story), 302)]
    assert messages_of(response) == ["This story exists in German already; nothing was created."]
    assert written() == before


def test_a_translation_of_a_translation_hangs_off_the_original(
    story, translator, settings, monkeypatch
):
    """With a third language, translating the English version makes a sibling of it."""
    languages = [*settings.LANGUAGES, ("fr", "French")]
    settings.LANGUAGES = languages
    monkeypatch.setattr(Article._meta.get_field("language"), "choices", languages)
    english = publishing.create_translation(story, "en", by=translator)
    french = publishing.create_translation(english, "fr", by=translator)
    assert french.translation_of == story
    assert set(Article.objects.translations_of(english)) == {story, french}
    with pytest.raises(publishing.TranslationExists) as refused:
        publishing.create_translation(english, "fr", by=translator)
    assert refused.value.existing == french


def test_without_the_right_to_write_stories_translating_is_refused(client, story):
    viewer = make_user("vera")
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    logged_in(client, viewer)
    assert client.get(change_url(story)).status_code == 200
    assert "translation</button>" not in client.get(change_url(story)).content.decode()
    before = written()
    assert client.post(translate_url(story, "en")).status_code == 403
    assert written() == before
    with pytest.raises(PermissionDenied):
        publishing.create_translation(story, "en", by=viewer)
    assert written() == before


def test_translating_needs_a_post_with_the_csrf_token(story, translator):
    client = logged_in(Client(enforce_csrf_checks=True), translator)
    before = written()
    assert client.get(translate_url(story, "en")).status_code == 404
    assert client.post(translate_url(story, "en")).status_code == 403
    assert written() == before


def test_a_language_the_site_does_not_have_is_refused_with_a_message(client, story, translator):
    logged_in(client, translator)
    before = written()
    response = client.post(translate_url(story, "fr"), follow=True)
    assert response.redirect_chain == [(change_url(story), 302)]
    assert messages_of(response) == ["“fr” is not a language of this site."]
    assert written() == before


def test_a_story_in_the_trash_is_not_translated(client, story, translator):
    publishing.delete(story, by=translator)
    logged_in(client, translator)
    assert "Create English translation" not in client.get(change_url(story)).content.decode()
    before = written()
    response = client.post(translate_url(story, "en"), follow=True)
    assert messages_of(response) == ["A story in the trash cannot be translated."]
    assert written() == before
    with pytest.raises(ValidationError):
        publishing.create_translation(story, "en", by=translator)


# The change list ----------------------------------------------------------------------------


@pytest.fixture
def editions(db):
    """Stories in both editions, some translated one way or the other."""
    section = make_section("Welt")

    def story(headline, language, original=None, **fields):
        return make_article(
            headline, section=section, language=language, translation_of=original, **fields
        )

    stories = {"german with english": story("Deutsch mit Englisch", "de")}
    stories["its english"] = story("Its English", "en", stories["german with english"])
    stories["german alone"] = story("Deutsch allein", "de")
    stories["german draft"] = story("Deutscher Entwurf", "de", published=False)
    stories["english alone"] = story("English alone", "en")
    stories["english with german"] = story("English with German", "en")
    stories["its german"] = story("Sein Deutsch", "de", stories["english with german"])
    stories["german with trashed english"] = story("Deutsch, Englisch im Papierkorb", "de")
    stories["trashed english"] = story(
        "Trashed English", "en", stories["german with trashed english"], published=False
    )
    Article.objects.filter(pk=stories["trashed english"].pk).update(status=Status.DELETED)
    return stories


def listed(client, **params) -> set[str]:
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return {story.headline for story in response.context["cl"].result_list}


def test_the_missing_translation_filter_lists_exactly_the_untranslated_stories(
    client, editor, editions
):
    logged_in(client, editor)
    # A translation in the trash still holds its language's place: restore it, not a twin.
    assert listed(client, missing="en") == {"Deutsch allein", "Deutscher Entwurf"}
    assert listed(client, missing="de") == {"English alone"}
    assert listed(client, missing="de", language="de") == set()
    assert listed(client, missing="en", status="draft") == {"Deutscher Entwurf"}
    assert set(Article.objects.without_translation_in("en")) == {
        editions["german alone"],
        editions["german draft"],
    }
    assert "missing in English" in client.get(LIST_URL).content.decode()


def test_the_language_filter_lists_one_edition(client, editor, editions):
    logged_in(client, editor)
    assert listed(client, language="en") == {
        "Its English",
        "English alone",
        "English with German",
    }


def test_the_list_shows_the_languages_each_story_exists_in(client, editor, editions):
    logged_in(client, editor)
    stories = client.get(LIST_URL).context["cl"].result_list
    assert {story.headline: story.languages for story in stories} == {
        "Deutsch mit Englisch": ["de", "en"],
        "Its English": ["de", "en"],
        "Deutsch allein": ["de"],
        "Deutscher Entwurf": ["de"],
        "English alone": ["en"],
        "English with German": ["de", "en"],
        "Sein Deutsch": ["de", "en"],
        "Deutsch, Englisch im Papierkorb": ["de", "en"],
    }
    assert '<td class="field-editions">de, en</td>' in client.get(LIST_URL).content.decode()


def queries_for(client, params) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST_URL, params).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize(
    "params",
    [{}, {"missing": "en"}, {"missing": "de", "language": "en", "status": "published"}],
)
def test_the_list_with_translation_filters_makes_as_many_queries_for_many_stories_as_for_few(
    client, editor, editions, params
):
    logged_in(client, editor)
    few = queries_for(client, params)
    section = editions["german alone"].section
    for number in range(20):
        original = make_article(f"Meldung {number}", section=section, authors=[f"A {number}"])
        make_article(f"Story {number}", section=section, language="en", translation_of=original)
        make_article(f"Nur Deutsch {number}", section=section)
    many = queries_for(client, params)
    assert len(many) == len(few) <= 12
    counts = [sql for sql in many if "COUNT(" in sql.upper()]
    assert counts and all("LIMIT" in sql.upper() for sql in counts), counts


# The admin speaks German ----------------------------------------------------------------------

# English an editor met in the German admin (issue 18), and its relatives: Django's words, the
# body editor's, the user form's. Whole words, case-sensitive; none is also a German word.
ENGLISH = [
    "Select an option",
    "Run",
    "Search",
    "Pagination",
    "Filter by",
    "Heading",
    "Paragraph",
    "Edit Link",
    "Open in new window",
    "Update",
    "Note:",
    "timezone",
    "Password-based",
    "authentication",
    "Choose all",
    "Remove all",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "Are you sure",
    "Yes, I’m sure",
    "Delete",
    "Save",
    "Add another",
    "Show all",
    "Today",
    "Now",
    "Logout",
    "Log out",
    "Welcome",
    "History",
    "Change password",
    "Set password",
    "Reset password",
    "Enabled",
    "Disabled",
    "Raw passwords",
    "Recent actions",
    "Taggit",
    "Sessions",
    "Merge tags",
]
ENGLISH_WORDS = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])")


class _SeenText(HTMLParser):
    """What a German editor sees or hears on a page: text (screen-reader-only text too),
    option labels, button values, placeholders, titles and aria-labels. Not what is never
    shown: scripts, the `hidden` rows and inline templates (`empty-form`)."""

    SKIP = {"script", "style", "template"}
    VOID = {"input", "img", "br", "hr", "meta", "link", "source", "col", "area", "wbr"}

    def __init__(self):
        super().__init__()
        self.texts, self.skipping = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        skip = tag in self.SKIP or "hidden" in attrs or {"hidden", "empty-form"} & set(classes)
        if tag not in self.VOID:
            self.skipping.append(skip)
        if skip or any(self.skipping):
            return
        for name in ("title", "aria-label", "placeholder"):
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
            self.texts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if data.strip() and not any(self.skipping):
            self.texts.append(data.strip())


def english_on(html: str) -> list[str]:
    parser = _SeenText()
    parser.feed(html)
    return [text for text in parser.texts if ENGLISH_WORDS.search(text)]


def test_the_check_finds_english_and_leaves_german_alone():
    assert english_on("<p>Search Artikel</p><option>- Select an option -</option>") == [
        "Search Artikel",
        "- Select an option -",
    ]
    assert english_on('<button title="Run">x</button><input type="submit" value="Save">') == [
        "Run",
        "Save",
    ]
    assert english_on('<div class="hidden"><p>Save</p></div><script>Run()</script>') == []
    assert english_on("<p>Suche, Filter, Status, Version, Link, Name</p>") == []


@pytest.fixture
def german_newsroom(db, editor):
    """A little of everything the admin lists: a story with a credit and a revision, a
    picture, a topic, a section and the site pages."""
    from taggit.models import Tag

    from articles.models import SitePage

    story = make_article("Hochwasser an der Elbe", section=make_section("Welt"), authors=["Ana"])
    story.tags.add("Hochwasser")
    picture = Image.objects.create(
        file="bilder/elbe.jpg", alt_text="Die Elbe bei Dresden", width=64, height=48
    )
    page = SitePage.objects.filter(kind="imprint").first()
    return {
        "story": story,
        "picture": picture,
        "tag": Tag.objects.get(name="Hochwasser"),
        "page": page,
        "editor": editor,
    }


def pages_an_editor_uses(things, root) -> list[str]:
    story, picture, tag = things["story"], things["picture"], things["tag"]
    urls = [
        "/admin/",
        LIST_URL,
        f"{LIST_URL}?status=published&language=de",
        f"{LIST_URL}add/",
        change_url(story),
        f"{LIST_URL}{story.pk}/revisions/",
        f"{LIST_URL}{story.pk}/delete/",
        "/admin/articles/image/",
        f"/admin/articles/image/{picture.pk}/change/",
        "/admin/articles/image/upload/",
        "/admin/taggit/tag/",
        f"/admin/taggit/tag/{tag.pk}/change/",
        "/admin/articles/section/",
        "/admin/articles/contributor/",
        "/admin/articles/sitepage/",
        "/admin/articles/sitepage/add/",
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        f"/admin/auth/user/{root.pk}/change/",
        f"/admin/auth/user/{root.pk}/password/",
        "/admin/auth/group/add/",
        "/admin/password_change/",
        "/admin/invite/",
    ]
    if things["page"] is not None:
        urls.append(f"/admin/articles/sitepage/{things['page'].pk}/change/")
    return urls


def test_every_admin_page_an_editor_uses_is_german(client, german_newsroom, superuser):
    logged_in(client, superuser, "de")
    found = {}
    for url in pages_an_editor_uses(german_newsroom, superuser):
        response = client.get(url)
        assert response.status_code == 200, url
        if english := english_on(response.content.decode()):
            found[url] = english
    # The merge page is reached through the tag list's action.
    tag = german_newsroom["tag"]
    merge = client.post("/admin/taggit/tag/", {"action": "merge", "_selected_action": [tag.pk]})
    if english := english_on(merge.content.decode()):
        found["merge"] = english
    assert not found, f"English in the German admin: {found}"


def test_the_editors_own_admin_pages_are_german_too(client, german_newsroom):
    """An editor (not a superuser) sees the story list and form as the newsroom set them up."""
    logged_in(client, german_newsroom["editor"], "de")
    story = german_newsroom["story"]
    for url in ["/admin/", LIST_URL, change_url(story), f"{LIST_URL}{story.pk}/delete/"]:
        assert english_on(client.get(url).content.decode()) == [], url


def test_the_admins_javascript_catalogue_is_german(client, editor):
    """Date shortcuts, the time-zone note and the editor's link dialog come from here."""
    logged_in(client, editor, "de")
    catalogue = client.get("/admin/jsi18n/").content.decode()
    for english, german in [
        ("Choose all %s", "Alle %s auswählen"),
        ("Today (%(date)s)", "Heute (%(date)s)"),
        ("Edit Link", "Link bearbeiten"),
        ("Open in new window", "In neuem Fenster öffnen"),
        ("Caption", "Bildunterschrift"),
    ]:
        assert f'"{english}": {json.dumps(german)}' in catalogue, english
    assert json.dumps("Zeiten in der Zeitzone %(timezone)s eingeben")[1:-1] in catalogue


def test_permissions_are_named_in_german(client, superuser):
    logged_in(client, superuser, "de")
    page = client.get(f"/admin/auth/user/{superuser.pk}/change/").content.decode()
    assert "Redaktion | Artikel | Darf Artikel anlegen" in page
    assert "Redaktion | Artikel | Darf Artikel veröffentlichen" not in page  # not made up
    assert "Can publish" not in page
