"""The write path: every change of a story's content or state goes through a function here.

Each function checks the acting user's role, locks the row, writes, keeps a revision
(django-reversion) and records who did what in Django's admin log. On any error nothing is
written. Roles: reporters (`articles.add_article` / `change_article`) write and submit their
own drafts; editors (`edit_any_article`, `publish_article`, `archive_article`,
`delete_article`) do everything else.

`TRANSITIONS` (at the end) is the one statement of which state a story may move to, from
where and by whom: the functions here enforce it, and the admin draws its buttons and bulk
actions from it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import reversion
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag

from .caching import purge
from .images import is_transparent, strip_private_metadata
from .models import (
    Article,
    Contributor,
    Credit,
    Image,
    PreviewLink,
    TaggedArticle,
    TagName,
    TagRedirect,
)
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
    "lead_image_alt",
    "lead_image_caption",
    "dateline",
    "source",
    "canonical_url",
    "translation_of_id",
    "is_breaking",
]


class TranslationExists(ValidationError):
    """The story already has a version in that language; `existing` is it."""

    def __init__(self, existing: Article):
        self.existing = existing
        super().__init__(
            _("This story exists in %(language)s already; nothing was created.")
            % {"language": existing.get_language_display()}
        )


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
    """Publishing and setting publication times go together."""
    return TRANSITIONS["publish"].permits(user)


def can_share(user) -> bool:
    """Who may show a story to people without an account (preview links), and stop it."""
    return is_editor(user)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


@dataclass(frozen=True)
class Transition:
    """A move of a story from some states to another, who may make it and how it is worded."""

    name: str
    from_states: frozenset[str]
    to_state: str
    permission: str  # what a role needs for the move at all
    function: Callable[..., Article]  # the named function below that makes the move
    label: str  # the admin's bulk action
    button: str | None  # under the story form ("Save and ..."); None: not offered there
    done: str  # after a bulk action, "%(count)d ..."
    refused: str  # PermissionDenied, when the role may not
    verb: str  # "Cannot %(action)s a story that is ..."
    own_drafts: bool = False  # on a story as can_edit(): editors any, others own drafts only
    by_system: bool = False  # the newsroom itself (by=None: imports, demo content) may

    def permits(self, user, article: Article | None = None) -> bool:
        """Whether the user's role allows this move, on `article` if given; state aside."""
        if self.own_drafts and article is not None:
            return can_edit(user, article)
        return user.has_perm(self.permission)

    def allows(self, user, article: Article) -> bool:
        """The role permits the move and the story is in a state it starts from."""
        return article.status in self.from_states and self.permits(user, article)


def allowed_transitions(user, article: Article) -> list[Transition]:
    """The moves `user` may make with `article` now, in the table's order."""
    return [transition for transition in TRANSITIONS.values() if transition.allows(user, article)]


def new_story_transitions(user) -> list[Transition]:
    """The moves a story may make as it is first saved: it starts as its writer's draft."""
    return allowed_transitions(user, Article(status=Status.DRAFT, created_by=user))


def check_transition(user, name: str, article: Article) -> Transition:
    """Refuse a move the table does not allow: PermissionDenied for the role, checked first
    (a reporter hears that only editors publish, whatever the story's state), then
    ValidationError for the story's state. `user=None` is the newsroom itself."""
    transition = TRANSITIONS[name]
    if user is None:
        _require(transition.by_system, str(transition.refused))
    else:
        _require(transition.permits(user, article), str(transition.refused))
    if article.status not in transition.from_states:
        raise ValidationError(
            _("Cannot %(action)s a story that is %(status)s.")
            % {"action": transition.verb, "status": article.get_status_display()}
        )
    return transition


# Writing -------------------------------------------------------------------------------


def _locked(article: Article) -> Article:
    """The row as it is now, locked until the transaction ends."""
    return Article.objects.select_for_update().get(pk=article.pk)


def _save(article: Article, *, by, message: str) -> Article:
    article.version += 1
    if not article.slug and article.headline:  # a draft that waited for its headline
        article.slug = slugify(article.headline) or "story"
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
def save_as_newsroom(article: Article, *, message: str) -> Article:
    """Save a change the newsroom's own tools make (a wire update), as a revision."""
    return _save(article, by=None, message=message)


@transaction.atomic
def save_image(image: Image) -> Image:
    """Store an uploaded picture without its GPS, camera and owner metadata."""
    image.full_clean()
    cleaned = strip_private_metadata(image.file)
    image.is_transparent = is_transparent(cleaned)
    image.file = cleaned
    image.save()
    return image


@transaction.atomic
def merge_tags(tags, *, keep: Tag, by) -> Tag:
    """Merge `tags` into `keep`, one of them: every story tagged with any of them ends up
    tagged with `keep` once, their names in other languages move where `keep` has none,
    their addresses answer 301 to `keep`'s page (TagRedirect), and they are deleted."""
    _require(
        by.has_perm("taggit.change_tag") and by.has_perm("taggit.delete_tag"),
        _("Only editors merge topics."),
    )
    ids = {tag.pk for tag in tags}
    if keep.pk not in ids:
        raise ValidationError(_("The topic to keep must be one of the selected topics."))
    if len(ids) < 2:
        raise ValidationError(_("Select at least two topics to merge."))
    locked = list(Tag.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(ids):
        raise ValidationError(_("A selected topic no longer exists; nothing was merged."))
    keep = next(tag for tag in locked if tag.pk == keep.pk)
    merged = [tag for tag in locked if tag.pk != keep.pk]

    # One link per story: the first link of a story not yet tagged `keep` moves, the rest go.
    tagged = set(TaggedArticle.objects.filter(tag=keep).values_list("content_object_id", flat=True))
    moving, stories = [], set()
    links = TaggedArticle.objects.filter(tag__in=merged).order_by("pk")
    for link_id, story_id in links.values_list("pk", "content_object_id"):
        stories.add(story_id)
        if story_id not in tagged:
            moving.append(link_id)
            tagged.add(story_id)
    TaggedArticle.objects.filter(pk__in=moving).update(tag=keep)

    named = set(keep.names.values_list("language", flat=True))
    for name in TagName.objects.filter(tag__in=merged).order_by("tag_id", "pk"):
        if name.language not in named:
            TagName.objects.filter(pk=name.pk).update(tag=keep)
            named.add(name.language)

    TagRedirect.objects.filter(tag__in=merged).update(tag=keep)
    TagRedirect.objects.bulk_create([TagRedirect(old_slug=tag.slug, tag=keep) for tag in merged])
    message = _("Merged into this topic: %(topics)s") % {
        "topics": ", ".join(tag.name for tag in merged)
    }
    LogEntry.objects.log_actions(
        user_id=by.pk, queryset=[keep], action_flag=CHANGE, change_message=message
    )
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=merged,
        action_flag=DELETION,
        change_message=_("Merged into “%(topic)s”") % {"topic": keep.name},
    )
    for tag in merged:
        tag.delete()  # its leftover links and names go with it, each counted as a change
    keep.save()  # a change of the kept topic: cached pages showing it are made again
    # The moved links were updated in bulk, without their own signals: the stories they
    # tag show the kept topic now.
    Article.objects.filter(pk__in=stories).update(modified_at=timezone.now())
    purge.on_commit([f"story-{pk}" for pk in sorted(stories)])
    return keep


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


TRANSLATED_FIELDS = [
    "kicker",
    "headline",
    "standfirst",
    "body",
    "section_id",
    "lead_image_id",
    "dateline",
    "source",
]


@transaction.atomic
def create_translation(story: Article, language: str, *, by) -> Article:
    """A draft of `story` in `language` for a translator to start from: its text, placement,
    lead image, tags and credits, made by `by` and credited to them as translator if they
    are a contributor. It is a translation of the original (`story`'s own original if
    `story` is a translation), so a story's versions all hang off one story.

    Refused with TranslationExists if a version in `language` exists already (the original's
    row is locked, so two at once make one), with ValidationError for a language the site
    does not have or a story in the trash; on any refusal nothing is written.
    """
    _require(by.has_perm("articles.add_article"), _("You may not write stories."))
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(
            _("“%(language)s” is not a language of this site.") % {"language": language}
        )
    original = Article.objects.select_for_update().get(pk=story.translation_of_id or story.pk)
    if existing := Article.objects.translations_of(original).filter(language=language).first():
        raise TranslationExists(existing)
    if original.language == language:
        raise TranslationExists(original)
    # `story` as it is now; no one else adds a version while the original is locked.
    story = original if story.pk == original.pk else Article.objects.get(pk=story.pk)
    if story.status == Status.DELETED:
        raise ValidationError(_("A story in the trash cannot be translated."))
    draft = Article(language=language, translation_of=original)
    for name in TRANSLATED_FIELDS:
        setattr(draft, name, getattr(story, name))
    create_draft(draft, by=by)
    draft.tags.set(story.tags.all())
    # A translator of `story` worked into its language, not this one.
    credits = [
        Credit(article=draft, contributor_id=credit.contributor_id, role=credit.role, order=order)
        for order, credit in enumerate(story.credits.exclude(role=Credit.Role.TRANSLATOR))
    ]
    if translator := Contributor.objects.filter(user=by).first():
        credits.append(
            Credit(
                article=draft,
                contributor=translator,
                role=Credit.Role.TRANSLATOR,
                order=len(credits),
            )
        )
    Credit.objects.bulk_create(credits)
    message = _("Created as a translation of story %(id)s") % {"id": story.pk}
    LogEntry.objects.log_actions(
        user_id=by.pk, queryset=[draft], action_flag=ADDITION, change_message=message
    )
    return draft


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
    kept = ["status", "first_published_at", "created_by_id"]
    if not can_publish(by):
        kept.append("published_at")  # only editors set or move publication times
    for name in kept:
        setattr(article, name, getattr(current, name))
    article.version = current.version
    return _save(article, by=by, message=_("Substantive update") if substantive else _("Edited"))


def _move(article: Article, name: str, *, by, message: str) -> Article:
    article = _locked(article)
    article.status = check_transition(by, name, article).to_state
    return _save(article, by=by, message=message)


@transaction.atomic
def submit(article: Article, *, by) -> Article:
    """A draft goes to the editors for review."""
    return _move(article, "submit", by=by, message=_("Submitted for review"))


@transaction.atomic
def publish(article: Article, *, by=None, at: datetime | None = None) -> Article:
    """Publish now, or schedule for `at`. The first publication time is set once, never moved.

    `by=None` is for system paths (import, demo content) that act as the newsroom itself;
    they may publish a story they have not saved yet.
    """
    if article.pk:
        article = _locked(article)
    article.status = check_transition(by, "publish", article).to_state
    article.published_at = at or timezone.now()
    if article.first_published_at is None:
        article.first_published_at = article.published_at
    is_scheduled = article.published_at > timezone.now()
    return _save(article, by=by, message=_("Scheduled") if is_scheduled else _("Published"))


@transaction.atomic
def unpublish(article: Article, *, by) -> Article:
    """Back to draft: the story leaves every public surface at once."""
    return _move(article, "unpublish", by=by, message=_("Unpublished"))


@transaction.atomic
def archive(article: Article, *, by) -> Article:
    return _move(article, "archive", by=by, message=_("Archived"))


@transaction.atomic
def delete(article: Article, *, by) -> Article:
    """Move a story to the trash: gone for readers (410), recoverable by editors."""
    return _move(article, "delete", by=by, message=_("Moved to trash"))


@transaction.atomic
def restore(article: Article, *, by) -> Article:
    """Take a story out of the trash as a draft; it is not republished by accident."""
    return _move(article, "restore", by=by, message=_("Restored from trash"))


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


@transaction.atomic
def share_preview(article: Article, *, by) -> PreviewLink:
    """A new preview link to `article` that works for PREVIEW_LINK_HOURS. The story itself
    does not change, so there is no revision; the admin log says who shared it."""
    _require(can_share(by), _("Only editors share previews."))
    article = _locked(article)  # not shared while it moves to the trash
    if article.status == Status.DELETED:
        raise ValidationError(_("A story in the trash cannot be previewed."))
    link = PreviewLink.objects.create(
        article=article,
        created_by=by,
        expires_at=timezone.now() + timedelta(hours=settings.PREVIEW_LINK_HOURS),
    )
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[article],
        action_flag=CHANGE,
        change_message=_("Shared a preview link"),
    )
    return link


@transaction.atomic
def revoke_preview(link: PreviewLink, *, by) -> PreviewLink:
    """End a preview link now: whoever opens it is told it was revoked. Twice is once."""
    _require(can_share(by), _("Only editors revoke preview links."))
    link = PreviewLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        LogEntry.objects.log_actions(
            user_id=by.pk,
            queryset=[link.article],
            action_flag=CHANGE,
            change_message=_("Revoked a preview link"),
        )
    return link


# Who may move a story where. Reporters submit their own drafts; editors do the rest.
TRANSITIONS = {
    transition.name: transition
    for transition in [
        Transition(
            name="submit",
            from_states=frozenset({Status.DRAFT}),
            to_state=Status.REVIEW,
            permission="articles.change_article",
            own_drafts=True,
            function=submit,
            label=gettext_lazy("Submit for review"),
            button=gettext_lazy("Save and submit for review"),
            done=gettext_lazy("%(count)d submitted for review."),
            refused=gettext_lazy("You may not submit this story."),
            verb=gettext_lazy("submit for review"),
        ),
        Transition(
            name="publish",
            from_states=frozenset({Status.DRAFT, Status.REVIEW, Status.PUBLISHED}),
            to_state=Status.PUBLISHED,
            permission="articles.publish_article",
            by_system=True,
            function=publish,
            label=gettext_lazy("Publish now"),
            button=gettext_lazy("Save and publish / schedule"),
            done=gettext_lazy("%(count)d published."),
            refused=gettext_lazy("Only editors publish or schedule stories."),
            verb=gettext_lazy("publish"),
        ),
        Transition(
            name="unpublish",
            from_states=frozenset({Status.PUBLISHED, Status.REVIEW, Status.ARCHIVED}),
            to_state=Status.DRAFT,
            permission="articles.publish_article",
            function=unpublish,
            label=gettext_lazy("Unpublish (back to draft)"),
            button=gettext_lazy("Save and unpublish"),
            done=gettext_lazy("%(count)d unpublished."),
            refused=gettext_lazy("Only editors unpublish stories."),
            verb=gettext_lazy("unpublish"),
        ),
        Transition(
            name="archive",
            from_states=frozenset({Status.PUBLISHED}),
            to_state=Status.ARCHIVED,
            permission="articles.archive_article",
            function=archive,
            label=gettext_lazy("Archive"),
            button=gettext_lazy("Save and archive"),
            done=gettext_lazy("%(count)d archived."),
            refused=gettext_lazy("Only editors archive stories."),
            verb=gettext_lazy("archive"),
        ),
        Transition(  # the story form has Django's Delete link, with its confirmation page
            name="delete",
            from_states=frozenset(set(Status) - {Status.DELETED}),
            to_state=Status.DELETED,
            permission="articles.delete_article",
            function=delete,
            label=gettext_lazy("Move to trash"),
            button=None,
            done=gettext_lazy("%(count)d moved to the trash."),
            refused=gettext_lazy("Only editors delete stories."),
            verb=gettext_lazy("delete"),
        ),
        Transition(  # a story in the trash cannot be edited, so its form has no buttons
            name="restore",
            from_states=frozenset({Status.DELETED}),
            to_state=Status.DRAFT,
            permission="articles.delete_article",
            function=restore,
            label=gettext_lazy("Restore from trash"),
            button=None,
            done=gettext_lazy("%(count)d restored as drafts."),
            refused=gettext_lazy("Only editors restore stories."),
            verb=gettext_lazy("restore"),
        ),
    ]
}
