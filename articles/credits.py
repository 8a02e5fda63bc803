"""Credit lines rendered grammatically in German ("de") or English ("en").

Pure functions so templates, feeds and the story importer share one set of grammar rules;
:func:`parse_contribution_line` turns agency boilerplate back into structured credits.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Person:
    """A credited person; ``affiliation`` names the outlet they work for, if any."""

    name: str
    affiliation: str = ""


CreditName = Person

_CONJUNCTIONS = {"de": "und", "en": "and"}
_ROLES = {
    "photographer": {"de": ("Foto: ", "Fotos: "), "en": ("Photo: ", "Photos: ")},
    "translator": {"de": ("Übersetzung: ",) * 2, "en": ("Translated by ",) * 2},
    "editor": {"de": ("Redaktion: ",) * 2, "en": ("Edited by ",) * 2},
}
_CONTRIBUTION = {
    "de": re.compile(
        r"(?P<people>.+?)\s+(?:hat|haben)(?:\s+(?:ebenfalls|auch))?\s+zu\s+"
        r"(?:diesem\s+(?:Bericht|Artikel)|dieser\s+Meldung)\s+beigetragen\.?",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"(?P<people>.+?)\s+(?:also\s+)?contributed\s+"
        r"(?:to\s+this\s+(?:report|article|story)|reporting(?:\s+to\s+this\s+(?:report|story))?)\.?",
        re.IGNORECASE,
    ),
}
_SEPARATORS = {
    "de": re.compile(r"\s*,\s*|\s+und\s+"),
    "en": re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+"),
}
_GERMAN_ACRONYM_GENITIVE = re.compile(r"[A-ZÄÖÜ]{2,}s")
_APOSTROPHES = ("'", "’")
_NAME_PARTICLE = re.compile(
    r"al|bin|da|das|de|del|della|der|di|dos|du|ibn|la|le|ten|ter|van|von|y|zu"
)


def join_names(names: list[str], language: str) -> str:
    """Join names as running text: "A", "A und B", "A, B und C" (no Oxford comma in English)."""
    conjunction = _CONJUNCTIONS[_language(language)]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def genitive(name: str, language: str) -> str:
    """Return the possessive form of ``name``.

    German appends "s" ("CNNs") but only an apostrophe after a sibilant (s, ß, x, z, tz:
    "Reuters'", "Max'", "Lutz'"). English appends "'s" ("CNN's") except after a final "s",
    where only the apostrophe is added ("Reuters'"), following AP style for proper names so
    that agency names like Reuters read naturally.
    """
    lang = _language(language)
    last = name[-1:].lower()
    if lang == "de":
        return f"{name}'" if last in ("s", "ß", "x", "z") else f"{name}s"
    return f"{name}'" if last == "s" else f"{name}'s"


def byline(authors: list[Person], language: str) -> str:
    """Render "Von A und B" / "By A and B"; affiliations belong in the contribution line."""
    lang = _language(language)
    if not authors:
        return ""
    prefix = "Von" if lang == "de" else "By"
    return f"{prefix} {join_names([author.name for author in authors], lang)}"


def contribution_line(contributors: list[Person], language: str) -> str:
    """Render the closing "… hat ebenfalls zu diesem Bericht beigetragen." sentence.

    Consecutive contributors sharing an affiliation are grouped under one genitive
    ("CNNs A und B"), which is also how :func:`parse_contribution_line` reads such lines.
    """
    lang = _language(language)
    if not contributors:
        return ""
    names = []
    previous = ""
    for person in contributors:
        if person.affiliation and person.affiliation != previous:
            names.append(f"{genitive(person.affiliation, lang)} {person.name}")
        else:
            names.append(person.name)
        previous = person.affiliation
    joined = join_names(names, lang)
    if lang == "en":
        return f"{joined} contributed to this report."
    verb = "hat" if len(contributors) == 1 else "haben"
    return f"{joined} {verb} ebenfalls zu diesem Bericht beigetragen."


def role_line(role: str, people: list[Person], language: str) -> str:
    """Render a credit for photographers, translators or editors, e.g. "Fotos: A und B"."""
    if role not in _ROLES:
        raise ValueError(f"Unknown credit role: {role!r}")
    lang = _language(language)
    if not people:
        return ""
    singular, plural = _ROLES[role][lang]
    prefix = singular if len(people) == 1 else plural
    return prefix + join_names([person.name for person in people], lang)


def parse_contribution_line(line: str) -> list[Person] | None:
    """Parse a German or English contribution line back into people, or return None.

    The whole line must be a contribution sentence. An affiliation genitive applies to the
    names that follow it until the next genitive. Genitives are recognised conservatively so
    first names ending in "s" ("Klaus Meier") stay names: in German a token is a genitive
    only if it ends in an apostrophe ("Reuters'"), ends in "'s" ("CNN's"), or is an acronym
    of two or more capitals plus "s" ("CNNs", "ZDFs"); in English if it ends in "'s" or "'".
    Hence affiliations like "Spiegels" are not recognised in German, and a person without
    affiliation listed after an affiliated one is read as sharing that affiliation.
    Every name word must be capitalised or a name particle ("von"), so ordinary sentences
    that merely end like a contribution line are rejected.
    """
    text = " ".join(line.split())
    for language, pattern in _CONTRIBUTION.items():
        if match := pattern.fullmatch(text):
            return _parse_people(match.group("people"), language)
    return None


def _parse_people(text: str, language: str) -> list[Person] | None:
    """Split the subject of a contribution line into people, carrying genitives forward."""
    people = []
    affiliation = ""
    for item in _SEPARATORS[language].split(text):
        words = item.split()
        for index, word in enumerate(words):
            stem = _genitive_stem(word, language)
            if stem is not None:
                affiliation = " ".join([*words[:index], stem])
                words = words[index + 1 :]
                break
        if not words or not all(_is_name_word(word) for word in words):
            return None
        people.append(Person(" ".join(words), affiliation))
    return people


def _genitive_stem(word: str, language: str) -> str | None:
    """Return the owner in a genitive token ("CNNs" → "CNN"), or None for a plain word."""
    if word.endswith(("'s", "’s")) and len(word) > 2:
        return word[:-2]
    if word.endswith(_APOSTROPHES) and len(word) > 1:
        return word[:-1]
    if language == "de" and _GERMAN_ACRONYM_GENITIVE.fullmatch(word):
        return word[:-1]
    return None


def _is_name_word(word: str) -> bool:
    """Names are capitalised words or particles; a lowercase word means ordinary prose."""
    return any(char.isupper() for char in word) or bool(_NAME_PARTICLE.fullmatch(word))


def supports(language: str) -> bool:
    """Whether credit lines have grammar rules here for `language` (German and English)."""
    return _base(language) in _CONJUNCTIONS


def _base(language: str) -> str:
    return language.lower().replace("_", "-").split("-")[0]


def _language(language: str) -> str:
    """Reduce a language code such as "de-at" to "de" or "en"; reject anything else."""
    code = _base(language)
    if code not in _CONJUNCTIONS:
        raise ValueError(f"Unsupported credit language: {language!r}")
    return code
