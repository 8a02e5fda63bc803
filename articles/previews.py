"""Preview links: a story's latest saved text for people without an account.

A link (PreviewLink) carries an unguessable token and shows the story as it is saved now, so
it follows every edit. It ends when it expires (PREVIEW_LINK_HOURS) or an editor revokes it,
and then says which (410); an unknown token is a 404. publishing.share_preview() and
revoke_preview() make and end links.
"""

import functools
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import translation

from .models import Article, PreviewLink

EXPIRED, REVOKED, REMOVED = "expired", "revoked", "removed"
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")  # models.new_preview_token() makes 43 of them


def preview_paths() -> tuple[str, ...]:
    """Where preview links start in each edition (/vorschau/, /en/preview/, ...): pages no
    cache keeps and no crawler reads."""
    return _preview_paths(tuple(code for code, _name in settings.LANGUAGES))


@functools.cache
def _preview_paths(languages: tuple[str, ...]) -> tuple[str, ...]:
    paths = []
    for code in languages:
        with translation.override(code):
            paths.append(reverse("articles:preview", kwargs={"token": "-"}).removesuffix("-/"))
    return tuple(dict.fromkeys(paths))


def preview_path(link: PreviewLink, language: str) -> str:
    """The link's address in the story's edition, so its page and its notices are in the
    story's language."""
    with translation.override(language):
        return reverse("articles:preview", kwargs={"token": link.token})


@dataclass(frozen=True)
class Preview:
    """What a preview link leads to: the story (`is_live` if readers see it already), or
    why it no longer does (`ended`: EXPIRED, REVOKED, REMOVED)."""

    article: Article | None = None
    ended: str | None = None


def open_preview(token: str) -> Preview | None:
    """The story behind `token` as saved now, or why the link ended; None if there is no
    such link."""
    if not TOKEN.fullmatch(token):
        return None  # not a token we made (nor one PostgreSQL could take: NUL)
    link = (
        PreviewLink.objects.filter(token=token)
        .annotate(has_expired=Q(expires_at__lte=Now()))
        .only("article_id", "revoked_at")
        .first()
    )
    if link is None:
        return None
    if link.revoked_at is not None:
        return Preview(ended=REVOKED)
    if link.has_expired:
        return Preview(ended=EXPIRED)
    article = (
        Article.objects.for_detail()
        .annotate(is_live=Article.objects.published_q())
        .get(pk=link.article_id)
    )
    if article.status == Article.Status.DELETED:
        return Preview(ended=REMOVED)
    return Preview(article=article)
