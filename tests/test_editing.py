"""Editing a story in the admin: text kept while typing, conflicts that need a choice, and
who else has the story open (articles/editing.py and the story form)."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import editing
from articles.caching.state import read_content_state
from articles.models import Article, Autosave, EditPresence
from tests.conftest import form_data, make_article, make_user

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/articles/article/add/"
TYPED = {"headline": "Brücke gesperrt", "standfirst": "Neuer Vorspann.", "body": "<p>Neu.</p>"}


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def autosave_url(article=None):
    return f"/admin/articles/article/{article.pk if article else 'add'}/autosave/"


def presence_url(article):
    return f"/admin/articles/article/{article.pk}/presence/"


def logged_in(client, user, language="en"):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def keep(client, article, fields, **extra):
    return client.post(autosave_url(article), {"fields": json.dumps(fields), **extra})


@pytest.fixture
def story(editor):
    return make_article(
        "Brücke offen", standfirst="Alter Vorspann.", body="<p>Alt.</p>", created_by=editor
    )


# Autosave -----------------------------------------------------------------------------


def test_autosaving_keeps_the_text_and_changes_nothing_readers_see(client, editor, story):
    logged_in(client, editor)
    state_before = read_content_state()[0].generation
    row_before = Article.objects.values().get(pk=story.pk)
    response = keep(client, story, TYPED, base_version=str(story.version))
    assert response.status_code == 200
    assert "kept automatically" in response.json()["message"]
    kept = Autosave.objects.get()
    assert (kept.user, kept.article, kept.fields, kept.base_version) == (
        editor,
        story,
        TYPED,
        story.version,
    )
    assert Article.objects.values().get(pk=story.pk) == row_before
    assert read_content_state()[0].generation == state_before
    keep(client, story, {**TYPED, "headline": "Brücke wieder offen"})
    assert Autosave.objects.get().fields["headline"] == "Brücke wieder offen"  # replaced


@pytest.mark.parametrize(
    "fields",
    ['{"published_at": "2020-01-01"}', '{"headline": 42}', "not json", '["headline"]'],
    ids=["unknown field", "not text", "not json", "not an object"],
)
def test_autosave_refuses_bad_input_with_a_reason_and_keeps_nothing(client, editor, story, fields):
    logged_in(client, editor)
    response = client.post(autosave_url(story), {"fields": fields})
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Autosave.objects.exists()


def test_autosave_is_checked_like_the_change_view(client, story, reporter):
    logged_in(client, reporter)  # a reporter may not edit an editor's story
    assert keep(client, story, TYPED).status_code == 403
    assert client.get(autosave_url(story)).status_code == 405
    anonymous = Client().post(autosave_url(story), {"fields": json.dumps(TYPED)})
    assert anonymous.status_code == 302  # to the login page
    assert not Autosave.objects.exists()


def test_autosave_needs_the_csrf_token(editor, story):
    client = logged_in(Client(enforce_csrf_checks=True), editor)
    assert keep(client, story, TYPED).status_code == 403
    assert not Autosave.objects.exists()


def test_reopening_the_story_offers_the_unsaved_text_to_restore(client, editor, story):
    logged_in(client, editor)
    keep(client, story, TYPED, base_version=str(story.version))
    page = client.get(change_url(story))
    assert "Restore" in page.content.decode() and "Discard" in page.content.decode()
    offered = page.context["autosave_offer_data"]
    assert offered == {"fields": TYPED, "base_version": story.version}
    client.post(autosave_url(story), {"discard": "1"})
    assert "autosave_offer" not in client.get(change_url(story)).context


def test_nothing_is_offered_when_the_kept_text_is_the_story_s_or_older_than_its_save(
    client, editor, story
):
    logged_in(client, editor)
    same = {"headline": story.headline, "standfirst": story.standfirst, "body": story.body}
    keep(client, story, same)
    assert "autosave_offer" not in client.get(change_url(story)).context
    keep(client, story, TYPED)
    Article.objects.filter(pk=story.pk).update(modified_at=timezone.now() + timedelta(seconds=1))
    assert "autosave_offer" not in client.get(change_url(story)).context


def test_saving_the_story_clears_its_autosave(client, editor, story):
    logged_in(client, editor)
    keep(client, story, TYPED)
    data = form_data(client.get(change_url(story)))
    assert client.post(change_url(story), {**data, **TYPED}).status_code == 302
    assert not Autosave.objects.exists()


def test_a_new_story_is_kept_too_and_offered_on_the_next_add_page(client, reporter, section):
    logged_in(client, reporter)
    assert keep(client, None, TYPED).status_code == 200
    assert Autosave.objects.get().article is None
    page = client.get(ADD_URL)
    assert page.context["autosave_offer_data"]["fields"] == TYPED
    data = form_data(page)
    data.update(TYPED, section=str(section.pk), language="de", slug="")
    assert client.post(ADD_URL, data).status_code == 302
    assert not Autosave.objects.exists()


def test_a_refused_save_marks_the_form_as_unsaved(client, editor, story):
    logged_in(client, editor)
    data = form_data(client.get(change_url(story)))
    response = client.post(change_url(story), {**data, "headline": "x" * 300})
    assert response.status_code == 200
    assert "data-unsaved" in response.content.decode()  # the script keeps it at once


# Two editors, one story ---------------------------------------------------------------


@pytest.fixture
def conflict(client, editor):
    """Anna saved the story after Erika opened it; Erika's save was refused."""
    anna = make_user("anna", "Editor", first_name="Anna", last_name="Schmidt")
    story = make_article("Brücke offen", body="<p>Die Brücke ist offen.</p>")
    logged_in(client, editor)
    mine = form_data(client.get(change_url(story)))
    other = logged_in(Client(), anna)
    theirs = form_data(other.get(change_url(story)))
    other.post(change_url(story), {**theirs, "body": "<p>Die Brücke ist gesperrt.</p>"})
    refused = client.post(change_url(story), {**mine, "headline": "Erikas Fassung"})
    assert refused.status_code == 200
    return story, refused


def test_after_a_conflict_a_plain_second_save_is_refused_again(client, conflict):
    story, refused = conflict
    again = client.post(change_url(story), form_data(refused))
    assert again.status_code == 200
    assert "Someone else saved this story" in again.content.decode()
    assert Article.objects.get().headline == "Brücke offen"
    assert Article.objects.get().body == "<p>Die Brücke ist gesperrt.</p>"


def test_the_conflict_names_who_saved_and_shows_their_text_to_copy(conflict):
    _story, refused = conflict
    html = refused.content.decode()
    assert "Save anyway (overwrite changes by Anna Schmidt)" in html
    assert "Save my merged text" in html
    assert "Die Brücke ist gesperrt." in html  # their body, to copy from
    assert 'value="Erikas Fassung"' in html  # the editor's own text is still in the form
    assert refused.context["conflict_version"] == Article.objects.get().version


def test_saving_anyway_overwrites_only_the_version_that_was_shown(client, conflict):
    story, refused = conflict
    seen = refused.context["conflict_version"]
    data = {**form_data(refused), "overwrite_version": str(seen)}
    anna = Client()
    anna.force_login(make_user("otto", "Editor"))
    fresh = form_data(anna.get(change_url(story)))
    anna.post(change_url(story), {**fresh, "standfirst": "Noch eine Änderung."})
    stale = client.post(change_url(story), data)
    assert stale.status_code == 200  # a third save came in after the conflict was shown
    assert Article.objects.get().headline == "Brücke offen"
    data["overwrite_version"] = str(stale.context["conflict_version"])
    assert client.post(change_url(story), data).status_code == 302
    assert Article.objects.get().headline == "Erikas Fassung"


def test_an_overwrite_value_that_is_not_a_number_changes_nothing(client, conflict):
    story, refused = conflict
    response = client.post(change_url(story), {**form_data(refused), "overwrite_version": "x"})
    assert response.status_code == 200
    assert Article.objects.get().headline == "Brücke offen"


# Who else has the story open ----------------------------------------------------------


def test_others_opening_the_story_see_who_edits_it_since_when_in_german(editor, story):
    anna = make_user("anna", "Editor", first_name="Anna")
    logged_in(Client(), anna).get(change_url(story))
    since = timezone.localtime(EditPresence.objects.get(user=anna).since)
    said = f"Anna bearbeitet seit {since:%H:%M} Uhr"  # Berlin time, as the newsroom's clocks
    page = logged_in(Client(), editor, language="de").get(change_url(story))
    assert said in page.content.decode()
    answer = logged_in(Client(), editor, language="de").post(presence_url(story)).json()
    assert answer == {"editing": [said]}


def test_presence_expires_after_a_minute_without_heartbeat_and_on_leaving(client, editor, story):
    anna = make_user("anna", "Editor")
    other = logged_in(Client(), anna)
    other.post(presence_url(story))
    logged_in(client, editor)
    assert len(client.post(presence_url(story)).json()["editing"]) == 1
    EditPresence.objects.filter(user=anna).update(seen_at=timezone.now() - timedelta(seconds=90))
    assert client.post(presence_url(story)).json()["editing"] == []
    other.post(presence_url(story))
    assert len(client.post(presence_url(story)).json()["editing"]) == 1
    other.post(presence_url(story), {"leave": "1"})
    assert client.post(presence_url(story)).json()["editing"] == []


def test_coming_back_after_a_gap_starts_a_new_since(editor, story):
    long_ago = timezone.now() - timedelta(hours=2)
    EditPresence.objects.create(article=story, user=editor, since=long_ago, seen_at=long_ago)
    editing.heartbeat(user=editor, article=story)
    assert EditPresence.objects.get().since > long_ago + timedelta(hours=1)
    editing.heartbeat(user=editor, article=story)  # a heartbeat within the minute keeps it
    first = EditPresence.objects.get()
    editing.heartbeat(user=editor, article=story)
    assert EditPresence.objects.get().since == first.since


def test_someone_who_may_only_look_is_not_shown_as_editing(client, editor, reporter, story):
    logged_in(Client(), reporter).post(presence_url(story))
    logged_in(client, editor)
    assert client.post(presence_url(story)).json()["editing"] == []
    assert not EditPresence.objects.filter(user=reporter).exists()


def test_the_heartbeat_is_one_upsert_and_one_select(client, editor, story):
    logged_in(client, editor)
    client.post(presence_url(story))  # sessions and permissions warmed up
    with CaptureQueriesContext(connection) as captured:
        client.post(presence_url(story))
    presence = [q["sql"] for q in captured.captured_queries if "articles_editpresence" in q["sql"]]
    assert len(presence) == 2, presence
    assert presence[0].startswith("\nINSERT") and "ON CONFLICT" in presence[0]
    assert presence[1].startswith("SELECT")
