from django import template
from django.db.models import Max
from django.utils.translation import gettext as _
from taggit.models import Tag

from articles.media import library
from articles.models import Article, Section, other_languages

register = template.Library()
LIMIT = 8


@register.simple_tag
def newsroom_dashboard(user) -> list:
    """The desk at a glance: (title, stories, show publish time) per list."""
    if not user.has_perm("articles.view_article"):
        return []
    stories = Article.objects.for_dashboard()
    Status = Article.Status
    corrected = (
        Article.objects.published()
        .annotate(last_correction=Max("corrections__published_at"))
        .filter(last_correction__isnull=False)
        .order_by("-last_correction")
        .select_related("section")
    )
    return [
        (
            _("My drafts"),
            stories.filter(created_by=user, status=Status.DRAFT).order_by("-modified_at")[:LIMIT],
            False,
        ),
        (
            _("Waiting for a headline"),
            stories.filter(status=Status.DRAFT, headline="").order_by("-modified_at")[:LIMIT],
            False,
        ),
        (
            _("In review"),
            stories.filter(status=Status.REVIEW).order_by("-modified_at")[:LIMIT],
            False,
        ),
        (_("Scheduled"), stories.scheduled().order_by("published_at")[:LIMIT], True),
        (_("Recently published"), stories.published().latest_first()[:LIMIT], True),
        (_("Recently corrected"), corrected[:LIMIT], True),
        (
            _("Pictures without text in the story's language"),
            stories.with_foreign_picture_text().order_by("-modified_at")[:LIMIT],
            False,
        ),
    ]


@register.simple_tag
def sections_missing_names(user) -> list:
    """(section, the languages it has no name in): each edition shows the main language's
    name meanwhile, so the desk sees what to fill in."""
    if not user.has_perm("articles.change_section"):
        return []
    return [
        (section, missing)
        for section in Section.objects.order_by("order", "name")
        if (missing := section.missing_languages())
    ]


@register.simple_tag
def topics_missing_names(user) -> list:
    """(topic, the languages it has no name in), for topics that published stories of those
    editions carry: their pages and cards show the main name meanwhile."""
    if not user.has_perm("taggit.change_tag"):
        return []
    missing: dict[Tag, list[str]] = {}
    for code in other_languages():
        stories = Article.objects.published().in_language(code)
        unnamed = (
            Tag.objects.filter(articles_taggedarticle_items__content_object__in=stories)
            .exclude(names__language=code)
            .distinct()
            .order_by("name")[:LIMIT]
        )
        for tag in unnamed:
            missing.setdefault(tag, []).append(code)
    return sorted(missing.items(), key=lambda item: item[0].name)


@register.simple_tag
def library_thumbnail(image) -> str:
    """An image's thumbnail in the media library's grid."""
    return library.thumbnail(image)
