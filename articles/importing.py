"""Wire stories from plain text: parse_story() reads (pure), import_story() writes.

The format, as in the sample story: the first paragraph is the lead; short lines without
closing punctuation between paragraphs are subheadings; every other line is a paragraph; a
closing credit line ("CNNs Gawon Bae hat ebenfalls zu diesem Bericht beigetragen.") names
contributors; page boilerplate such as "Details zur Meldung" may trail the text.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape

from .credits import Person, parse_contribution_line
from .models import Article, Contributor, Credit, Section
from .publishing import publish, unique_slug
from .text import headline_from_lead, slugify

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


@dataclass
class ImportResult:
    article: Article
    headline_derived: bool


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
) -> ImportResult:
    """Import one file as a draft (or published) story; on any error nothing is written."""
    path = Path(path)
    try:
        return _import(path, section, language, headline, publish_now)
    except StoryImportError as error:
        raise StoryImportError(f"{path}: {error}") from None
    except ValidationError as error:
        raise StoryImportError(f"{path}: {'; '.join(error.messages)}") from None
    except OSError as error:
        raise StoryImportError(f"{path}: cannot read the file ({error.strerror})") from None


@transaction.atomic
def _import(path, section_slug, language, headline, publish_now) -> ImportResult:
    language = language or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        codes = ", ".join(dict(settings.LANGUAGES))
        raise StoryImportError(f"unknown language {language!r}; choose one of: {codes}")
    section = _section(section_slug)
    story = parse_story(decode_story(path.read_bytes()))
    derived = not (headline and headline.strip())
    headline = headline_from_lead(story.lead) if derived else headline.strip()
    article = Article(
        headline=headline,
        slug=slugify(headline) or "story",
        body=story.body_html(),
        language=language,
        section=section,
    )
    article.full_clean()
    article.save()
    for order, person in enumerate(story.contributors):
        Credit.objects.create(
            article=article,
            contributor=contributor_for(person),
            role=Credit.Role.CONTRIBUTOR,
            order=order,
        )
    if publish_now:
        article = publish(article)
    return ImportResult(article=article, headline_derived=derived)


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
