"""The write path: every change of a story's content or state goes through a function here.

Each function checks the acting user's role, locks the row, writes, keeps a revision
(django-reversion) and records who did what in Django's admin log. On any error nothing is
written. Roles: reporters (`articles.add_article` / `change_article`) write and submit their
own drafts; editors (`edit_any_article`, `publish_article`, `archive_article`,
`delete_article`) do everything else.
"""

from datetime import datetime

import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .images import strip_private_metadata
from .models import Article, Image
from .text import slugify

Status = Article.Status
CONTENT_FIELDS = [
    "kicker",
    "headline",
    "slug",
    "standfirst",
    "body",
    "language",
    "section_id",
    "lead_image_id",
    "dateline",
    "source",
    "canonical_url",
    "translation_of_id",
    "is_breaking",
]


class EditConflict(Exception):
    """Someone saved the story after this editor opened it; their save must not overwrite."""

    def __init__(self, current: Article, expected_version: int):
        self.current = current
        self.expected_version = expected_version
        super().__init__(
            _(
                "This story was changed by someone else "
                "(version %(current)s, you started from %(mine)s)."
            )
            % {"current": current.version, "mine": expected_version}
        )


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    max_length: int = 80,
    fallback: str = "",
    exclude_pk=None,
) -> str:
    """A transliterated slug not yet taken in `model`: "gawon-bae", then "gawon-bae-2", ..."""
    base = slugify(text, max_length=max_length) or fallback or model._meta.model_name
    others = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True).iterator())
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


# Who may do what -----------------------------------------------------------------------


def is_editor(user) -> bool:
    return user.has_perm("articles.edit_any_article")


def can_edit(user, article: Article) -> bool:
    """Editors edit any story; reporters only their own drafts."""
    if article.status == Status.DELETED:
        return False
    if is_editor(user):
        return True
    return (
        user.has_perm("articles.change_article")
        and article.created_by_id == user.pk
        and article.status == Status.DRAFT
    )


def can_publish(user) -> bool:
    return user.has_perm("articles.publish_article")


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# Writing -------------------------------------------------------------------------------


def _locked(article: Article) -> Article:
    """The row as it is now, locked until the transaction ends."""
    return Article.objects.select_for_update().get(pk=article.pk)


def _save(article: Article, *, by, message: str) -> Article:
    article.version += 1
    article.full_clean()
    with reversion.create_revision():
        article.save()
        reversion.set_user(by)
        reversion.set_comment(message)
    if by is not None:
        LogEntry.objects.log_actions(
            user_id=by.pk, queryset=[article], action_flag=CHANGE, change_message=message
        )
    return article


@transaction.atomic
def save_image(image: Image) -> Image:
    """Store an uploaded picture without its GPS, camera and owner metadata."""
    image.full_clean()
    image.file = strip_private_metadata(image.file)
    image.save()
    return image


@transaction.atomic
def create_draft(article: Article, *, by) -> Article:
    """Save a new story as a draft owned by `by`."""
    _require(by.has_perm("articles.add_article"), _("You may not write stories."))
    article.status = Status.DRAFT
    article.created_by = by
    if not article.slug:
        article.slug = slugify(article.headline) or "story"
    article.full_clean()
    with reversion.create_revision():
        article.save()
        reversion.set_user(by)
        reversion.set_comment(_("Created"))
    return article


@transaction.atomic
def save_edit(article: Article, *, by, expected_version: int, substantive: bool = False) -> Article:
    """Save an edited story unless someone else saved it since `expected_version`.

    `article` carries the editor's new content; the stored row is locked and compared, so of
    two people who opened the same version only the first save goes through.
    """
    current = _locked(article)
    _require(can_edit(by, current), _("You may not edit this story."))
    if current.version != expected_version:
        raise EditConflict(current, expected_version)
    if substantive:
        _require(is_editor(by), _("Only editors mark updates as substantive."))
        article.updated_at = timezone.now()
    if not article.slug:
        article.slug = slugify(article.headline) or "story"
    kept = ["status", "first_published_at", "created_by_id"]
    if not can_publish(by):
        kept.append("published_at")  # only editors set or move publication times
    for name in kept:
        setattr(article, name, getattr(current, name))
    article.version = current.version
    return _save(article, by=by, message=_("Substantive update") if substantive else _("Edited"))


@transaction.atomic
def submit(article: Article, *, by) -> Article:
    """A draft goes to the editors for review."""
    article = _locked(article)
    _require(can_edit(by, article), _("You may not submit this story."))
    _transition(article, {Status.DRAFT}, _("submit for review"))
    article.status = Status.REVIEW
    return _save(article, by=by, message=_("Submitted for review"))


@transaction.atomic
def publish(article: Article, *, by=None, at: datetime | None = None) -> Article:
    """Publish now, or schedule for `at`. The first publication time is set once, never moved.

    `by=None` is for system paths (import, demo content) that act as the newsroom itself.
    """
    if article.pk:
        article = _locked(article)
    if by is not None:
        _require(can_publish(by), _("Only editors publish or schedule stories."))
    _transition(article, {Status.DRAFT, Status.REVIEW, Status.PUBLISHED}, _("publish"))
    article.status = Status.PUBLISHED
    article.published_at = at or timezone.now()
    if article.first_published_at is None:
        article.first_published_at = article.published_at
    is_scheduled = article.published_at > timezone.now()
    return _save(article, by=by, message=_("Scheduled") if is_scheduled else _("Published"))


@transaction.atomic
def unpublish(article: Article, *, by) -> Article:
    """Back to draft: the story leaves every public surface at once."""
    article = _locked(article)
    _require(can_publish(by), _("Only editors unpublish stories."))
    _transition(article, {Status.PUBLISHED, Status.REVIEW, Status.ARCHIVED}, _("unpublish"))
    article.status = Status.DRAFT
    return _save(article, by=by, message=_("Unpublished"))


@transaction.atomic
def archive(article: Article, *, by) -> Article:
    article = _locked(article)
    _require(by.has_perm("articles.archive_article"), _("Only editors archive stories."))
    _transition(article, {Status.PUBLISHED}, _("archive"))
    article.status = Status.ARCHIVED
    return _save(article, by=by, message=_("Archived"))


@transaction.atomic
def delete(article: Article, *, by) -> Article:
    """Move a story to the trash: gone for readers (410), recoverable by editors."""
    article = _locked(article)
    _require(by.has_perm("articles.delete_article"), _("Only editors delete stories."))
    _transition(article, set(Status) - {Status.DELETED}, _("delete"))
    article.status = Status.DELETED
    return _save(article, by=by, message=_("Moved to trash"))


@transaction.atomic
def restore(article: Article, *, by) -> Article:
    """Take a story out of the trash as a draft; it is not republished by accident."""
    article = _locked(article)
    _require(by.has_perm("articles.delete_article"), _("Only editors restore stories."))
    _transition(article, {Status.DELETED}, _("restore"))
    article.status = Status.DRAFT
    return _save(article, by=by, message=_("Restored from trash"))


@transaction.atomic
def restore_revision(article: Article, version: reversion.models.Version, *, by) -> Article:
    """Bring back an earlier text as a new revision; nothing is overwritten or lost."""
    current = _locked(article)
    _require(can_edit(by, current), _("You may not edit this story."))
    if int(version.object_id) != current.pk:
        raise ValidationError(_("That revision belongs to another story."))
    old = version.field_dict
    for name in CONTENT_FIELDS:
        if name in old:
            setattr(current, name, old[name])
    date = timezone.localtime(version.revision.date_created)
    return _save(
        current, by=by, message=_("Restored the revision of %s") % f"{date:%Y-%m-%d %H:%M}"
    )


def _transition(article: Article, allowed_from: set, action: str) -> None:
    if article.status not in allowed_from:
        raise ValidationError(
            _("Cannot %(action)s a story that is %(status)s.")
            % {"action": action, "status": article.get_status_display()}
        )
