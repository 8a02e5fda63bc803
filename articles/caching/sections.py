"""The section tree, read once per content generation per process (menus, lists, feeds)."""

import time

from ..models import Section
from .state import content_state

KEEP_SECONDS = 300  # a change that sent no signal (a bulk update) still shows within minutes
_kept: tuple[int, float, list[Section]] = (-1, 0.0, [])  # generation, until, sections


def all_sections() -> list[Section]:
    """Every section in navigation order, read again when the content generation changes."""
    global _kept
    generation = content_state().generation
    kept_generation, until, sections = _kept
    if kept_generation != generation or time.monotonic() >= until:
        sections = list(Section.objects.select_related("parent"))
        _kept = (generation, time.monotonic() + KEEP_SECONDS, sections)
    return sections


def forget_sections() -> None:
    """Drop the process's list of sections (tests: each starts with an empty database)."""
    global _kept
    _kept = (-1, 0.0, [])


def section_by_slug(slug: str) -> Section | None:
    """The section at this address, from the kept list (no query of its own)."""
    return next((s for s in all_sections() if s.slug == slug), None)


def sub_sections(section: Section) -> list[Section]:
    """The section's sub-sections, in navigation order."""
    return [s for s in all_sections() if s.parent_id == section.pk]


def family(section: Section) -> list[Section]:
    """The section and its sub-sections: what a section's page lists."""
    return [section, *sub_sections(section)]


def top_sections() -> list[Section]:
    """Sections that are no other's sub-section, in navigation order."""
    return [s for s in all_sections() if not s.parent_id]


def navigation_sections() -> list[Section]:
    """Top-level sections shown in the navigation, in order: the site menu and the home page."""
    return [s for s in top_sections() if s.show_in_navigation]
