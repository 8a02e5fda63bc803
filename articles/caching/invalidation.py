"""Which changes invalidate what: one table, used by every receiver.

Every save or delete of a model listed here, in its own transaction, bumps the content
generation (state.py), so no cached page outlives it. Besides:

- a story part (a credit, a correction, a tag link) touches its story's `modified_at`, so the
  story's card (fragments.py) and page parts (rendered.py) are made again; a change to a
  story or its parts renders its page parts when it commits;
- a reference (a section, contributor, image, tag or a tag's name in another language, which
  many stories show) bumps the reference generation, which cards and lists of cards are keyed
  by, and the version of what they show of exactly the stories that show it, which their
  stored parts are kept by (rendered.py);
- on commit, the CDN is asked to purge the surrogate keys the change touched (purge.py).
"""

import functools

from django.db import connections, router, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete
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
    SiteState,
    StoryRender,
    TaggedArticle,
    TagName,
)
from . import purge, rendered, state

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


def showing(instance) -> Q | None:
    """The stories whose cards or pages show the reference `instance` (None: no story part)."""
    match instance:
        case Section():  # a story's breadcrumbs name its section's parent too
            family = Section.objects.filter(Q(pk=instance.pk) | Q(parent=instance.pk))
            return Q(section__in=family.values("pk"))
        case Contributor():
            return Q(credits__contributor=instance.pk)
        case Image():  # a picture in the body: Article.body_images, GIN-indexed
            return Q(lead_image=instance.pk) | Q(body_images__contains=[instance.pk])
        case Tag():
            return Q(tags=instance.pk)
        case TagName():
            return Q(tags=instance.tag_id)
    return None


def touch_stories(instance) -> None:
    """Give the stories that show `instance` a new version of what they show: their stored
    parts (rendered.py) are made again, no other story's. Part of the change's transaction;
    the rows of StoryRender are narrow and unindexed but for the key, so a section with
    thousands of stories costs milliseconds."""
    if (stories := showing(instance)) is None:
        return
    ids, params = Article.objects.filter(stories).values("pk").query.sql_with_params()
    render = StoryRender._meta.db_table
    with connections[router.db_for_write(StoryRender)].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {render} (article_id, version, made_from) SELECT ids.id, 1, ''"
            f" FROM ({ids}) AS ids(id) ORDER BY 1"  # rows locked in one order: no deadlocks
            f" ON CONFLICT (article_id) DO UPDATE SET version = {render}.version + 1",
            params,
        )


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
    with connections[router.db_for_write(SiteState)].cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_sitestate (id, generation, reference_generation, changed_at)"
            " VALUES (1, 1, %s, now()) ON CONFLICT (id) DO UPDATE"
            " SET generation = articles_sitestate.generation + 1,"
            " reference_generation = articles_sitestate.reference_generation + %s,"
            " changed_at = now() RETURNING generation",
            [int(reference), int(reference)],
        )
        (generation,) = cursor.fetchone()
        # delivered to every listener on commit, with the generation replicas must reach
        cursor.execute("SELECT pg_notify(%s, %s)", [state.CHANNEL, str(generation)])
    story_id = instance.pk if sender is Article else None
    if sender in STORY_PARTS:
        story_id = getattr(instance, STORY_PARTS[sender])
        Article.objects.filter(pk=story_id).update(modified_at=timezone.now())
    elif reference and kwargs.get("signal") is post_save:
        touch_stories(instance)
    if story_id is not None:  # render the story's parts now, not when a reader comes
        transaction.on_commit(functools.partial(rendered.refresh, story_id), robust=True)
    state.content_changed(generation)
    purge.on_commit(surrogate_keys(instance))


def before_delete(sender, instance, **kwargs) -> None:
    """A reference about to go: its stories are found while they still point at it (a lead
    image's link is cleared before post_delete)."""
    touch_stories(instance)


def connect() -> None:
    for model in INVALIDATING:
        for signal in (post_save, post_delete):
            signal.connect(changed, sender=model, dispatch_uid=f"invalidate-{model.__name__}")
    for model in REFERENCES:
        pre_delete.connect(before_delete, sender=model, dispatch_uid=f"touch-{model.__name__}")
