"""The newsroom admin as reporters and editors use it: forms, buttons, forged requests."""

import dataclasses
import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from reversion.models import Version
from taggit.models import Tag

from articles import admin as admin_module
from articles import publishing
from articles.models import Article, Correction, Credit
from tests.conftest import db_now, form_data, make_article, make_contributor, make_section

pytestmark = pytest.mark.django_db
Status = Article.Status
ADD_URL = "/admin/articles/article/add/"
LIST_URL = "/admin/articles/article/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def logged_in(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # assertions below read the English UI
    return client


def new_story_data(client, **fields):
    data = form_data(client.get(ADD_URL))
    data.update(
        headline="Straßenbahn fährt wieder",
        slug="",
        standfirst="Nach drei Wochen rollt die Linie 4.",
        body="<p>Erster Absatz.</p><h2>Zwischenzeile</h2><p>Zweiter.</p>",
        section=str(make_section("Lokales").pk),
        language="de",
        tags="Verkehr, Neustadt",
    )
    data.update(fields)
    return data


def test_reporter_writes_a_draft_with_a_credit_and_submits_it(client, reporter):
    logged_in(client, reporter)
    anna = make_contributor("Anna Schmidt")
    data = new_story_data(client)
    data.update({"credits-0-contributor": str(anna.pk), "credits-0-role": "author"})
    data["credits-0-order"] = "0"
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert (article.status, article.created_by, article.slug) == (
        "draft",
        reporter,
        "strassenbahn-faehrt-wieder",
    )
    assert [c.contributor for c in article.credits.all()] == [anna]
    assert sorted(article.tags.names()) == ["Neustadt", "Verkehr"]
    data = form_data(client.get(change_url(article)))
    response = client.post(change_url(article), {**data, "_transition": "submit"})
    assert response.status_code == 302
    assert Article.objects.get().status == "review"


@pytest.mark.parametrize("transition", ["publish", "unpublish", "archive"])
def test_reporter_forging_a_publish_button_gets_403_and_nothing_changes(
    client, reporter, transition
):
    logged_in(client, reporter)
    client.post(ADD_URL, new_story_data(client))
    article = Article.objects.get()
    data = form_data(client.get(change_url(article)))
    before = Article.objects.values().get()
    data["headline"] = "Geändert und veröffentlicht?"
    response = client.post(change_url(article), {**data, "_transition": transition})
    assert response.status_code == 403
    assert Article.objects.values().get() == before


def test_reporter_forging_status_and_publish_time_fields_changes_nothing(client, reporter):
    logged_in(client, reporter)
    client.post(ADD_URL, new_story_data(client))
    article = Article.objects.get()
    data = form_data(client.get(change_url(article)))
    data.update(status="published", published_at_0="2020-01-01", published_at_1="10:00")
    client.post(change_url(article), data)
    article.refresh_from_db()
    assert (article.status, article.published_at) == ("draft", None)


def test_reporter_cannot_change_someone_elses_story(client, reporter, other_reporter):
    logged_in(client, other_reporter)
    client.post(ADD_URL, new_story_data(client))
    article = Article.objects.get()
    data = form_data(client.get(change_url(article)))
    logged_in(client, reporter)
    response = client.post(change_url(article), {**data, "headline": "Übernommen"})
    assert response.status_code == 403
    assert Article.objects.get().headline == "Straßenbahn fährt wieder"


def test_reporter_cannot_run_editor_actions_even_by_forging_the_request(client, reporter):
    story = make_article("Veröffentlicht")
    before = Article.objects.values().get()
    logged_in(client, reporter)
    for action in ["unpublish", "archive", "delete", "publish", "delete_selected"]:
        client.post(LIST_URL, {"action": action, "_selected_action": [story.pk]})
    assert Article.objects.values().get() == before


ROLES = ["reporter", "other_reporter", "editor", "superuser"]


def story_in(status, *, owner, headline="Meldung"):
    """The reporter's story in a state (set directly: test_publishing covers the way there)."""
    article = make_article(headline, published=status != Status.DRAFT, created_by=owner)
    Article.objects.filter(pk=article.pk).update(status=status)
    article.refresh_from_db()
    return article


def buttons(response) -> list[str]:
    return re.findall(r'name="_transition" value="(\w+)"', response.content.decode())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", list(Status))
def test_buttons_under_the_form_are_the_moves_the_transitions_table_allows(
    request, client, reporter, role, status
):
    actor = request.getfixturevalue(role)
    article = story_in(status, owner=reporter)
    allowed = publishing.allowed_transitions(actor, article)
    response = logged_in(client, actor).get(change_url(article))
    assert response.status_code == 200
    assert buttons(response) == [t.name for t in allowed if t.button]
    labels = re.findall(r'name="_transition" value="\w+" class="[^"]*">([^<]*)<', response.text)
    assert labels == [str(t.button) for t in allowed if t.button]
    has_delete_link = f"/admin/articles/article/{article.pk}/delete/" in response.text
    assert has_delete_link == ("delete" in {t.name for t in allowed})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", list(Status))
def test_a_posted_button_moves_the_story_only_if_the_table_offers_it_else_403(
    request, client, reporter, role, status
):
    actor = request.getfixturevalue(role)
    logged_in(client, actor)
    offered = {
        t.name for t in publishing.allowed_transitions(actor, story_in(status, owner=reporter))
    }
    for number, name in enumerate([*publishing.TRANSITIONS, "bogus"]):
        article = story_in(status, owner=reporter, headline=f"Meldung {number}")
        data = form_data(client.get(change_url(article)))
        before = Article.objects.values().get(pk=article.pk)
        response = client.post(change_url(article), {**data, "_transition": name})
        transition = publishing.TRANSITIONS.get(name)
        if name in offered and transition.button:
            assert response.status_code == 302, name
            assert Article.objects.get(pk=article.pk).status == transition.to_state
        else:
            assert response.status_code == 403, name
            assert Article.objects.values().get(pk=article.pk) == before, name


@pytest.mark.parametrize("role", ROLES)
def test_bulk_actions_are_the_transitions_the_role_may_make(request, client, role):
    actor = request.getfixturevalue(role)
    response = logged_in(client, actor).get(LIST_URL)
    choices = response.context["action_form"].fields["action"].choices[1:]  # after "---"
    expected = [(t.name, str(t.label)) for t in publishing.TRANSITIONS.values() if t.permits(actor)]
    assert [(name, str(label)) for name, label in choices] == expected
    assert [name for name, _label in choices] == (
        ["submit"] if role in {"reporter", "other_reporter"} else list(publishing.TRANSITIONS)
    )


def test_a_bulk_action_moves_the_stories_the_table_allows_and_says_why_not_for_others(
    client, editor, reporter
):
    live = make_article("Live")
    draft = make_article("Noch Entwurf", published=False)
    logged_in(client, editor)
    response = client.post(
        LIST_URL, {"action": "archive", "_selected_action": [live.pk, draft.pk]}, follow=True
    )
    assert Article.objects.get(pk=live.pk).status == "archived"
    assert Article.objects.get(pk=draft.pk).status == "draft"
    texts = [str(message) for message in response.context["messages"]]
    assert texts == ["Noch Entwurf: Cannot archive a story that is draft.", "1 archived."]


def test_delete_says_it_moves_the_story_to_the_trash_and_does(client, editor):
    article = story_in(Status.PUBLISHED, owner=editor)
    Correction.objects.create(article=article, text="Es sind 15 Meter.")
    logged_in(client, editor)
    delete_url = f"/admin/articles/article/{article.pk}/delete/"
    page = client.get(delete_url, headers={"accept-language": "de"}).content.decode()
    assert "in den Papierkorb verschieben?" in page and "als Entwurf" in page
    assert "will be deleted" not in page and "werden gelöscht" not in page
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    article.refresh_from_db()
    assert article.status == "deleted" and article.corrections.count() == 1  # kept


def test_a_story_in_the_trash_cannot_be_deleted_again(client, editor):
    article = story_in(Status.DELETED, owner=editor)
    logged_in(client, editor)
    delete_url = f"/admin/articles/article/{article.pk}/delete/"
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403


def test_editor_publishes_with_the_button_and_schedules_with_a_time(client, editor, reporter):
    logged_in(client, reporter)
    client.post(ADD_URL, new_story_data(client))
    article = Article.objects.get()
    logged_in(client, editor)
    data = form_data(client.get(change_url(article)))
    assert 'value="publish"' in client.get(change_url(article)).content.decode()
    response = client.post(change_url(article), {**data, "_transition": "publish"}, follow=True)
    assert Article.objects.published().get() == article
    assert f"Published: readers see “{article.headline}” now." in response.content.decode()
    later = Article.objects.create(headline="Später", slug="spaeter", section=article.section)
    data = form_data(client.get(change_url(later)))
    data.update(published_at_0="2099-01-01", published_at_1="06:00:00")
    response = client.post(change_url(later), {**data, "_transition": "publish"}, follow=True)
    assert list(Article.objects.scheduled()) == [later]
    # says when readers will see it, not only that the story was changed
    assert "“Später” goes live on 1 January 2099 at 06:00." in response.content.decode()


def test_second_save_of_the_same_story_is_refused_keeping_the_text_and_showing_changes(
    client, editor, reporter
):
    logged_in(client, reporter)
    client.post(ADD_URL, new_story_data(client))
    article = Article.objects.get()
    mine = form_data(client.get(change_url(article)))
    logged_in(client, editor)
    theirs = form_data(client.get(change_url(article)))
    first = client.post(change_url(article), {**theirs, "headline": "Die Fassung der Chefin"})
    assert first.status_code == 302
    logged_in(client, reporter)
    typed = "Meine lange, sorgfältig geschriebene Fassung"
    second = client.post(change_url(article), {**mine, "headline": typed})
    html = second.content.decode()
    assert second.status_code == 200
    assert "Someone else saved this story" in html
    assert f'value="{typed}"' in html  # the reporter's text is still in the form
    assert "Die Fassung der Chefin" in html  # and what changed meanwhile is shown
    assert Article.objects.get().headline == "Die Fassung der Chefin"
    # Saving again goes through only by choosing to save over the changes shown.
    retry = {**form_data(second), "overwrite_version": str(Article.objects.get().version)}
    assert client.post(change_url(article), retry).status_code == 302
    assert Article.objects.get().headline == typed


def test_bulk_actions_cannot_lose_an_edit(client, editor, reporter):
    """An action changes state only; a form opened before it must be refused on save."""
    article = make_article("Alt", published=False, created_by=reporter)
    logged_in(client, editor)
    stale = form_data(client.get(change_url(article)))
    client.post(LIST_URL, {"action": "publish", "_selected_action": [article.pk]})
    assert Article.objects.get().status == "published"
    response = client.post(change_url(article), {**stale, "headline": "Überschrieben"})
    assert response.status_code == 200
    assert Article.objects.get().headline == "Alt"


def test_revisions_can_be_listed_compared_and_restored(client, editor):
    article = make_article("Erste Fassung", published=False, body="<p>Alter Text.</p>")
    logged_in(client, editor)
    data = form_data(client.get(change_url(article)))
    client.post(change_url(article), {**data, "headline": "Zweite Fassung", "body": "<p>Neu.</p>"})
    versions = list(Version.objects.get_for_object(article))
    url = f"/admin/articles/article/{article.pk}/revisions/"
    page = client.get(url, {"from": versions[1].pk, "to": versions[0].pk}).content.decode()
    assert "Erste Fassung" in page and "Zweite Fassung" in page
    assert "<del>Alter Text.</del> <ins>Neu.</ins>" in page
    client.post(f"{url}{versions[1].pk}/restore/")
    assert Article.objects.get().headline == "Erste Fassung"
    assert Version.objects.get_for_object(article).count() == len(versions) + 1


def test_restoring_a_revision_asks_first_and_names_newer_corrections(client, editor):
    article = make_article("Brücke", body="<p>Die Brücke ist zwölf Meter lang.</p>")
    logged_in(client, editor)
    data = form_data(client.get(change_url(article)))
    client.post(change_url(article), {**data, "body": "<p>Die Brücke ist 15 Meter lang.</p>"})
    Correction.objects.create(article=article, text="Es sind 15 Meter.")
    old = list(Version.objects.get_for_object(article))[-1]
    url = f"/admin/articles/article/{article.pk}/revisions/{old.pk}/restore/"
    page = client.get(url).content.decode()  # asking changes nothing
    assert Article.objects.get().body == "<p>Die Brücke ist 15 Meter lang.</p>"
    assert "readers see the restored text at once" in page
    assert "older than these corrections" in page and "Es sind 15 Meter." in page
    assert "zwölf" in page  # the diff shows what comes back
    assert client.post(url).status_code == 302
    assert "zwölf" in Article.objects.get().body


def test_editor_adds_a_public_correction_from_the_article_form(client, editor):
    article = make_article("Mit Fehler")
    logged_in(client, editor)
    data = form_data(client.get(change_url(article)))
    data.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-text": "Die Linie heißt 4, nicht 5.",
            "corrections-0-published_at_0": "2026-11-24",
            "corrections-0-published_at_1": "10:00:00",
        }
    )
    assert client.post(change_url(article), data).status_code == 302
    assert Correction.objects.get().text == "Die Linie heißt 4, nicht 5."
    assert "Die Linie heißt 4, nicht 5." in client.get(article.get_absolute_url()).content.decode()


def test_reporters_see_no_correction_or_publish_controls(client, reporter):
    logged_in(client, reporter)
    html = client.get(ADD_URL).content.decode()
    assert "corrections-TOTAL_FORMS" not in html
    assert 'name="published_at_0"' not in html


def test_changelist_with_filters_and_search_never_counts_the_whole_table(client, editor):
    section = make_section("Welt")
    for number in range(30):
        make_article(f"Meldung {number}", section=section, authors=[f"Autor {number}"])
    logged_in(client, editor)
    queries = [
        {},
        {"q": "Meldung 1"},
        {"status": "published", "section__id__exact": section.pk, "language": "de"},
        {"status": "scheduled"},
        {"published_at__gte": "2000-01-01 00:00:00+00:00"},
    ]
    for params in queries:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LIST_URL, params)
        assert response.status_code == 200
        counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
        assert counts and all("LIMIT" in sql.upper() for sql in counts), counts
        assert len(captured.captured_queries) <= 12


def test_a_headline_search_counts_to_a_lower_cap(client, editor, monkeypatch):
    monkeypatch.setattr(admin_module, "COUNT_CAP", 20)
    monkeypatch.setattr(admin_module, "SEARCH_COUNT_CAP", 5)
    section = make_section("Welt")
    for number in range(12):
        make_article(f"Meldung {number}", section=section)
    logged_in(client, editor)
    assert client.get(LIST_URL).context["cl"].result_count == 12
    assert client.get(LIST_URL, {"q": "Meldung"}).context["cl"].result_count == 6  # 5 + 1


def test_headline_search_uses_the_trigram_index():
    make_article("Nordkorea schickt weitere Soldaten")
    search = Article.objects.filter(headline__icontains="soldat")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned
        # Without the list's order: on a handful of rows the planner may as well walk the
        # publish-time index in order and filter (seen once in a whole-suite run).
        plan = search.order_by().explain()
    assert "article_headline_trgm" in plan
    assert list(search.values_list("headline", flat=True)) == ["Nordkorea schickt weitere Soldaten"]


def test_dashboard_shows_what_is_in_flight(client, editor, reporter):
    logged_in(client, reporter)
    client.post(ADD_URL, new_story_data(client, headline="Mein Entwurf"))
    make_article("Bald erscheinend", published_at=db_now() + timedelta(hours=3))
    fixed = make_article("Korrigierte Meldung")
    Correction.objects.create(article=fixed, text="Korrigiert.")
    html = client.get("/admin/").content.decode()
    assert "My drafts" in html and "Mein Entwurf" in html
    logged_in(client, editor)
    html = client.get("/admin/").content.decode()
    assert "Bald erscheinend" in html
    assert "Korrigierte Meldung" in html


def test_editor_previews_an_unpublished_story(client, editor):
    article = make_article("Noch geheim", published=False)
    assert client.get(article.get_absolute_url()).status_code == 404
    logged_in(client, editor)
    response = client.get(f"/admin/articles/article/{article.pk}/preview/")
    assert response.status_code == 200
    assert "Noch geheim" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_lead_image_uploaded_with_the_story_is_stored_without_gps(
    client, editor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    exif = PILImage.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    exif[0x013B] = "Anna Fotografin"
    buffer = BytesIO()
    PILImage.new("RGB", (80, 60), "teal").save(buffer, "JPEG", exif=exif.tobytes())
    logged_in(client, editor)
    data = new_story_data(client, new_image_alt="Eine Straßenbahn", new_image_credit="Foto: A.")
    upload = SimpleUploadedFile("anna-zuhause-gps.jpg", buffer.getvalue(), "image/jpeg")
    response = client.post(ADD_URL, {**data, "new_image": upload})
    assert response.status_code == 302
    image = Article.objects.get().lead_image
    assert (image.alt_text, image.credit, image.width, image.height) == (
        "Eine Straßenbahn",
        "Foto: A.",
        80,
        60,
    )
    assert "anna" not in image.file.name
    with PILImage.open(tmp_path / image.file.name) as stored:
        assert stored.getexif().get_ifd(0x8825) == {}
        assert 0x013B not in stored.getexif()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG files are not accepted"),
        (b"just text", "This file is not an image we can read."),
    ],
)
def test_bad_lead_image_is_refused_with_a_message_and_nothing_is_saved(
    client, editor, content, message, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    logged_in(client, editor)
    data = new_story_data(client, new_image_alt="Bild")
    response = client.post(ADD_URL, {**data, "new_image": SimpleUploadedFile("x.jpg", content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []  # nothing half-written


def test_uploaded_lead_image_needs_alt_text(client, editor):
    logged_in(client, editor)
    buffer = BytesIO()
    PILImage.new("RGB", (10, 10)).save(buffer, "PNG")
    data = new_story_data(client)
    response = client.post(
        ADD_URL, {**data, "new_image": SimpleUploadedFile("a.png", buffer.getvalue())}
    )
    assert "Describe the picture for screen readers." in response.content.decode()
    assert not Article.objects.exists()


def test_tag_suggestions_come_from_the_admin_autocomplete(client, reporter):
    make_article("Mit Schlagworten").tags.add("Verkehr", "Verkehrswende", "Kultur")
    logged_in(client, reporter)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "article", "field_name": "tags", "term": "verk"},
    )
    assert response.status_code == 200
    assert sorted(r["text"] for r in response.json()["results"]) == ["Verkehr", "Verkehrswende"]
    html = client.get(ADD_URL).content.decode()
    assert "articles/admin/article_form" in html  # the script that wires the suggestions


def test_a_save_that_fails_halfway_changes_nothing_and_gives_the_text_back(
    client, editor, monkeypatch
):
    article = make_article("Vorher", published=False, body="<p>Alter Text.</p>")
    logged_in(client, editor)
    data = form_data(client.get(change_url(article)))
    real_save = publishing._save

    def save_then_lose_the_database(article, *, by, message):
        real_save(article, by=by, message=message)  # the row is written ...
        raise OperationalError("server closed the connection unexpectedly")  # ... then gone

    monkeypatch.setattr(publishing, "_save", save_then_lose_the_database)
    typed = "Eine lange Fassung, die nicht verloren gehen darf"
    response = client.post(change_url(article), {**data, "headline": typed, "body": "<p>Neu.</p>"})
    assert response.status_code == 503
    html = response.content.decode()
    assert typed in html and "&lt;p&gt;Neu.&lt;/p&gt;" in html
    article.refresh_from_db()
    assert (article.headline, article.body, article.version) == ("Vorher", "<p>Alter Text.</p>", 1)


# --- images: focal point and crops ---------------------------------------------------------


def stored_image(width=1200, height=800):
    from articles.models import Image

    buffer = BytesIO()
    PILImage.new("RGB", (width, height), "teal").save(buffer, "JPEG")
    return publishing.save_image(
        Image(file=SimpleUploadedFile("a.jpg", buffer.getvalue()), alt_text="Ein Hafen")
    )


def image_url(image):
    return f"/admin/articles/image/{image.pk}/change/"


def test_an_editor_sets_the_focal_point_and_draws_a_crop_and_renditions_follow(
    client, editor, settings, tmp_path
):
    from articles.media import renditions

    settings.MEDIA_ROOT = tmp_path
    image = stored_image()
    before = renditions.renditions(image, "wide")[0].name
    logged_in(client, editor)
    page = client.get(image_url(image))
    html = page.content.decode()
    assert 'class="newsroom-focal" data-width="1200" data-height="800"' in html
    assert f'src="{image.file.url}"' not in html  # not the 10 MB original
    assert re.search(rf'<img src="/media/renditions/{image.pk}/whole-\w+-960\.webp"', html)

    data = form_data(page, "image_form")
    data.update(focal_x="0.5", focal_y="0.1", crop_square="100, 0, 900, 800")
    response = client.post(image_url(image), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y, image.crops) == (0.5, 0.1, {"square": [100, 0, 900, 800]})
    assert renditions.renditions(image, "wide")[0].name != before
    assert image.crop_box("square") == (100, 0, 900, 800)
    assert (
        form_data(client.get(image_url(image)), "image_form")["crop_square"] == "100, 0, 900, 800"
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("crop_square", "700, 0, 1300, 600", "The 1:1 crop reaches outside the picture."),
        ("crop_wide", "0, 0, 800, 800", "The 16:9 crop is not 16:9."),
        ("crop_social", "links oben", "four whole numbers: left, top, right, bottom."),
        ("focal_x", "1.5", "Ensure this value is less than or equal to 1."),
    ],
)
def test_a_crop_or_focal_point_outside_the_picture_is_refused_and_nothing_changes(
    client, editor, settings, tmp_path, field, value, message
):
    settings.MEDIA_ROOT = tmp_path
    image = stored_image()
    logged_in(client, editor)
    data = form_data(client.get(image_url(image)), "image_form")
    data.update({"focal_y": "0.2", field: value})

    response = client.post(image_url(image), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y, image.crops) == (0.5, 0.5, {})


def test_the_image_list_shows_small_renditions_not_the_originals(
    client, editor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    image = stored_image()
    logged_in(client, editor)

    html = client.get("/admin/articles/image/").content.decode()

    assert re.search(rf'src="/media/renditions/{image.pk}/whole-\w+-320\.webp"', html)
    assert f'src="{image.file.url}"' not in html


def test_a_new_story_offers_its_writer_as_first_byline_and_roles_read_as_words(client, reporter):
    from taggit.models import Tag

    me = make_contributor("Rita Reporterin")
    me.user = reporter
    me.save()
    logged_in(client, reporter)
    data = new_story_data(client)  # the add form as a browser would send it
    assert data["credits-0-contributor"] == str(me.pk) and data["credits-0-role"] == "author"
    assert client.post(ADD_URL, data).status_code == 302
    article = Article.objects.get()
    assert [(c.contributor, c.role) for c in article.credits.all()] == [(me, "author")]
    form = client.get(change_url(article)).content.decode()
    assert "author: Rita Reporterin" in form and f"author: {me.pk}" not in form  # English UI
    # topics match whatever the case: no second "hochwasser" beside "Hochwasser"
    article.tags.add("Hochwasser")
    make_article("Pegel steigt").tags.add("hochwasser")
    assert list(Tag.objects.filter(name__iexact="hochwasser").values_list("name", flat=True)) == [
        "Hochwasser"
    ]


def test_a_reporter_sees_her_story_in_review_as_text_not_html_source(client, reporter):
    logged_in(client, reporter)
    client.post(ADD_URL, new_story_data(client))
    article = Article.objects.get()
    publishing.submit(article, by=reporter)
    html = client.get(change_url(article)).content.decode()
    assert "<p>Erster Absatz.</p><h2>Zwischenzeile</h2>" in html  # rendered, as readers see it
    assert "&lt;p&gt;Erster Absatz." not in html
    assert 'name="body"' not in html  # she may look, not edit


# --- a new story's first screen ---------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_a_new_story_offers_the_buttons_the_transitions_table_allows_a_new_draft(
    request, client, role
):
    actor = request.getfixturevalue(role)
    response = logged_in(client, actor).get(ADD_URL)
    allowed = [t.name for t in publishing.new_story_transitions(actor) if t.button]
    assert buttons(response) == allowed
    reporting = role in {"reporter", "other_reporter"}
    assert allowed == (["submit"] if reporting else ["submit", "publish"])


def test_editor_publishes_a_new_story_in_one_step(client, editor):
    logged_in(client, editor)
    data = new_story_data(client, **{"_transition": "publish"})
    data.update({"credits-0-contributor": str(make_contributor("Anna Schmidt").pk)})
    response = client.post(ADD_URL, data, follow=True)
    story = Article.objects.published().get()
    assert story.headline == "Straßenbahn fährt wieder"
    assert [c.contributor.name for c in story.credits.all()] == ["Anna Schmidt"]
    assert "Published: readers see “Straßenbahn fährt wieder” now." in response.text


def test_editor_schedules_a_new_story_in_one_step_and_is_told_when_in_german(client, editor):
    logged_in(client, editor)
    data = new_story_data(client, published_at_0="2099-01-01", published_at_1="06:00:00")
    data["_transition"] = "publish"
    response = client.post(ADD_URL, data, headers={"accept-language": "de"}, follow=True)
    assert list(Article.objects.scheduled()) == [Article.objects.get()]
    # the site's time zone (Europe/Berlin), as the form had it
    assert "„Straßenbahn fährt wieder“ geht am 1. Januar 2099 um 06:00 Uhr online." in (
        response.text
    )


def test_reporter_submits_a_new_story_in_one_step(client, reporter):
    logged_in(client, reporter)
    response = client.post(ADD_URL, new_story_data(client, _transition="submit"))
    assert response.status_code == 302
    story = Article.objects.get()
    assert (story.status, story.created_by) == (Status.REVIEW, reporter)


def test_reporter_publishing_a_new_story_is_told_why_not_keeps_the_text_and_creates_nothing(
    client, reporter
):
    logged_in(client, reporter)
    data = new_story_data(client, _transition="publish", headline="Meine Eilmeldung")
    data.update({"credits-0-contributor": str(make_contributor("Anna Schmidt").pk)})
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Only editors publish or schedule stories." in response.text
    assert 'value="Meine Eilmeldung"' in response.text
    assert not Article.objects.exists()
    assert not Version.objects.exists() and not LogEntry.objects.exists()
    assert not Credit.objects.exists() and not Tag.objects.exists()


def test_a_new_story_refused_by_the_move_itself_shows_the_reason_beside_its_field(
    client, editor, monkeypatch
):
    """Whatever publish() refuses (here: as if a headline were missing) creates nothing."""

    def refuse(article, **options):
        raise ValidationError({"headline": "Write a headline before the story goes out."})

    refusing = dataclasses.replace(publishing.TRANSITIONS["publish"], function=refuse)
    monkeypatch.setitem(publishing.TRANSITIONS, "publish", refusing)
    logged_in(client, editor)
    response = client.post(ADD_URL, new_story_data(client, _transition="publish"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["headline"] == ["Write a headline before the story goes out."]
    assert not Article.objects.exists()


def test_a_new_story_without_a_headline_is_not_published(client, editor):
    logged_in(client, editor)
    response = client.post(ADD_URL, new_story_data(client, headline="", _transition="publish"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["headline"]
    assert not Article.objects.exists()


def test_moving_a_live_story_to_a_later_time_with_save_says_when_it_goes_live(client, editor):
    story = make_article("Verschoben")
    logged_in(client, editor)
    data = form_data(client.get(change_url(story)))
    data.update(published_at_0="2099-01-01", published_at_1="06:00:00")
    response = client.post(change_url(story), data, follow=True)
    assert list(Article.objects.scheduled()) == [story]
    assert "“Verschoben” goes live on 1 January 2099 at 06:00." in response.text


def test_bulk_publish_says_for_each_story_that_readers_see_it_now(client, editor):
    first, second = (make_article(h, published=False) for h in ["Erste", "Zweite"])
    logged_in(client, editor)
    response = client.post(
        LIST_URL, {"action": "publish", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    texts = {str(message) for message in response.context["messages"]}
    assert {
        "Published: readers see “Erste” now.",
        "Published: readers see “Zweite” now.",
        "2 published.",
    } == texts


def test_the_list_search_box_is_labelled_in_words_in_the_editors_language(client, editor):
    logged_in(client, editor)
    response = client.get(LIST_URL, headers={"accept-language": "de"})
    label = re.search(r'<label for="searchbar">(.*?)</label>', response.text, re.S)[1]
    assert 'alt=""' in label  # the icon is decoration; Django's alt text was English
    assert "Artikel durchsuchen" in label


def test_each_field_of_a_credit_row_has_a_label_and_delete_names_the_credit(client, editor):
    story = make_article("Mit Byline", authors=["Anna Schmidt"])
    logged_in(client, editor)
    text = client.get(change_url(story)).text
    for field, words in [("order", "Order"), ("role", "Role"), ("contributor", "Contributor")]:
        assert f'<label class="visually-hidden" for="id_credits-0-{field}">{words}</label>' in text
    assert (
        '<label class="visually-hidden" for="id_credits-0-DELETE">Delete author: Anna Schmidt'
        "</label>"
    ) in text


def test_a_contributors_photo_field_is_labelled(client, editor):
    logged_in(client, editor)
    response = client.get("/admin/articles/contributor/add/")
    assert '<label for="id_photo">Photo:</label>' in response.text
