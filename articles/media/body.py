"""Pictures and embeds in a story body, as readers see them.

The body stores placeholders in the one spelling sanitizing.py writes:
`<figure data-image="12" data-align="inset-left">` and `<figure data-embed="youtube"
data-id="…">`, each with an optional figcaption of plain text. They become a <picture> with
the image's current renditions, or a click-to-load placeholder, when the story's part is
rendered (caching/fragments.py keeps the result; an image's change re-keys every fragment).
"""

import html
import re

from django.conf import settings
from django.template import loader
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from ..models import Image
from ..sanitizing import IMAGE_ALIGNS
from . import embeds, renditions
from .figures import EMBED, IMAGE, image_ids


def render(body: str, language: str | None = None) -> SafeString:
    """The body with its pictures (one query for all) and embeds in place; a picture whose
    image was deleted is left out. A picture's words are the figure's own (data-alt, its
    figcaption), else the image's, in the main language: in a story in another `language`
    those are marked with their lang."""
    body = body or ""
    if "<figure" not in body:
        return mark_safe(body)  # sanitised when saved (StoryBodyField)
    images = Image.objects.in_bulk(image_ids(body))
    other = language not in (None, settings.LANGUAGE_CODE)
    body = IMAGE.sub(lambda found: _picture(found, images, other), body)
    body, count = EMBED.subn(_embed, body)
    if count:
        body += loader.render_to_string("articles/includes/embed_script.html")
    return mark_safe(body)


def for_feed(body: str, images: dict, origin: str) -> str:
    """The body as a feed reader gets it: no script runs there, so a picture is a plain <img>
    (an 800 px JPEG at an absolute address) and an embed a link to the original. `images`
    holds the pictures of every story of the feed (image_ids), read in one query."""
    if "<figure" not in body:
        return body

    def picture(found: re.Match) -> str:
        image = images.get(int(found["id"]))
        jpeg = image and renditions.nearest(image, "whole", renditions.SRC_WIDTH, "jpg")
        if jpeg is None:
            return ""
        caption = _text(found["caption"]) or image.caption
        return format_html(
            '<figure><img src="{}{}" alt="{}" width="{}" height="{}">{}</figure>',
            origin,
            jpeg.url,
            _text(found["alt"]) or image.alt_text,
            jpeg.width,
            jpeg.height,
            format_html("<figcaption>{}</figcaption>", caption) if caption else "",
        )

    def embed(found: re.Match) -> str:
        provider, embed_id = found["provider"], found["id"]
        if not embeds.is_valid(provider, embed_id):
            return ""
        link = embeds.PROVIDERS[provider].link_url(embed_id)
        words = _text(found["caption"]) or embeds.PROVIDERS[provider].label
        return format_html('<p><a href="{}">{}</a></p>', link, words)

    return EMBED.sub(embed, IMAGE.sub(picture, body))


def _picture(found: re.Match, images: dict, other_language: bool = False) -> str:
    image = images.get(int(found["id"]))
    if image is None:
        return ""
    align = found["align"] if found["align"] in IMAGE_ALIGNS else "full"
    alt, caption = _text(found["alt"]), _text(found["caption"])
    fallback = settings.LANGUAGE_CODE if other_language else ""
    context = {
        "image": image,
        "align": align,
        "slot": "body" if align == "full" else "inset",
        "alt": alt or image.alt_text,
        "alt_lang": "" if alt else fallback,
        "caption": caption or image.caption,
        "caption_lang": "" if caption else fallback,
    }
    return loader.render_to_string("articles/includes/body_image.html", context)


def _embed(found: re.Match) -> str:
    provider, embed_id = found["provider"], found["id"]
    if not embeds.is_valid(provider, embed_id):
        return ""
    provider = embeds.PROVIDERS[provider]
    context = {
        "provider": provider,
        "frame": provider.frame_url(embed_id),
        "link": provider.link_url(embed_id),
        "caption": _text(found["caption"]),
    }
    return loader.render_to_string("articles/includes/embed.html", context)


def _text(caption: str | None) -> str:
    """A figcaption's words as text (the template escapes them again, also in attributes)."""
    return html.unescape(caption or "")
