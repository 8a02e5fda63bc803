"""Story cards rendered once per version of what they show, then reused by every page.

A card (headline, standfirst, byline, time, lead picture) is the same HTML on the home page,
a section, a tag or a contributor page; rendering one is ~0.4 ms of template work and a
front page shows about fifty. So each card's HTML is cached under a key made of everything
it shows ("Russian doll" caching):

- the story's id and `modified_at`, which every save of the story changes;
- `ContentState.references`, a counter that every change to a section, contributor, credit
  or image bumps (those appear on the cards of many stories, see caching.content_changed);
- the reader's language and the card's variant (heading level, picture, lazy, lead);
- a fingerprint of the card templates, so a deploy never serves cards of the old design.

Unlike whole pages, cards survive edits of other stories: after an edit the next render of
the front page re-renders one card, not fifty. CARD_CACHE_SECONDS = 0 turns this off.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template import loader
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from .caching import content_state
from .querysets import card_story

TEMPLATE = "articles/includes/article_card.html"
_FINGERPRINT: str | None = None


def render(article, *, heading="h2", show_image=False, lazy=False, lead=False) -> SafeString:
    variant = {
        "heading": heading,
        "show_image": bool(show_image),
        "lazy": bool(lazy),
        "lead": bool(lead),
    }
    language = translation.get_language()
    context = {"article": article, "LANGUAGE_CODE": language, **variant}
    if not settings.CARD_CACHE_SECONDS:
        return mark_safe(_render(article, context))
    key = ":".join(
        [
            "card",
            _fingerprint(),
            str(article.pk),
            str(article.modified_at.timestamp()),
            str(content_state().references),
            language,
            *(str(value) for value in variant.values()),
        ]
    )
    html = cache.get(key)
    if html is None:
        html = _render(article, context)
        cache.set(key, html, settings.CARD_CACHE_SECONDS)
    return mark_safe(html)


def _render(article, context: dict) -> str:
    """The card's HTML from the story with all it shows; none for a story gone meanwhile."""
    story = card_story(article)
    if story is None:
        return ""
    return loader.render_to_string(TEMPLATE, {**context, "article": story})


def _fingerprint() -> str:
    """A short hash of the card templates' source, read once per process."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        digest = hashlib.sha256()
        for name in [TEMPLATE, "articles/includes/image.html"]:
            digest.update(loader.get_template(name).template.source.encode())
        _FINGERPRINT = digest.hexdigest()[:12]
    return _FINGERPRINT
