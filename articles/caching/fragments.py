"""Story cards and lists of cards, rendered once per version of what they show.

A card (headline, standfirst, byline, time, lead picture) is the same HTML on the home page,
a section, a tag or a contributor page; rendering one is ~0.4 ms of template work and a
front page shows about fifty. So each card's HTML is cached under a key made of everything
it shows ("Russian doll" caching):

- the story's id and `modified_at`, which every save of the story changes;
- `ContentState.references`, a counter that every change to a section, contributor, image
  or tag bumps (those appear on many stories' cards or pages, see invalidation.py);
- the reader's language and the card's variant (heading level, picture, lazy, lead);
- the code's release (settings.RELEASE), so a deploy never serves cards of the old design
  or of the old code's bylines, even from a shared cache.

Unlike whole pages, cards survive edits of other stories: after an edit the next render of
the front page re-renders one card, not fifty. CARD_CACHE_SECONDS = 0 turns this off.

The front page's stories (the lead, the sections' newest, the latest) and a list page's
cards are one more fragment around their cards (front_page, card_list), keyed by every
card's story id and `modified_at` in place, so a new story, a story moved between blocks or
an edit of any of them renders it again; then only the cards whose versions changed are
rendered, the others come from the card cache, all of a fragment's cards in one lookup.

A story's own page parts are kept in PostgreSQL instead, rendered when the story is written
(rendered.py).
"""

import hashlib
import re
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.template import loader
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from ..querysets import card_story
from .pages import note_stories
from .state import content_state

TEMPLATE = "articles/includes/article_card.html"
FRONT_PAGE = "articles/includes/front_page.html"
CARD_LIST = "articles/includes/card_list.html"
# The cards a fragment's template asks for while it renders (see _with_cards)
_wanted: ContextVar[list | None] = ContextVar("wanted cards", default=None)
# Where a wanted card goes in its fragment's HTML. PostgreSQL text holds no NUL character,
# so nothing else the fragment shows can look like one.
PLACE = re.compile(r"\x00card(\d+)\x00")


def render(article, *, heading="h2", show_image=False, lazy=False, lead=False) -> SafeString:
    variant = {
        "heading": heading,
        "show_image": bool(show_image),
        "lazy": bool(lazy),
        "lead": bool(lead),
    }
    context = {"article": article, "LANGUAGE_CODE": translation.get_language(), **variant}
    note_stories([article])
    wanted = _wanted.get()
    if wanted is not None:  # inside a fragment: its cards are looked up together
        wanted.append((article, variant, context))
        return mark_safe(f"\x00card{len(wanted) - 1}\x00")
    html = _cached(lambda: _card_key(article, variant), lambda: _render(article, context))
    return mark_safe(html)


def _card_key(article, variant: dict) -> list[str]:
    return [*_version("card", article), *(str(value) for value in variant.values())]


def _render(article, context: dict) -> str:
    """The card's HTML from the story with all it shows; none for a story gone meanwhile."""
    story = card_story(article)
    if story is None:
        return ""
    return loader.render_to_string(TEMPLATE, {**context, "article": story})


def front_page(lead, section_blocks: list, latest: list) -> SafeString:
    """The front page's lead, section blocks and latest stories, each a card; `lead` may be
    None, `section_blocks` holds (section, stories) pairs."""
    context = {"lead": lead, "section_blocks": section_blocks, "latest": latest}
    listed = [
        ("lead", [lead] if lead else []),
        *((section.pk, stories) for section, stories in section_blocks),
        ("latest", latest),
    ]
    return _around_cards("front", FRONT_PAGE, context, listed)


def card_list(stories: list) -> SafeString:
    """A list page's cards (section, tag, contributor), the first with its picture."""
    return _around_cards("list", CARD_LIST, {"stories": stories}, [("list", stories)])


def _around_cards(kind: str, template: str, context: dict, listed: list) -> SafeString:
    """A fragment of cards, cached under the versions of the stories `listed` in each of
    its places (label, stories), so any new, moved or edited story renders it again; its
    cards come from the card cache then, except those whose versions changed."""
    for _label, stories in listed:
        note_stories(stories)

    def key() -> list[str]:
        versions = "|".join(
            f"{label}=" + ",".join(_story_version(story) for story in stories)
            for label, stories in listed
        )
        return [*_version(kind), hashlib.sha256(versions.encode()).hexdigest()]

    return mark_safe(_cached(key, lambda: _with_cards(template, context)))


def _with_cards(template: str, context: dict) -> str:
    """The fragment's HTML with its cards, which come from the card cache in one lookup
    (one round trip to Redis, not one per card) and are rendered only where missing."""
    if not settings.CARD_CACHE_SECONDS:
        return loader.render_to_string(template, context)
    token = _wanted.set([])
    try:
        html = loader.render_to_string(template, context)
        wanted = _wanted.get()
    finally:
        _wanted.reset(token)
    keys = [":".join(_card_key(article, variant)) for article, variant, _ in wanted]
    found = cache.get_many(keys)
    missing = {}
    for key, (article, _, card_context) in zip(keys, wanted, strict=True):
        if key not in found and key not in missing:
            missing[key] = _render(article, card_context)
    if missing:
        cache.set_many(missing, settings.CARD_CACHE_SECONDS)
    cards = found | missing
    return PLACE.sub(lambda place: cards[keys[int(place.group(1))]], html)


def _cached(key, render):
    """render(), kept for CARD_CACHE_SECONDS under the key that key() makes of its parts;
    with the cache off, render() every time (and no key, which reads the content state)."""
    if not settings.CARD_CACHE_SECONDS:
        return render()
    name = ":".join(key())
    value = cache.get(name)
    if value is None:
        value = render()
        cache.set(name, value, settings.CARD_CACHE_SECONDS)
    return value


def _version(kind: str, article=None) -> list[str]:
    """What every fragment depends on: the code's release (its templates and the Python
    that fills them, newsroom/release.py), the version of the sections, contributors,
    images and tags stories show, the reader's language, and the story's version."""
    key = [
        kind,
        settings.RELEASE,
        str(content_state().references),
        translation.get_language(),
    ]
    if article is not None:
        key.append(_story_version(article))
    return key


def _story_version(story) -> str:
    """Which version of a story a fragment shows: every save changes `modified_at`."""
    return f"{story.pk}@{story.modified_at.timestamp()}"
