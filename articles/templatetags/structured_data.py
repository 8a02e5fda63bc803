"""Machine-readable metadata: schema.org JSON-LD and the values Open Graph tags share with it."""

import functools
import json

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, to_locale
from PIL import Image as PILImage

from articles import text
from articles.media import renditions
from articles.models import tag_label

register = template.Library()

AUTHOR_ROLES = {"author", "contributor"}
# Open Graph names a locale with its territory; another language says only its own name.
OG_LOCALES = {"de": "de_DE", "en": "en_US"}
LOGO = ("img/logo.png", 600, 60)
# Google wants a story's picture in these shapes, each at least 1200 px wide where possible.
STRUCTURED_CROPS = ["wide", "standard", "square"]
# As django.utils.html.json_script: nothing in the JSON can close the <script> element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(*items: dict) -> str:
    """One <script type="application/ld+json"> per item, safe to embed in HTML."""
    return mark_safe(
        "".join(
            format_html(
                '<script type="application/ld+json">{}</script>\n',
                mark_safe(json.dumps(item, cls=DjangoJSONEncoder).translate(_SCRIPT_ESCAPES)),
            )
            for item in items
        )
    )


@register.filter
def og_locale(language: str) -> str:
    return OG_LOCALES.get(language) or to_locale(language)


def _iso(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def _modified(article, published):
    """When the story last changed for readers: an update or a correction (as the feeds'
    Atom <updated> says), else its publication."""
    times = [article.updated_at, article.published_at, published]
    times += [correction.published_at for correction in article.corrections.all()]
    return max((time for time in times if time is not None), default=None)


def _organization(request) -> dict:
    path, width, height = LOGO
    logo = {"@type": "ImageObject", "url": request.build_absolute_uri(static(path))}
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri(reverse("articles:home")),
        "logo": logo | {"width": width, "height": height},
    }


def _crumbs(request, pairs) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": n,
                "name": name,
                "item": request.build_absolute_uri(url),
            }
            for n, (name, url) in enumerate(pairs, 1)
        ],
    }


def _image_object(request, rendition) -> dict:
    return {
        "@type": "ImageObject",
        "url": request.build_absolute_uri(rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }


@functools.cache
def _static_image_size(path: str) -> tuple[int, int] | None:
    """The width and height of a static picture, read once per process (its header only)."""
    found = finders.find(path)
    try:
        with PILImage.open(found) as picture:
            return picture.size
    except (OSError, TypeError, ValueError):
        return None


def _pictures(request, article) -> tuple[dict, list[dict]]:
    """The social card's picture (url, width, height, alt) and JSON-LD's ImageObjects: the
    lead image's crops, else the site's default picture (SOCIAL_DEFAULT_IMAGE)."""
    image = article.lead_image
    social = renditions.for_machines(image, "social") if image else None
    if social:
        card = _image_object(request, social) | {"alt": article.lead_image_text().alt}
        crops = [renditions.for_machines(image, crop) for crop in STRUCTURED_CROPS]
        return card, [_image_object(request, rendition) for rendition in crops]
    path = settings.SOCIAL_DEFAULT_IMAGE
    default = {"@type": "ImageObject", "url": request.build_absolute_uri(static(path))}
    if size := _static_image_size(path):
        default |= {"width": size[0], "height": size[1]}
    return default | {"alt": settings.SITE_NAME}, [default]


@register.simple_tag(takes_context=True)
def article_meta(context, article) -> dict:
    """What an article's JSON-LD and Open Graph tags say; `json_ld` is the ready markup."""
    request = context["request"]
    absolute = request.build_absolute_uri(article.get_absolute_url())
    canonical = article.canonical_url or absolute
    published = article.first_published_at or article.published_at
    card, images = _pictures(request, article)
    summary = text.description(article.standfirst, article.body)
    tags = [tag_label(tag) for tag in article.topics]
    authors = [
        {
            "@type": "Person" if c.contributor.kind == "person" else "Organization",
            "name": c.contributor.name,
            "url": request.build_absolute_uri(c.contributor.get_absolute_url()),
        }
        for c in article.credits.all()
        if c.role in AUTHOR_ROLES
    ]
    story = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.standfirst or summary or None,  # no length limit here
        "datePublished": _iso(published),
        "dateModified": _iso(_modified(article, published)),
        "author": authors,
        "publisher": _organization(request),
        "image": images,
        "inLanguage": article.language,
        "mainEntityOfPage": canonical,
        "articleSection": article.section.label,
        "keywords": tags,
        "isAccessibleForFree": True,
    }
    section = article.section
    trail = [(gettext("Home"), reverse("articles:home"))]
    trail += [(s.label, s.get_absolute_url()) for s in (section.parent, section) if s]
    trail.append((article.headline, article.get_absolute_url()))
    return {
        "canonical": canonical,
        "description": summary,
        "image": card,
        "published": _iso(published),
        "modified": story["dateModified"],
        "tags": tags,
        "locale": og_locale(article.language),
        "site_name": settings.SITE_NAME,
        "json_ld": json_ld(
            {k: v for k, v in story.items() if v not in (None, "", [])}, _crumbs(request, trail)
        ),
    }


@register.simple_tag(takes_context=True)
def site_meta(context) -> dict:
    """Open Graph basics for pages that are not stories: site name, locale, this page's URL."""
    request = context["request"]
    return {
        "site_name": settings.SITE_NAME,
        "locale": og_locale(get_language()),
        "url": request.build_absolute_uri(request.path),
    }


@register.simple_tag(takes_context=True)
def website_json_ld(context) -> str:
    """The home page's WebSite (with its site search) and the publishing Organization."""
    request = context["request"]
    home = request.build_absolute_uri(reverse("articles:home"))
    search = request.build_absolute_uri(reverse("articles:search"))
    website = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": home,
        "inLanguage": get_language(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{search}?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }
    return json_ld(website, {"@context": "https://schema.org"} | _organization(request))
