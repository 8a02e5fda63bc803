"""Cached values readers' pages share, and their invalidation."""

from django.core.cache import cache

from .models import Section

SECTIONS_KEY = "articles:sections:v1"


def all_sections() -> list[Section]:
    """Every section in navigation order; cached until a section changes."""
    sections = cache.get(SECTIONS_KEY)
    if sections is None:
        sections = list(Section.objects.select_related("parent"))
        cache.set(SECTIONS_KEY, sections, timeout=None)
    return sections


def forget_sections(**kwargs) -> None:
    cache.delete(SECTIONS_KEY)
