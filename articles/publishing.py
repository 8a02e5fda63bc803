"""The write path: every change of a story's state goes through a function here."""

from datetime import datetime

from django.db import models, transaction
from django.utils import timezone

from .models import Article
from .text import slugify


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 80) -> str:
    """A transliterated slug not yet taken in `model`: "gawon-bae", then "gawon-bae-2", ..."""
    base = slugify(text, max_length=max_length) or model._meta.model_name
    taken = set(
        model.objects.filter(slug__startswith=base).values_list("slug", flat=True).iterator()
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def publish(article: Article, *, at: datetime | None = None) -> Article:
    """Publish now, or schedule for `at`. First publication time is set once, never moved."""
    article.status = Article.Status.PUBLISHED
    article.published_at = at or timezone.now()
    if article.first_published_at is None:
        article.first_published_at = article.published_at
    article.version += 1
    article.full_clean()
    article.save()
    return article
