"""Wire stories from plain text: parse_story() reads (pure), import_story() writes.

Nothing is made up: a file without a headline (wire copy often has none) becomes a draft
that waits for one, listed on the editors' dashboard, and cannot be published until an
editor writes it. A file imported before is recognised by its fingerprint (the SHA-256 of
its text, whitespace normalised) and named ("already imported as #14"), or, when asked,
updates that story.

The format, as in the sample story: the first paragraph is the lead; short lines without
closing punctuation between paragraphs are subheadings; every other line is a paragraph; a
closing credit line ("CNNs Gawon Bae hat ebenfalls zu diesem Bericht beigetragen.") names
contributors; page boilerplate such as "Details zur Meldung" may trail the text.
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape

from .credits import Person, parse_contribution_line
from .models import Article, Contributor, Credit, Section
from .publishing import publish, save_as_newsroom, unique_slug
from .text import slugify

BOILERPLATE = {
    "details zur meldung",
    "mehr zum thema",
    "weitere meldungen",
    "zur startseite",
    "more on this story",
    "read more",
    "related",
}
CLOSING_PUNCTUATION = tuple(".!?:;,…\"“”»«'’)")
SUBHEADING_MAX_CHARS = 80
SUBHEADING_MAX_WORDS = 10
MAX_FILE_BYTES = 2 * 1024 * 1024


class StoryImportError(Exception):
    """A story file that cannot be imported; the message names the file and the reason."""


@dataclass
class ParsedStory:
    lead: str
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "h2", text)
    contributors: list[Person] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return [text for kind, text in self.blocks if kind == "p"]

    @property
    def subheadings(self) -> list[str]:
        return [text for kind, text in self.blocks if kind == "h2"]

    def body_html(self) -> str:
        return "\n".join(f"<{kind}>{escape(text)}</{kind}>" for kind, text in self.blocks)


def decode_story(data: bytes) -> str:
    """Text from a file's bytes, or a StoryImportError saying why it is not a story."""
    if not data.strip():
        raise StoryImportError("the file is empty")
    if len(data) > MAX_FILE_BYTES:
        raise StoryImportError("the file is larger than 2 MB; is it really a story?")
    if b"\x00" in data:
        raise StoryImportError("the file holds binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StoryImportError(
            f"the text is not valid UTF-8 (byte {error.start}); save it as UTF-8 and retry"
        ) from None
    control = sum(1 for char in text if ord(char) < 32 and char not in "\n\r\t")
    if control > len(text) / 100:
        raise StoryImportError("the file holds control characters, not plain text")
    return text


def is_subheading(line: str) -> bool:
    return (
        len(line) <= SUBHEADING_MAX_CHARS
        and len(line.split()) <= SUBHEADING_MAX_WORDS
        and not line.endswith(CLOSING_PUNCTUATION)
    )


def parse_story(text: str) -> ParsedStory:
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    while lines and lines[-1].rstrip(".:").lower() in BOILERPLATE:
        lines.pop()
    contributors = []
    if lines and (found := parse_contribution_line(lines[-1])):
        contributors = found
        lines.pop()
    if not lines:
        raise StoryImportError("there is no story text in the file")
    story = ParsedStory(lead=lines[0], contributors=contributors)
    story.blocks.append(("p", lines[0]))
    for index, line in enumerate(lines[1:], start=1):
        between_paragraphs = index < len(lines) - 1 and not is_subheading(lines[index + 1])
        kind = "h2" if between_paragraphs and is_subheading(line) else "p"
        story.blocks.append((kind, line))
    return story


def fingerprint(text: str) -> str:
    """What recognises a file imported before: its words, however its lines are broken."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


@dataclass
class ImportResult:
    article: Article
    outcome: str  # "imported", "updated" or "already imported"

    @property
    def needs_headline(self) -> bool:
        return not self.article.headline


def contributor_for(person: Person) -> Contributor:
    """The existing contributor of that name and affiliation, or a new one."""
    existing = Contributor.objects.filter(
        name__iexact=person.name, affiliation__iexact=person.affiliation
    ).first()
    if existing:
        return existing
    contributor = Contributor(
        name=person.name,
        affiliation=person.affiliation,
        slug=unique_slug(Contributor, person.name),
    )
    contributor.full_clean()
    contributor.save()
    return contributor


def import_story(
    path: Path,
    *,
    section: str | None = None,
    language: str | None = None,
    headline: str | None = None,
    publish_now: bool = False,
    update: bool = False,
) -> ImportResult:
    """Import one file as a draft (or published) story; on any error nothing is written.

    A file imported before is not imported again: the result names the story, which
    `update` brings up to date with the file (and the headline, if given) instead."""
    path = Path(path)
    try:
        return _import(path, section, language, (headline or "").strip(), publish_now, update)
    except StoryImportError as error:
        raise StoryImportError(f"{path}: {error}") from None
    except ValidationError as error:
        raise StoryImportError(f"{path}: {'; '.join(error.messages)}") from None
    except OSError as error:
        raise StoryImportError(f"{path}: cannot read the file ({error.strerror})") from None


@transaction.atomic
def _import(path, section_slug, language, headline, publish_now, update) -> ImportResult:
    language = language or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        codes = ", ".join(dict(settings.LANGUAGES))
        raise StoryImportError(f"unknown language {language!r}; choose one of: {codes}")
    section = _section(section_slug)
    text = decode_story(path.read_bytes())
    story = parse_story(text)
    if publish_now and not headline:
        raise StoryImportError(
            "the story has no headline, and none is made up: pass --headline to publish it, "
            "or import it without --publish as a draft that waits for one"
        )
    text_fingerprint = fingerprint(text)
    found = Article.objects.filter(import_fingerprint=text_fingerprint).first()
    if found is not None:
        if not update:
            return ImportResult(article=found, outcome="already imported")
        found = Article.objects.select_for_update().get(pk=found.pk)
        found.body = story.body_html()
        found.headline = headline or found.headline
        article = save_as_newsroom(found, message="Updated from the wire file")
        return ImportResult(article=article, outcome="updated")
    article = Article(
        headline=headline,
        slug=slugify(headline),
        body=story.body_html(),
        language=language,
        section=section,
        import_fingerprint=text_fingerprint,
    )
    article.full_clean()
    with reversion.create_revision():
        article.save()
        reversion.set_comment(f"Imported from {path.name}")
    for order, person in enumerate(story.contributors):
        Credit.objects.create(
            article=article,
            contributor=contributor_for(person),
            role=Credit.Role.CONTRIBUTOR,
            order=order,
        )
    if publish_now:
        article = publish(article)
    return ImportResult(article=article, outcome="imported")


def _section(slug: str | None) -> Section:
    if slug:
        section = Section.objects.filter(slug=slug).first()
        if section is None:
            known = ", ".join(Section.objects.values_list("slug", flat=True)) or "none yet"
            raise StoryImportError(f"unknown section {slug!r}; known sections: {known}")
        return section
    section = Section.objects.first()
    if section is None:
        raise StoryImportError("there are no sections yet; create one or pass --section")
    return section
