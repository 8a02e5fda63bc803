"""The write path: who may do what, what each transition does, and no lost updates."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from reversion.models import Version

from articles import publishing
from articles.models import Article, Section
from tests.conftest import db_now, make_article, make_section

pytestmark = pytest.mark.django_db
Status = Article.Status


def draft_by(user, **fields):
    article = Article(headline="Entwurf", section=fields.pop("section", None), **fields)
    if article.section_id is None:
        article.section = Section.objects.first() or make_section()
    return publishing.create_draft(article, by=user)


def in_state(status, *, owner):
    """A story owned by `owner` in the given state, reached through the real transitions."""
    article = draft_by(owner)
    if status == Status.DRAFT:
        return article
    if status == Status.REVIEW:
        return publishing.submit(article, by=owner)
    article = publishing.publish(article)
    if status == Status.ARCHIVED:
        Article.objects.filter(pk=article.pk).update(status=Status.ARCHIVED)
    if status == Status.DELETED:
        Article.objects.filter(pk=article.pk).update(status=Status.DELETED)
    article.refresh_from_db()
    return article


TRANSITIONS = {
    "submit": lambda a, u: publishing.submit(a, by=u),
    "publish": lambda a, u: publishing.publish(a, by=u),
    "schedule": lambda a, u: publishing.publish(a, by=u, at=timezone.now() + timedelta(days=1)),
    "unpublish": lambda a, u: publishing.unpublish(a, by=u),
    "archive": lambda a, u: publishing.archive(a, by=u),
    "delete": lambda a, u: publishing.delete(a, by=u),
    "restore": lambda a, u: publishing.restore(a, by=u),
}
FROM_STATE = {
    "submit": Status.DRAFT,
    "publish": Status.REVIEW,
    "schedule": Status.REVIEW,
    "unpublish": Status.PUBLISHED,
    "archive": Status.PUBLISHED,
    "delete": Status.PUBLISHED,
    "restore": Status.DELETED,
}
RESULT = {
    "submit": Status.REVIEW,
    "publish": Status.PUBLISHED,
    "schedule": Status.PUBLISHED,
    "unpublish": Status.DRAFT,
    "archive": Status.ARCHIVED,
    "delete": Status.DELETED,
    "restore": Status.DRAFT,
}
# role -> transitions allowed on the reporter's own story
ALLOWED = {
    "reporter": {"submit"},
    "other_reporter": set(),
    "editor": set(TRANSITIONS),
    "superuser": set(TRANSITIONS),
}


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize("transition", list(TRANSITIONS))
def test_permission_matrix(request, reporter, role, transition):
    actor = request.getfixturevalue(role)
    article = in_state(FROM_STATE[transition], owner=reporter)
    before = Article.objects.values().get(pk=article.pk)
    if transition in ALLOWED[role]:
        result = TRANSITIONS[transition](article, actor)
        assert Article.objects.get(pk=article.pk).status == RESULT[transition]
        assert result.version == before["version"] + 1
        entry = LogEntry.objects.filter(object_id=str(article.pk)).latest("action_time")
        assert entry.user == actor
    else:
        with pytest.raises(PermissionDenied):
            TRANSITIONS[transition](article, actor)
        assert Article.objects.values().get(pk=article.pk) == before


# What each role may do with the reporter's story in each state: the rules, written out.
EDITOR_MAY = {
    Status.DRAFT: {"submit", "publish", "delete"},
    Status.REVIEW: {"publish", "unpublish", "delete"},
    Status.PUBLISHED: {"publish", "unpublish", "archive", "delete"},
    Status.ARCHIVED: {"unpublish", "delete"},
    Status.DELETED: {"restore"},
}
MAY = {
    "reporter": {status: {"submit"} if status == Status.DRAFT else set() for status in Status},
    "other_reporter": {status: set() for status in Status},
    "editor": EDITOR_MAY,
    "superuser": EDITOR_MAY,
}


@pytest.mark.parametrize("role", list(MAY))
@pytest.mark.parametrize("status", list(Status))
def test_the_transitions_table_says_exactly_what_the_functions_allow(
    request, reporter, role, status
):
    actor = request.getfixturevalue(role)
    story = in_state(status, owner=reporter)
    allowed = {transition.name for transition in publishing.allowed_transitions(actor, story)}
    assert allowed == MAY[role][status]
    done = set()
    for name, transition in publishing.TRANSITIONS.items():
        article = in_state(status, owner=reporter)
        before = Article.objects.values().get(pk=article.pk)
        try:
            transition.function(article, by=actor)
        except (PermissionDenied, ValidationError):
            assert Article.objects.values().get(pk=article.pk) == before, name
        else:
            done.add(name)
            assert Article.objects.get(pk=article.pk).status == transition.to_state
    assert done == allowed


def test_only_publishing_may_be_done_by_the_newsroom_itself_without_a_user(reporter):
    for transition in publishing.TRANSITIONS.values():
        status = sorted(transition.from_states)[0]
        article = in_state(status, owner=reporter)
        if transition.by_system:
            transition.function(article, by=None)
            assert Article.objects.get(pk=article.pk).status == transition.to_state
        else:
            with pytest.raises(PermissionDenied):
                transition.function(article, by=None)
    assert [t.name for t in publishing.TRANSITIONS.values() if t.by_system] == ["publish"]


def test_a_reporter_is_told_the_role_not_the_state_when_both_forbid_in_their_language(
    reporter, editor
):
    article = in_state(Status.DELETED, owner=reporter)
    with pytest.raises(PermissionDenied, match="Nur Redakteure dürfen Artikel veröffentlichen"):
        publishing.publish(article, by=reporter)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        publishing.publish(article, by=editor)
    assert refused.value.messages == ["Cannot publish a story that is deleted."]


@pytest.mark.parametrize(
    ("transition", "status"),
    [
        ("submit", Status.PUBLISHED),
        ("archive", Status.DRAFT),
        ("restore", Status.PUBLISHED),
        ("publish", Status.DELETED),
        ("unpublish", Status.DRAFT),
    ],
)
def test_transitions_from_the_wrong_state_are_refused_and_change_nothing(
    editor, reporter, transition, status
):
    article = in_state(status, owner=reporter)
    before = Article.objects.values().get(pk=article.pk)
    with pytest.raises(ValidationError):
        TRANSITIONS[transition](article, editor)
    assert Article.objects.values().get(pk=article.pk) == before


def test_reporters_edit_only_their_own_drafts(reporter, other_reporter, editor):
    article = draft_by(reporter)
    assert publishing.can_edit(reporter, article)
    assert not publishing.can_edit(other_reporter, article)
    assert publishing.can_edit(editor, article)
    article.headline = "Fremd bearbeitet"
    with pytest.raises(PermissionDenied):
        publishing.save_edit(article, by=other_reporter, expected_version=article.version)
    submitted = publishing.submit(article, by=reporter)
    assert not publishing.can_edit(reporter, submitted)
    assert Article.objects.get(pk=article.pk).headline == "Entwurf"


def test_first_publication_time_is_kept_and_last_updated_moves_only_when_substantive(
    reporter, editor
):
    article = publishing.publish(in_state(Status.REVIEW, owner=reporter), by=editor)
    first = article.first_published_at
    article = publishing.unpublish(article, by=editor)
    article = publishing.publish(article, by=editor)
    assert article.first_published_at == first
    article.headline = "Tippfehler behoben"
    article = publishing.save_edit(article, by=editor, expected_version=article.version)
    assert article.updated_at is None
    article.headline = "Neue Zahlen"
    article = publishing.save_edit(
        article, by=editor, expected_version=article.version, substantive=True
    )
    assert article.updated_at is not None
    assert article.first_published_at == first


def test_reporters_cannot_mark_updates_substantive(reporter):
    article = draft_by(reporter)
    with pytest.raises(PermissionDenied):
        publishing.save_edit(
            article, by=reporter, expected_version=article.version, substantive=True
        )


def test_scheduled_story_becomes_visible_by_itself_at_its_time(reporter, editor):
    article = in_state(Status.REVIEW, owner=reporter)
    article = publishing.publish(article, by=editor, at=db_now() + timedelta(hours=2))
    assert list(Article.objects.scheduled()) == [article]
    assert not Article.objects.published().exists()
    # The clock moves on (simulated by moving the time back): no job runs, it is visible.
    Article.objects.filter(pk=article.pk).update(published_at=db_now() - timedelta(seconds=1))
    assert list(Article.objects.published()) == [article]


def test_second_of_two_concurrent_saves_is_refused_and_both_texts_survive(reporter, editor):
    article = draft_by(reporter)
    mine = Article.objects.get(pk=article.pk)
    theirs = Article.objects.get(pk=article.pk)
    mine.headline = "Meine Überschrift"
    publishing.save_edit(mine, by=editor, expected_version=mine.version)
    theirs.headline = "Deren Überschrift"
    with pytest.raises(publishing.EditConflict) as conflict:
        publishing.save_edit(theirs, by=reporter, expected_version=theirs.version)
    assert conflict.value.current.headline == "Meine Überschrift"
    assert Article.objects.get(pk=article.pk).headline == "Meine Überschrift"
    assert theirs.headline == "Deren Überschrift"  # the refused text is still in hand
    headlines = [v.field_dict["headline"] for v in Version.objects.get_for_object(article)]
    assert "Meine Überschrift" in headlines


def test_every_save_keeps_a_revision_and_restoring_creates_a_new_one(reporter, editor):
    article = draft_by(reporter)
    article.headline = "Zweite Fassung"
    article = publishing.save_edit(article, by=reporter, expected_version=article.version)
    versions = list(Version.objects.get_for_object(article))
    assert [v.field_dict["headline"] for v in versions] == ["Zweite Fassung", "Entwurf"]
    article = publishing.restore_revision(article, versions[1], by=editor)
    assert article.headline == "Entwurf"
    after = list(Version.objects.get_for_object(article))
    assert len(after) == 3
    assert [v.field_dict["headline"] for v in after][:2] == ["Entwurf", "Zweite Fassung"]


def test_unpublishing_removes_a_story_from_readers_at_once(reporter, editor):
    article = publishing.publish(in_state(Status.REVIEW, owner=reporter), by=editor)
    assert Article.objects.published().filter(pk=article.pk).exists()
    publishing.unpublish(article, by=editor)
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_deleted_story_is_recoverable_and_readers_get_410(client, reporter, editor):
    article = publishing.publish(in_state(Status.REVIEW, owner=reporter), by=editor)
    url = article.get_absolute_url()
    publishing.delete(article, by=editor)
    assert client.get(url).status_code == 410
    restored = publishing.restore(article, by=editor)
    assert restored.status == Status.DRAFT
    assert client.get(url).status_code == 404


def test_a_never_published_deleted_draft_is_simply_not_found(client, reporter, editor):
    article = draft_by(reporter)
    publishing.delete(article, by=editor)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_system_publish_without_user_still_records_a_revision():
    article = make_article(published=False)
    before = Version.objects.get_for_object(article).count()
    article = publishing.publish(article)
    versions = Version.objects.get_for_object(article)
    assert versions.count() == before + 1
    assert versions.first().field_dict["status"] == "published"
