"""A published story's page parts, rendered when the story is written and kept with it in
PostgreSQL (StoryRender), so that a story's first page view reads them instead of rendering.

The parts are what the story's <head> says (description, canonical address, Open Graph,
JSON-LD) and the story itself (breadcrumbs to the share links). They are rendered once per
version of what they show: the story's `modified_at` (every save of the story or of a
credit, correction or tag link touches it), the version of the sections, contributors,
images and tags it shows (a change to one bumps it for exactly the stories that show it,
invalidation.py), the code's release and the language. That key is read with the story,
before anything the parts show, so parts are never kept under a newer key than their content.

Rendered on write: when a change to a story commits (refresh), and on the first read that
finds them older (a reference changed, a deploy, a story from before this table). Two things
each page asks for differently are left as markers and filled in per request: the address the
page was asked at (ORIGIN) and the story's translations, which are read with the related
stories on every request.
"""

from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import connections, router
from django.db.models.functions import Mod
from django.http import HttpRequest
from django.template import loader
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from ..media import body
from ..models import Article, StoryRender
from ..querysets import load_story, story_prefetches
from .pages import note

TEMPLATES = {
    "head": "articles/includes/story_head.html",
    "story": "articles/includes/story.html",
}
TRANSLATION_TEMPLATES = {
    "head": "articles/includes/story_hreflang.html",
    "story": "articles/includes/story_translations.html",
}
# Where the parts name the page's own address, and where its translations go. The .invalid
# domain never resolves (RFC 2606); the sanitiser keeps no HTML comments in a story's body.
ORIGIN = "http://newsroom.invalid"
TRANSLATIONS = "<!--translations-->"


class _Nowhere(HttpRequest):
    """The request parts are rendered for: its address is ORIGIN, whoever asks."""

    def get_host(self):
        return ORIGIN.removeprefix("http://")

    def _get_scheme(self):
        return "http"


def story_parts(request, article: Article, translations: list) -> dict[str, SafeString]:
    """The parts of a published story loaded with for_page(), for this request: stored ones if
    they are of the story's current version, else rendered now and stored."""
    if not settings.CARD_CACHE_SECONDS:  # fragments off (bench.layers): render every time
        head, story, keys = _render(article)
    else:
        stored = _stored(article)
        made_from = _made_from(article, stored.version if stored else 0)
        if stored is not None and stored.made_from == made_from:
            head, story, keys = stored.head, stored.story, stored.keys
        else:
            head, story, keys = _render(article)
            _store(article.pk, made_from, head, story, keys)
    note(*keys)
    origin = f"{request.scheme}://{request.get_host()}"
    parts = {}
    context = {"article": article, "translations": translations, "origin": origin}
    for name, html in (("head", head), ("story", story)):
        others = (
            loader.render_to_string(TRANSLATION_TEMPLATES[name], context) if translations else ""
        )
        html = html.replace(TRANSLATIONS, others)
        html = html.replace(ORIGIN, origin).replace(quote(ORIGIN), quote(origin))
        parts[name] = mark_safe(html)
    return parts


def refresh(story_id: int) -> None:
    """Render and store a story's parts if it is published and they are not current: called
    when a change to the story commits, so that its readers never wait for the render."""
    story = Article.objects.published().for_page().filter(pk=story_id).first()
    if story is None:
        return
    with translation.override(story.language):
        stored = _stored(story)
        made_from = _made_from(story, stored.version if stored else 0)
        if stored is None or stored.made_from != made_from:
            _store(story.pk, made_from, *_render(story))


def _stored(article) -> StoryRender | None:
    try:
        return article.render  # for_page() reads it with the story
    except ObjectDoesNotExist:
        return None


def _made_from(article, version: int) -> str:
    return ":".join(
        [
            settings.RELEASE,
            translation.get_language(),
            str(article.modified_at.timestamp()),
            str(version),
        ]
    )


def _render(story) -> tuple[str, str, list[str]]:
    """The story's head and story parts and their surrogate keys, for any request."""
    load_story(story)
    context = {"article": story, "stored": True}
    head, html = (
        loader.render_to_string(template, context, _Nowhere()) for template in TEMPLATES.values()
    )
    keys = [  # what the parts show, for the page's surrogate keys
        f"story-{story.pk}",
        f"section-{story.section_id}",
        *(f"contributor-{credit.contributor_id}" for credit in story.credits.all()),
        *(f"tag-{tag.pk}" for tag in story.topics),
        *(f"image-{pk}" for pk in {story.lead_image_id, *body.image_ids(story.body)} - {None}),
    ]
    return head, html, list(dict.fromkeys(keys))


def _store(story_id: int, made_from: str, head: str, story: str, keys: list[str]) -> None:
    _store_many([(story_id, made_from, head, story, keys)])


def _store_many(rows: list[tuple]) -> None:
    """Keep the parts; a row's version is left as it is, so a reference that changed while
    they were rendered leaves them old."""
    table = StoryRender._meta.db_table
    values = ", ".join(["(%s, 0, %s, %s, %s, %s::varchar[])"] * len(rows))
    # one statement for all, no round trip per story; on the primary, even from a reader's page
    with connections[router.db_for_write(StoryRender)].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (article_id, version, made_from, head, story, keys)"
            f" VALUES {values} ON CONFLICT (article_id) DO UPDATE"
            " SET made_from = EXCLUDED.made_from, head = EXCLUDED.head,"
            " story = EXCLUDED.story, keys = EXCLUDED.keys",
            [value for row in rows for value in row],
        )


def refresh_old(*, batch: int = 500, shard: tuple[int, int] = (0, 1)):
    """Render and store the parts of every published story whose stored parts are missing or
    old, newest first, `batch` stories at a time (their bylines, tags and corrections in
    three queries); yields how many were rendered after each batch. For a deploy (a new
    release makes every story's parts old) and for stories loaded in bulk, which no signal
    told about. `shard` (k, n) takes only the stories whose id is k modulo n, so that n
    processes can share the work."""
    number, shards = shard
    stories = (
        Article.objects.published()
        .for_page()
        .alias(shard=Mod("id", shards))
        .filter(shard=number)
        .prefetch_related(*story_prefetches())
    )
    language = translation.get_language()
    last = None
    while True:
        page = stories.order_by("-id")
        if last is not None:
            page = page.filter(pk__lt=last)
        page = list(page[:batch])
        if not page:
            return
        last = page[-1].pk
        rows = []
        for story in page:
            with translation.override(story.language):
                stored = _stored(story)
                made_from = _made_from(story, stored.version if stored else 0)
                if stored is None or stored.made_from != made_from:
                    rows.append((story.pk, made_from, *_render(story)))
        translation.activate(language)
        if rows:
            _store_many(rows)
        yield len(rows)
