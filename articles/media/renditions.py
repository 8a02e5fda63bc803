"""Renditions of an Image: which there are, their names and addresses, and making one.

All of it follows from the Image row (file name, size, focal point, drawn crops), so a page
needs no query and no storage look-up per picture. A name holds a hash of the file name
and the crop's box, so a new file, focal point or crop gives new names, and what a name
shows never changes: browsers and CDNs may keep a rendition for a year.

Renditions are made on their first request (views.rendition), stored through Django's
storage API and served as files from then on (nginx: deploy/nginx.conf.template; from a
bucket, the app reads them there). Those no image names any more (an old file or crop, a
deleted image) go with prune().
"""

import hashlib
import re
from dataclasses import dataclass
from itertools import batched

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ..models import Image
from . import processing
from .crops import CROPS, FALLBACK, Box, height_for, widths

FOLDER = "renditions"
# Part of every name: raise it when renditions come out differently (encoder settings, colour
# handling), so that no browser or CDN keeps showing the old ones.
PIPELINE = 1
MIME = {"avif": "image/avif", "webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}
SRC_WIDTH = 800  # the <img> fallback's src, for browsers that ignore srcset
MACHINE_WIDTH = 1200  # social cards and structured data want at least this (Google, Meta)
# A rendition's file name in its image's folder; prune() leaves any other file alone.
FILE_NAME = re.compile(rf"(?:{'|'.join(CROPS)})-[0-9a-f]{{12}}-\d+\.(?:{'|'.join(MIME)})")


@dataclass(frozen=True)
class Rendition:
    name: str
    crop: str
    box: Box
    width: int
    height: int
    fmt: str

    @property
    def url(self) -> str:
        # The site's address, not the storage's: a rendition is made there on its first
        # request, and a bucket cannot do that (on disk the two are the same).
        return f"{settings.MEDIA_URL}{self.name}"

    @property
    def mime(self) -> str:
        return MIME[self.fmt]


@dataclass(frozen=True)
class Picture:
    """What a <picture> element needs: a srcset per modern format, and the fallback."""

    sources: list[tuple[str, str]]  # (MIME type, srcset), best format first
    src: str
    srcset: str
    width: int
    height: int


def version(image, crop: str, box: Box) -> str:
    """The part of a rendition's name that changes with the file and the crop's box."""
    text = f"{PIPELINE}:{image.file.name}:{crop}:{','.join(map(str, box))}"
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def renditions(image, crop: str) -> list[Rendition]:
    """Every rendition of `crop` the image has: each format, each width, narrowest first."""
    if not _has_picture(image):
        return []
    shape = CROPS[crop]
    box = image.crop_box(crop)
    name = _namer(image, crop, box)
    return [
        Rendition(name(width, fmt), crop, box, width, height_for(shape, box, width), fmt)
        for fmt in _formats(image, crop)
        for width in widths(shape, box)
    ]


def _has_picture(image) -> bool:
    return bool(image and image.pk and image.file and image.width and image.height)


def _formats(image, crop: str) -> list[str]:
    fallback = "png" if image.is_transparent else "jpg"
    return [fallback if fmt == FALLBACK else fmt for fmt in CROPS[crop].formats]


def _namer(image, crop: str, box: Box):
    prefix = f"{FOLDER}/{image.pk}/{crop}-{version(image, crop, box)}"
    return lambda width, fmt: f"{prefix}-{width}.{fmt}"


def picture(image, crop: str) -> Picture | None:
    """The srcsets of a picture's crop for a <picture> element, or None without a file."""
    made = renditions(image, crop)
    if not made:
        return None
    by_format: dict[str, list[Rendition]] = {}
    for rendition in made:
        by_format.setdefault(rendition.fmt, []).append(rendition)
    *modern, fallback = by_format.values()
    src = [r for r in fallback if r.width <= SRC_WIDTH][-1:] or fallback[:1]
    return Picture(
        sources=[(kind[0].mime, _srcset(kind)) for kind in modern],
        src=src[0].url,
        srcset=_srcset(fallback),
        width=fallback[-1].width,
        height=fallback[-1].height,
    )


def _srcset(kind: list[Rendition]) -> str:
    return ", ".join(f"{r.url} {r.width}w" for r in kind)


def for_machines(image, crop: str) -> Rendition | None:
    """The JPEG of `crop` for social cards and structured data: 1200 px wide, or as wide as
    the picture allows. Named without listing the other renditions: sitemaps ask for
    50,000 at a time."""
    if not _has_picture(image) or "jpg" not in _formats(image, crop):
        return None
    shape = CROPS[crop]
    box = image.crop_box(crop)
    made = widths(shape, box)
    width = next((width for width in made if width >= MACHINE_WIDTH), made[-1])
    name = _namer(image, crop, box)(width, "jpg")
    return Rendition(name, crop, box, width, height_for(shape, box, width), "jpg")


def nearest(image, crop: str, width: int, fmt: str = "webp") -> Rendition | None:
    """The narrowest rendition of `crop` in `fmt` at least `width` wide, else the widest."""
    made = [r for r in renditions(image, crop) if r.fmt == fmt]
    return next((r for r in made if r.width >= width), made[-1] if made else None)


def find(image, filename: str) -> Rendition | None:
    """The image's rendition of that file name, or None if it has none such (an old
    version, a width or format not made)."""
    wanted = f"{FOLDER}/{image.pk}/{filename}"
    crop = filename.partition("-")[0]
    if crop not in CROPS:
        return None
    return next((r for r in renditions(image, crop) if r.name == wanted), None)


def read_or_make(image, rendition: Rendition) -> bytes:
    """The rendition's bytes: stored ones, or made now from the original and stored."""
    if default_storage.exists(rendition.name):
        with default_storage.open(rendition.name) as stored:
            return stored.read()
    content = make(image, rendition)
    saved = default_storage.save(rendition.name, ContentFile(content))
    if saved != rendition.name:  # another request stored it meanwhile: keep one
        default_storage.delete(saved)
    return content


def make(image, rendition: Rendition) -> bytes:
    """Make one rendition from the original (processing.render)."""
    left, top, right, bottom = rendition.box
    fractions = (left / image.width, top / image.height, right / image.width, bottom / image.height)
    with image.file.storage.open(image.file.name) as source:
        return processing.render(
            source, box=fractions, size=(rendition.width, rendition.height), fmt=rendition.fmt
        )


@dataclass
class Pruned:
    """What prune() deleted (or would delete): files, their bytes, the images they were of;
    and how many current renditions it kept."""

    files: int = 0
    bytes: int = 0
    images: int = 0
    kept: int = 0


def prune(*, dry_run: bool = False, storage=default_storage, batch: int = 500) -> Pruned:
    """Delete the stored renditions no image names now: those of an older file, focal point
    or crop, and all of a deleted image. Only rendition names in the renditions folder are
    looked at, so originals and anything else stored are never touched. Through the storage
    API (listdir, size, delete), so object storage works as the file system does.

    A rendition made while this runs for a change saved meanwhile may go too; its next
    request makes it again."""
    pruned = Pruned()
    try:
        folders, _files = storage.listdir(FOLDER)
    except FileNotFoundError:  # nothing made yet (FileSystemStorage)
        return pruned
    ids = sorted(int(folder) for folder in folders if folder.isdigit())
    for chunk in batched(ids, batch):
        images = Image.objects.in_bulk(chunk)
        for image_id in chunk:
            current = {r.name for crop in CROPS for r in renditions(images.get(image_id), crop)}
            stale = 0
            for name in storage.listdir(f"{FOLDER}/{image_id}")[1]:
                path = f"{FOLDER}/{image_id}/{name}"
                if path in current:
                    pruned.kept += 1
                elif FILE_NAME.fullmatch(name):
                    pruned.bytes += storage.size(path)
                    stale += 1
                    if not dry_run:
                        storage.delete(path)
            pruned.files += stale
            pruned.images += stale > 0
    return pruned
