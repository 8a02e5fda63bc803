"""Work in progress on the story form: text kept while it is typed, and who has a story open.

Neither touches the story itself: readers see only what publishing.py saves, so these write
no revision and no admin log. Both live in PostgreSQL, so every app server sees them.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from .models import Article, Autosave, EditPresence
from .publishing import can_edit

# The form's fields of running text: what an editor would hate to type twice.
TEXT_FIELDS = ["kicker", "headline", "standfirst", "body", "dateline"]
MAX_TEXT_LENGTH = 1_000_000  # characters per field; a long story's body has 100,000
# A page polls every 25 s; a background tab's timers may be slowed to once a minute.
PRESENT_FOR = timedelta(seconds=75)


def _require_writer(user, article: Article | None) -> None:
    allowed = can_edit(user, article) if article else user.has_perm("articles.add_article")
    if not allowed:
        raise PermissionDenied(_("You may not edit this story."))


def autosave(
    *, user, article: Article | None, fields: dict, base_version: int | None = None
) -> Autosave:
    """Keep `user`'s unsaved text of `article` (None: their new story), replacing what was
    kept before, in one statement. Unknown fields or values that are not text are refused
    with ValidationError, and nothing is kept."""
    _require_writer(user, article)
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields are not kept: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    for name, value in fields.items():
        if not isinstance(value, str) or len(value) > MAX_TEXT_LENGTH:
            raise ValidationError(_("“%(field)s” is not text that can be kept.") % {"field": name})
    row = Autosave(
        user=user,
        article=article,
        fields=fields,
        base_version=base_version,
        saved_at=timezone.now(),
    )
    (row,) = Autosave.objects.bulk_create(
        [row],
        update_conflicts=True,
        unique_fields=["user", "article"],
        update_fields=["fields", "base_version", "saved_at"],
    )
    return row


def discard_autosave(*, user, article: Article | None) -> None:
    """Forget `user`'s unsaved text of `article`: they saved the story, or chose not to
    restore it."""
    Autosave.objects.filter(user=user, article=article).delete()


def autosave_to_offer(*, user, article: Article | None) -> Autosave | None:
    """The unsaved text to offer `user` when they open the form: for a story, only if it was
    kept after the story's last save and differs from the story's text."""
    kept = Autosave.objects.filter(user=user, article=article).first()
    if kept is None or article is None:
        return kept
    if kept.saved_at <= article.modified_at:
        return None
    same = all(kept.fields.get(name, "") == getattr(article, name) for name in TEXT_FIELDS)
    return None if same else kept


# Who has a story open -------------------------------------------------------------------

_HEARTBEAT = """
INSERT INTO articles_editpresence (article_id, user_id, since, seen_at)
VALUES (%s, %s, STATEMENT_TIMESTAMP(), STATEMENT_TIMESTAMP())
ON CONFLICT (article_id, user_id) DO UPDATE SET
    since = CASE WHEN articles_editpresence.seen_at < EXCLUDED.seen_at - %s
                 THEN EXCLUDED.since ELSE articles_editpresence.since END,
    seen_at = EXCLUDED.seen_at
"""


def heartbeat(*, user, article: Article) -> None:
    """Record that `user` has the story's form open now. One upsert on the database's clock
    (no app server's clock decides); back after a gap, they are there "since" now again."""
    _require_writer(user, article)
    with connections[router.db_for_write(EditPresence)].cursor() as cursor:
        cursor.execute(_HEARTBEAT, [article.pk, user.pk, PRESENT_FOR])


def leave(*, user, article: Article) -> None:
    """`user` closed the story's form."""
    EditPresence.objects.filter(article=article, user=user).delete()


def others_editing(article: Article, *, user) -> list[EditPresence]:
    """Who else has the story open now, longest first."""
    return list(
        EditPresence.objects.filter(article=article, seen_at__gte=Now() - PRESENT_FOR)
        .exclude(user=user)
        .select_related("user")
        .order_by("since", "user_id")
    )


def name_of(user) -> str:
    """How the newsroom names a colleague on screen."""
    return user.get_full_name() or user.get_username()


def describe(presence: EditPresence) -> str:
    """“Anna Schmidt is editing since 10:02”, in the site's time zone."""
    return _("%(name)s is editing since %(time)s") % {
        "name": name_of(presence.user),
        "time": time_format(timezone.localtime(presence.since)),
    }
