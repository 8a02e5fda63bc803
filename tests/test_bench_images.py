"""bench.images picks from srcset and sizes as a browser does (its figures rest on it)."""

import pytest

from articles.templatetags.newsroom import SIZES
from bench.images import chosen, slot_width


@pytest.mark.parametrize(
    ("slot", "viewport", "width"),
    [
        ("story", 390, 358),  # a phone: the full width less main's padding
        ("story", 1280, 672),  # 42rem
        ("lead", 390, 358),
        ("lead", 800, 446.4),  # 60vw - 2.1rem
        ("lead", 1400, 656),  # 41rem
        ("block", 1000, 224.4),  # 25vw - 1.6rem
        ("list", 1920, 1120),  # 70rem
    ],
)
def test_the_slot_width_is_what_sizes_says_for_the_screen(slot, viewport, width):
    assert slot_width(SIZES[slot], viewport) == pytest.approx(width)


def test_a_browser_takes_the_narrowest_candidate_wide_enough_else_the_widest():
    srcset = "/a-320.avif 320w, /a-800.avif 800w, /a-1600.avif 1600w"

    assert chosen(srcset, 716) == ("/a-800.avif", 800)
    assert chosen(srcset, 800) == ("/a-800.avif", 800)
    assert chosen(srcset, 2000) == ("/a-1600.avif", 1600)
