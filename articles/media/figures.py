"""The figures of a story body as sanitizing.py spells them, and which pictures they show
with which words. Pure: body.py shows them, Article.save() keeps their ids in columns the
media library and the dashboard look up through an index instead of reading bodies."""

import re
from dataclasses import dataclass

_CAPTION = r"(?:<figcaption>(?P<caption>[^<]*)</figcaption>)?</figure>"
IMAGE = re.compile(
    rf'<figure data-image="(?P<id>\d+)" data-align="(?P<align>[a-z-]+)"'
    rf'(?: data-alt="(?P<alt>[^"]*)")?>{_CAPTION}'
)
EMBED = re.compile(rf'<figure data-embed="(?P<provider>[a-z]+)" data-id="(?P<id>[^"]+)">{_CAPTION}')


def image_ids(body: str) -> list[int]:
    """The ids of the pictures a body shows, in order, each once."""
    return list(dict.fromkeys(int(found["id"]) for found in IMAGE.finditer(body or "")))


@dataclass(frozen=True)
class BodyPictures:
    """The pictures of a body by id, each once: all of them, and those a figure shows with
    the picture's own alt text or caption (no data-alt, no figcaption of the story's own)."""

    shown: list[int]
    without_own_alt: list[int]
    without_own_caption: list[int]


def pictures_in(body: str) -> BodyPictures:
    """What pictures a sanitised body shows, and where it borrows the picture's words."""
    shown, without_alt, without_caption = {}, {}, {}
    for found in IMAGE.finditer(body or ""):
        pk = int(found["id"])
        shown[pk] = True
        if not found["alt"]:
            without_alt[pk] = True
        if not found["caption"]:
            without_caption[pk] = True
    return BodyPictures(list(shown), list(without_alt), list(without_caption))
