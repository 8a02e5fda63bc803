"""Which changes invalidate what: one table, used by every receiver.

Every save or delete of a model listed here, in its own transaction, bumps the content
generation (state.py), so no cached page outlives it. Besides:

- a story part (a credit, a correction, a tag link) touches its story's `modified_at`, so the
  story's cached card and page parts (fragments.py) are made again;
- a reference (a section, contributor, image, tag or a tag's name in another language, which
  many stories show) bumps the reference generation, which every fragment's key holds;
- on commit, the CDN is asked to purge the surrogate keys the change touched (purge.py).
"""

from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from taggit.models import Tag

from ..models import (
    Article,
    Contributor,
    Correction,
    Credit,
    Image,
    Section,
    SitePage,
    TaggedArticle,
    TagName,
)
from . import purge, state

STORY_PARTS = {Credit: "article_id", Correction: "article_id", TaggedArticle: "content_object_id"}
# A reference's surrogate key is "<name>-<the value of its attribute>".
REFERENCES = {
    Section: ("section", "pk"),
    Contributor: ("contributor", "pk"),
    Image: ("image", "pk"),
    Tag: ("tag", "pk"),
    TagName: ("tag", "tag_id"),
    SitePage: ("site", None),  # linked from every page's footer: every page's key
}
INVALIDATING = [Article, *STORY_PARTS, *REFERENCES]


def surrogate_keys(instance) -> list[str]:
    """The CDN surrogate keys of the pages that show `instance` (pages.py sets them)."""
    model = type(instance)
    if model is Article:
        return [f"story-{instance.pk}", "sitemaps"]
    if model in STORY_PARTS:
        return [f"story-{getattr(instance, STORY_PARTS[model])}"]
    name, attribute = REFERENCES[model]
    return [f"{name}-{getattr(instance, attribute)}" if attribute else name]


def changed(sender, instance, **kwargs) -> None:
    """Receiver for every invalidating model's save and delete: part of its transaction."""
    reference = sender in REFERENCES
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_sitestate (id, generation, reference_generation, changed_at)"
            " VALUES (1, 1, %s, now()) ON CONFLICT (id) DO UPDATE"
            " SET generation = articles_sitestate.generation + 1,"
            " reference_generation = articles_sitestate.reference_generation + %s,"
            " changed_at = now() RETURNING generation",
            [int(reference), int(reference)],
        )
        (generation,) = cursor.fetchone()
        cursor.execute(f"NOTIFY {state.CHANNEL}")  # delivered to every listener on commit
    if sender in STORY_PARTS:
        story_id = getattr(instance, STORY_PARTS[sender])
        Article.objects.filter(pk=story_id).update(modified_at=timezone.now())
    state.content_changed(generation)
    purge.on_commit(surrogate_keys(instance))


def connect() -> None:
    for model in INVALIDATING:
        for signal in (post_save, post_delete):
            signal.connect(changed, sender=model, dispatch_uid=f"invalidate-{model.__name__}")
