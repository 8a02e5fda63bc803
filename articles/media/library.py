"""The media library in the admin: how its grid finds and filters pictures, where each one
is used, and the story form's way of choosing one."""

import re
from datetime import date

from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Article, Image
from . import renditions

THUMBNAIL_WIDTH = 320
SOCIAL_WIDTH = renditions.MACHINE_WIDTH
# "2026-12-05", "2026-12", "5.12.2026": the upload date in a search.
ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
GERMAN_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def thumbnail(image, *, width: int = THUMBNAIL_WIDTH) -> str:
    """A small rendition of the whole picture for the admin, not the original upload."""
    rendition = renditions.nearest(image, "whole", width) if image else None
    if rendition is None:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" class="newsroom-thumb" loading="lazy">',
        rendition.url,
        image.alt_text,
        rendition.width,
        rendition.height,
    )


def usages(image: Image) -> QuerySet[Article]:
    """The stories (drafts too, not the trash) that show `image`, newest first: as their lead
    image (`as_lead`) or in their text (`in_text`), or both."""
    as_lead, in_text = Q(lead_image=image), Q(body_images__contains=[image.pk])
    return (
        Article.objects.filter(as_lead | in_text)
        .exclude(status=Article.Status.DELETED)
        .annotate(as_lead=as_lead, in_text=in_text)
        .select_related("section")
        .only("headline", "language", "status", "published_at", "section__name")
        .order_by("-published_at", "-id")
    )


def is_used() -> Q:
    """Whether a story (not in the trash) shows the picture, as its lead image or in its text:
    two index look-ups per row (the lead image's, and the GIN index of body_images)."""
    stories = Article.objects.exclude(status=Article.Status.DELETED)
    as_lead = stories.filter(lead_image=OuterRef("pk"))
    in_text = stories.filter(body_images__contains=[OuterRef("pk")])
    return Exists(as_lead) | Exists(in_text)


def uploaded_on(term: str) -> Q | None:
    """The upload day or month a search term names, if it names one."""
    term = term.strip()
    if match := ISO_DAY.fullmatch(term):
        year, month, day = (int(part) if part else None for part in match.groups())
    elif match := GERMAN_DAY.fullmatch(term):
        day, month, year = (int(part) for part in match.groups())
    else:
        return None
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    found = Q(created_at__year=year, created_at__month=month)
    return found & Q(created_at__day=day) if day else found


class ShapeFilter(admin.SimpleListFilter):
    title = _("shape")
    parameter_name = "shape"

    def lookups(self, request, model_admin):
        return [
            ("landscape", _("landscape")),
            ("portrait", _("portrait")),
            ("square", _("square")),
            ("small", _("narrower than a social card (1200 px)")),
        ]

    def queryset(self, request, queryset):
        return {
            "landscape": lambda: queryset.filter(width__gt=F("height")),
            "portrait": lambda: queryset.filter(width__lt=F("height")),
            "square": lambda: queryset.filter(width=F("height")),
            "small": lambda: queryset.filter(width__lt=SOCIAL_WIDTH),
        }.get(self.value(), lambda: queryset)()


class UsageFilter(admin.SimpleListFilter):
    title = _("use")
    parameter_name = "used"

    def lookups(self, request, model_admin):
        return [("yes", _("in a story")), ("no", _("not in any story"))]

    def queryset(self, request, queryset):
        if self.value() in {"yes", "no"}:
            return queryset.filter(is_used=self.value() == "yes")
        return queryset


class CreditFilter(admin.SimpleListFilter):
    title = _("credit")
    parameter_name = "credited"

    def lookups(self, request, model_admin):
        return [("yes", _("with credit")), ("no", _("without credit"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(credit="")
        if self.value() == "no":
            return queryset.filter(credit="")
        return queryset


class LibraryChoiceWidget(ForeignKeyRawIdWidget):
    """A story's lead image as the media library's grid chooses it (Django's lookup popup),
    shown as a thumbnail; static/articles/admin/article_form.js updates it after a choice."""

    template_name = "admin/articles/widgets/library_choice.html"

    def get_context(self, name, value, attrs):
        self._chosen = None
        context = super().get_context(name, value, attrs)
        context["thumbnail"] = thumbnail(self._chosen) if self._chosen else ""
        context["thumbnail_url"] = reverse("admin:articles_image_thumbnail", args=[0])
        return context

    def label_and_url_for_value(self, value):
        self._chosen = Image.objects.filter(pk=value).first() if str(value).isdigit() else None
        if self._chosen is None:
            return "", ""
        return self._chosen.alt_text, reverse("admin:articles_image_change", args=[value])
