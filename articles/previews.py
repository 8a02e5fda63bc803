"""Signed, expiring preview links for people without an account.

A link is bound to one story and one version of it: any later edit, publication or
deletion makes it answer 404, as does tampering or age beyond PREVIEW_LINK_HOURS.
"""

import functools

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from .models import Article

SALT = "articles.preview"


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


def preview_token(article: Article) -> str:
    return signing.dumps({"id": article.pk, "v": article.version}, salt=SALT, compress=True)


def article_for_token(token: str) -> Article | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_LINK_HOURS * 3600)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    unpublished = Article.objects.exclude(Article.objects.published_q()).exclude(
        status=Article.Status.DELETED
    )
    return unpublished.filter(pk=data.get("id"), version=data.get("v")).for_detail().first()
