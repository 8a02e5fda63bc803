"""Preview links: the latest saved text for someone without an account, until the link
expires or an editor revokes it; an ended link says which."""

import re
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry

from articles import publishing
from articles.models import Article, PreviewLink
from tests.conftest import db_now, make_article

pytestmark = pytest.mark.django_db


def share_url(article):
    return f"/admin/articles/article/{article.pk}/share/"


def revoke_url(link):
    return f"/admin/articles/article/{link.article_id}/share/{link.pk}/revoke/"


def shared_link(client, editor, article) -> str:
    """An editor creates a link on the story's share page; the path it gives out."""
    client.force_login(editor)
    response = client.post(share_url(article), follow=True)
    client.logout()
    return re.search(r"http://testserver(/(?:en/)?[a-z]+/[\w-]{40,}/)", response.text)[1]


def test_an_editor_shares_a_link_that_shows_the_story_without_an_account(client, editor):
    draft = make_article("Vorab", published=False)
    link = shared_link(client, editor, draft)
    assert link.startswith("/vorschau/")
    response = client.get(link)
    assert response.status_code == 200
    assert "Vorab" in response.text
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert LogEntry.objects.get().change_message == "Vorschau-Link geteilt"


def test_a_link_follows_the_latest_saved_text(client, editor):
    draft = make_article("Erste Fassung", published=False)
    link = shared_link(client, editor, draft)
    draft.headline = "Zweite Fassung"
    publishing.save_edit(draft, by=editor, expected_version=draft.version)
    html = client.get(link).text
    assert "Zweite Fassung" in html and "Erste Fassung" not in html


def test_an_english_story_s_link_is_in_the_english_edition(client, editor):
    draft = make_article("Ahead of time", published=False, language="en")
    link = shared_link(client, editor, draft)
    assert link.startswith("/en/preview/")
    assert "Ahead of time" in client.get(link).text


def test_an_expired_link_says_so_in_the_edition_s_language_with_410(client, editor):
    german = publishing.share_preview(make_article("Alt", published=False), by=editor)
    english = publishing.share_preview(
        make_article("Old", published=False, language="en"), by=editor
    )
    PreviewLink.objects.update(expires_at=db_now() - timedelta(minutes=1))
    response = client.get(f"/vorschau/{german.token}/")
    assert response.status_code == 410
    assert "Dieser Vorschau-Link ist abgelaufen." in response.text
    assert "Alt" not in re.sub(r"<title>.*</title>", "", response.text)
    assert response["Cache-Control"] == "private, no-store"
    response = client.get(f"/en/preview/{english.token}/")
    assert response.status_code == 410
    assert "This preview link has expired." in response.text


def test_a_link_works_for_preview_link_hours_on_the_database_s_clock(client, editor, settings):
    settings.PREVIEW_LINK_HOURS = 2
    link = publishing.share_preview(make_article("Bald", published=False), by=editor)
    assert link.expires_at - link.created_at == pytest.approx(
        timedelta(hours=2), abs=timedelta(seconds=1)
    )
    assert client.get(f"/vorschau/{link.token}/").status_code == 200
    PreviewLink.objects.update(expires_at=db_now() + timedelta(seconds=-1))
    assert client.get(f"/vorschau/{link.token}/").status_code == 410


def test_an_editor_revokes_a_link_and_it_says_so_with_410(client, editor):
    draft = make_article("Zurückgezogen", published=False)
    kept, revoked = (publishing.share_preview(draft, by=editor) for _ in range(2))
    client.force_login(editor)
    assert f"/vorschau/{revoked.token}/" in client.get(share_url(draft)).text
    response = client.post(revoke_url(revoked), follow=True)
    assert "Der Vorschau-Link ist widerrufen" in response.text
    assert f"/vorschau/{revoked.token}/" not in response.text  # no longer listed
    assert f"/vorschau/{kept.token}/" in response.text
    client.logout()
    response = client.get(f"/vorschau/{revoked.token}/")
    assert response.status_code == 410
    assert "Dieser Vorschau-Link wurde widerrufen." in response.text
    assert client.get(f"/vorschau/{kept.token}/").status_code == 200


def test_revoking_takes_an_editor_and_a_post_and_changes_nothing_otherwise(
    client, editor, reporter
):
    draft = make_article("Geteilt", published=False, created_by=reporter)
    link = publishing.share_preview(draft, by=editor)
    client.force_login(reporter)
    assert client.post(revoke_url(link)).status_code == 403
    assert client.get(share_url(draft)).status_code == 403
    client.force_login(editor)
    assert client.get(revoke_url(link)).status_code == 404  # a GET never revokes
    other = make_article("Andere", published=False)
    wrong_story = f"/admin/articles/article/{other.pk}/share/{link.pk}/revoke/"
    assert client.post(wrong_story).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None
    with pytest.raises(publishing.PermissionDenied):
        publishing.revoke_preview(link, by=reporter)
    assert PreviewLink.objects.active().get() == link


def test_a_reporter_cannot_share_a_preview(client, reporter):
    draft = make_article("Meins", published=False, created_by=reporter)
    client.force_login(reporter)
    assert client.post(share_url(draft)).status_code == 403
    with pytest.raises(publishing.PermissionDenied):
        publishing.share_preview(draft, by=reporter)
    assert not PreviewLink.objects.exists()


@pytest.mark.parametrize("token", ["x", "a" * 43, "a" * 500, "%00", "'; SELECT 1; --"])
def test_an_unknown_or_tampered_link_is_not_found(client, editor, token):
    publishing.share_preview(make_article("Geheim", published=False), by=editor)
    response = client.get(f"/vorschau/{token}/")
    assert response.status_code == 404
    assert "Geheim" not in response.text


def test_once_readers_see_the_story_its_link_leads_to_the_story_s_page(client, editor):
    draft = make_article("Jetzt live", published=False)
    link = publishing.share_preview(draft, by=editor)
    publishing.publish(draft, by=editor)
    response = client.get(f"/vorschau/{link.token}/")
    assert response.status_code == 302
    assert response["Location"] == Article.objects.get().get_absolute_url()
    assert response["Cache-Control"] == "private, no-store"


def test_a_scheduled_story_s_link_still_shows_the_preview(client, editor):
    draft = make_article("Später", published=False)
    link = publishing.share_preview(draft, by=editor)
    publishing.publish(draft, by=editor, at=db_now() + timedelta(hours=3))
    response = client.get(f"/vorschau/{link.token}/")
    assert response.status_code == 200 and "Später" in response.text


def test_a_story_moved_to_the_trash_is_not_shown_and_cannot_be_shared(client, editor):
    draft = make_article("Weg damit", published=False)
    link = publishing.share_preview(draft, by=editor)
    publishing.delete(draft, by=editor)
    response = client.get(f"/vorschau/{link.token}/")
    assert response.status_code == 410
    assert "Weg damit" not in re.sub(r"<title>.*</title>", "", response.text)
    with pytest.raises(publishing.ValidationError):
        publishing.share_preview(draft, by=editor)
    assert PreviewLink.objects.count() == 1


def test_ended_links_are_never_cached(client, editor):
    link = publishing.share_preview(make_article("Kurz", published=False), by=editor)
    publishing.revoke_preview(link, by=editor)
    for _ in range(2):
        response = client.get(f"/vorschau/{link.token}/")
        assert response.status_code == 410
        assert "X-Page-Cache" not in response


def test_the_preview_page_makes_a_fixed_number_of_queries(
    client, editor, django_assert_num_queries
):
    draft = make_article("Gezählt", published=False)
    link = publishing.share_preview(draft, by=editor)
    client.get(f"/vorschau/{link.token}/")  # the section tree is read once per process
    # the link, the story, its credits, topics and corrections, the content state
    with django_assert_num_queries(6):
        assert client.get(f"/vorschau/{link.token}/").status_code == 200
