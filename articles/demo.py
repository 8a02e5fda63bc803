"""Load the demo newsroom (articles/demo.toml) through the same write path editors use."""

import hashlib
import random
import re
import tomllib
from datetime import timedelta
from io import BytesIO
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageChops, ImageColor, ImageDraw, ImageFilter, ImageOps
from taggit.models import Tag

from .models import Article, Contributor, Correction, Credit, Image, Section, SitePage, TagName
from .publishing import publish, save_image
from .text import slugify

DEMO_DATA = Path(__file__).with_name("demo.toml")
PICTURE_SIZE = (1600, 1067)  # wide enough for every rendition a page and a social card use

# The keys an entry of each kind must have, and those it may have with their defaults. A
# missing or unknown key (a typo) is an error that names the entry.
ENTRIES = {
    "section": (
        {"slug", "name", "order"},
        {
            "description": "",
            "parent": None,
            "show_in_navigation": True,
            "colours": ["#333333", "#cccccc"],  # dark and light, of the pictures drawn
            "translations": {},  # {language: {name, description}} for the other editions
        },
    ),
    "topic": ({"name"}, {"names": {}}),
    "page": ({"kind", "language", "title", "body"}, {}),
    "contributor": ({"slug", "name"}, {"kind": "person", "affiliation": "", "bio": ""}),
    "article": (
        {"key", "section", "language", "headline", "body", "credits"},
        {
            "status": "published",
            "hours_ago": None,
            "kicker": "",
            "standfirst": "",
            "tags": [],
            "dateline": "",
            "source": "",
            "canonical_url": "",
            "is_breaking": False,
            "translation_of": None,
            "corrections": [],
        },
    ),
    "credit": ({"contributor", "role"}, {}),
    "correction": ({"text", "days_ago"}, {}),
}
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class DemoDataError(Exception):
    """The demo data cannot be loaded; the message names the file and the entry."""


def has_content() -> bool:
    return Article.objects.exists()


def load_demo(path: Path = DEMO_DATA) -> int:
    """Create the file's sections, contributors and stories; returns the number of stories.
    One transaction: on any error nothing is written, the pictures' files included."""
    data = read_demo_data(path)
    pictures = []
    try:
        with transaction.atomic():
            return _load(data, pictures)
    except BaseException as error:
        for picture in pictures:
            picture.file.storage.delete(picture.file.name)
        if isinstance(error, DemoDataError):
            raise DemoDataError(f"{path}: {error}") from None
        raise


def read_demo_data(path: Path = DEMO_DATA) -> dict[str, list[dict]]:
    """The file's sections, contributors and articles, each entry checked for its keys and
    completed with the defaults; each also says where it is ("article 7 (fc-neustadt-derby)")
    for error messages. Touches no database."""
    try:
        with open(path, "rb") as file:
            data = tomllib.load(file)
        _check_keys(data, {"sections", "contributors", "articles"}, {"topics", "pages"}, "the file")
        entries = {kind: _entries(data[kind], kind[:-1]) for kind in data}
        return {"topics": [], "pages": []} | entries
    except OSError as error:
        raise DemoDataError(f"{path}: cannot read the file ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(f"{path}: not valid TOML: {error}") from None
    except DemoDataError as error:
        raise DemoDataError(f"{path}: {error}") from None


def _entries(entries, kind: str, within: str = "") -> list[dict]:
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise DemoDataError(f"{within}{kind}s must be a list of tables")
    return [
        _entry(entry, kind, f"{within}{_name(kind, number, entry)}")
        for number, entry in enumerate(entries, 1)
    ]


def _name(kind: str, number: int, entry: dict) -> str:
    name = entry.get("key") or entry.get("slug") or entry.get("contributor") or entry.get("name")
    return f"{kind} {number}" + (f" ({name})" if isinstance(name, str) else "")


def _check_keys(entry: dict, required: set, optional, where: str) -> None:
    if missing := required - entry.keys():
        raise DemoDataError(f"{where} lacks {', '.join(sorted(missing))}")
    if unknown := entry.keys() - required - optional:
        raise DemoDataError(f"{where} has unknown keys: {', '.join(sorted(unknown))}")


def _entry(entry: dict, kind: str, where: str) -> dict:
    required, optional = ENTRIES[kind]
    _check_keys(entry, required, optional.keys(), where)
    entry = {**optional, **entry, "where": where}
    if kind == "section":
        colours = entry["colours"]
        if not (
            isinstance(colours, list)
            and len(colours) == 2
            and all(isinstance(colour, str) and COLOUR.fullmatch(colour) for colour in colours)
        ):
            raise DemoDataError(f'{where}: colours must be two, such as ["#2b4c7e", "#9db4d6"]')
    elif kind == "article":
        if entry["status"] not in ("published", "draft"):
            raise DemoDataError(f"{where}: status must be published or draft")
        if entry["status"] == "published" and not isinstance(entry["hours_ago"], int | float):
            raise DemoDataError(f"{where}: a published story needs hours_ago (a number)")
        tags = entry["tags"]
        if not (isinstance(tags, list) and all(isinstance(tag, str) for tag in tags)):
            raise DemoDataError(f"{where}: tags must be a list of names")
        entry["credits"] = _entries(entry["credits"], "credit", f"{where}, ")
        entry["corrections"] = _entries(entry["corrections"], "correction", f"{where}, ")
    elif kind == "topic":
        names = entry["names"]
        if not (isinstance(names, dict) and all(isinstance(n, str) for n in names.values())):
            raise DemoDataError(f'{where}: names must be a table such as {{ en = "Traffic" }}')
    elif kind == "correction" and not isinstance(entry["days_ago"], int | float):
        raise DemoDataError(f"{where}: days_ago must be a number")
    return entry


def _load(data: dict[str, list[dict]], pictures: list[Image]) -> int:
    sections = {}
    for entry in data["sections"]:
        parent = _find(sections, "section", entry["parent"], entry) if entry["parent"] else None
        section = Section(
            slug=entry["slug"],
            name=entry["name"],
            description=entry["description"],
            parent=parent,
            order=entry["order"],
            show_in_navigation=entry["show_in_navigation"],
            translations=entry["translations"],
        )
        _save(section, entry)
        sections[section.slug] = section
    for entry in data["pages"]:  # each edition's imprint and privacy page
        fields = ("kind", "language", "title", "body")
        _save(SitePage(**{field: entry[field] for field in fields}), entry)
    colours = {entry["slug"]: entry["colours"] for entry in data["sections"]}
    topics = {}  # every name of a topic: its main name
    for entry in data["topics"]:
        tag = Tag(name=entry["name"], slug=slugify(entry["name"]))
        _save(tag, entry)
        topics[tag.name] = tag.name
        for language, name in entry["names"].items():
            _save(TagName(tag=tag, language=language, name=name), entry)
            topics[name] = tag.name
    contributors = {}
    for entry in data["contributors"]:
        fields = ("slug", "name", "kind", "affiliation", "bio")
        contributor = Contributor(**{field: entry[field] for field in fields})
        _save(contributor, entry)
        contributors[contributor.slug] = contributor
    now = timezone.now()
    articles = {}
    for entry in data["articles"]:
        original = entry["translation_of"]
        article = Article(
            kicker=entry["kicker"],
            headline=entry["headline"],
            slug=slugify(entry["headline"]),
            standfirst=entry["standfirst"],
            body=entry["body"],
            language=entry["language"],
            section=_find(sections, "section", entry["section"], entry),
            dateline=entry["dateline"],
            source=entry["source"],
            canonical_url=entry["canonical_url"],
            is_breaking=entry["is_breaking"],
            translation_of=_find(articles, "story", original, entry) if original else None,
        )
        article.lead_image = _picture(colours[entry["section"]], entry["headline"])
        pictures.append(article.lead_image)
        _save(article, entry)
        article.tags.set([topics.get(name, name) for name in entry["tags"]])
        for order, credit in enumerate(entry["credits"]):
            contributor = _find(contributors, "contributor", credit["contributor"], credit)
            _save(
                Credit(article=article, contributor=contributor, role=credit["role"], order=order),
                credit,
            )
        for correction in entry["corrections"]:
            published_at = now - timedelta(days=correction["days_ago"])
            _save(
                Correction(article=article, text=correction["text"], published_at=published_at),
                correction,
            )
        if entry["status"] == "published":
            publish(article, at=now - timedelta(hours=entry["hours_ago"]))
        articles[entry["key"]] = article
    return len(articles)


def _find(loaded: dict, kind: str, name: str, entry: dict):
    """The section, contributor or story (by its key) that an entry names, from those
    loaded before it."""
    try:
        return loaded[name]
    except (KeyError, TypeError):
        raise DemoDataError(f"{entry['where']}: there is no {kind} {name!r} above it") from None


def _save(instance, entry: dict) -> None:
    """Validate and save, or say which entry is wrong and how."""
    try:
        instance.full_clean()
    except ValidationError as error:
        problems = "; ".join(
            " ".join(messages) if field == NON_FIELD_ERRORS else f"{field}: {' '.join(messages)}"
            for field, messages in error.message_dict.items()
        )
        raise DemoDataError(f"{entry['where']}: {problems}") from None
    instance.save()


def _picture(colours: list[str], headline: str) -> Image:
    """A generated photo in the section's colours, stored as editors store one, with its
    focal point on the sun, so the crops the pages show follow it."""
    seed = int.from_bytes(hashlib.sha256(headline.encode()).digest()[:4])
    picture, (focus_x, focus_y) = landscape(PICTURE_SIZE, colours, seed)
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=88)
    image = Image(
        file=ContentFile(buffer.getvalue(), name=f"{slugify(headline, max_length=40)}.jpg"),
        alt_text="Hügel und Häuser unter einer tief stehenden Sonne",
        caption="Symbolbild",
        credit="Illustration: Newsroom",
        focal_x=round(focus_x, 3),
        focal_y=round(focus_y, 3),
    )
    return save_image(image)


def landscape(size: tuple[int, int], colours: list[str], seed: int):
    """A photographic-looking picture: a sky in a gradient, a low sun, layered hills, houses,
    texture at several scales and sensor grain, so it compresses as photos do, not as flat
    colour. Returns the picture and where its sun is (fractions of width and height)."""
    width, height = size
    pick = random.Random(seed)
    dark, light = (ImageColor.getrgb(colour) for colour in colours)
    top, bottom = _mix(light, dark, 0.25), _mix(light, (250, 248, 240), 0.7)
    gradient = PILImage.linear_gradient("L").resize(size)
    picture = PILImage.composite(
        PILImage.new("RGB", size, bottom), PILImage.new("RGB", size, top), gradient
    )
    draw = ImageDraw.Draw(picture)
    sun_x, sun_y, radius = pick.uniform(0.15, 0.85), pick.uniform(0.12, 0.3), height / 12
    draw.ellipse(
        (
            sun_x * width - radius,
            sun_y * height - radius,
            sun_x * width + radius,
            sun_y * height + radius,
        ),
        fill=(255, 246, 222),
    )
    for layer in range(4):
        ridge = height * (0.42 + 0.14 * layer + pick.uniform(-0.03, 0.03))
        points = [(width * step / 40, ridge - height * 0.1 * pick.random()) for step in range(41)]
        draw.polygon(
            [(0, height), *points, (width, height)], fill=_mix(dark, light, 0.6 - 0.2 * layer)
        )
    for _ in range(140):
        left, base = pick.uniform(0, width), height * pick.uniform(0.62, 0.97)
        house = (width * pick.uniform(0.005, 0.02), height * pick.uniform(0.03, 0.14))
        shade = _mix(dark, (40, 35, 30), pick.random())
        draw.rectangle((left, base - house[1], left + house[0], base), fill=shade)
    picture = picture.filter(ImageFilter.GaussianBlur(max(1, width // 2000)))
    texture = _texture(size)
    picture = ImageChops.overlay(picture, PILImage.merge("RGB", (texture, texture, texture)))
    grain = PILImage.effect_noise(size, 10).convert("RGB")
    return ImageChops.add(picture, grain, offset=-128), (sun_x, sun_y)


def _texture(size: tuple[int, int]) -> PILImage.Image:
    """Noise at four scales, averaged: clouds, foliage and walls at once."""
    width, height = size
    total = None
    for number, scale in enumerate((256, 64, 16, 4)):
        noise = PILImage.effect_noise((max(2, width // scale), max(2, height // scale)), 40)
        layer = noise.resize(size, PILImage.Resampling.BICUBIC)
        total = layer if total is None else PILImage.blend(total, layer, 1 / (number + 1))
    return ImageOps.autocontrast(total, cutoff=1).point(lambda value: 70 + value * 116 // 255)


def _mix(colour: tuple, other: tuple, share: float) -> tuple[int, ...]:
    return tuple(round(a + (b - a) * share) for a, b in zip(colour, other, strict=True))
