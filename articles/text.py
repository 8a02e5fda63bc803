"""Pure text helpers for deriving URL slugs and headlines from editorial copy.

Kept free of Django so the story importer and tests can use them without settings.
"""

import html
import re
import unicodedata

# Letters NFKD cannot decompose into ASCII, plus the German umlauts, which must become
# "ae"/"oe"/"ue" rather than lose their diaeresis. Applied after lowercasing.
_TRANSLITERATION = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ħ": "h",
        "ı": "i",
        "ŧ": "t",
        "ŋ": "ng",
    }
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# A run of sentence punctuation, optionally closed by quotes/brackets, followed by whitespace.
_SENTENCE_END = re.compile(r"(?P<punct>[.!?…]+)(?P<close>[\"'“”»«’)\]]*)(?=\s|$)")
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_ABBREVIATION = re.compile(
    r"bspw|bzw|ca|co|corp|dr|etc|evtl|ggf|gen|inc|inkl|jh|jr|lt|ltd|mio|mr|mrd|mrs|ms|nr|prof|"
    r"sen|sog|sr|st|str|usw|vgl|vs",
    re.IGNORECASE,
)
_MONTH = re.compile(
    r"Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
)
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL | re.IGNORECASE)
_BREAK = re.compile(r"<br\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_OPENING_QUOTES = "\"'„“‚‘»«(["


def slugify(text: str, *, max_length: int = 80) -> str:
    """Return an ASCII URL slug for ``text``, at most ``max_length`` characters long.

    German umlauts are transliterated ("Größe" → "groesse") because readers expect that
    spelling in URLs; other accented letters lose their marks. Over-long slugs are cut at a
    hyphen so URLs never end in a word fragment, unless a single word exceeds the limit.
    An empty string is returned when nothing usable remains; callers choose the fallback.
    """
    if max_length < 1:
        raise ValueError("max_length must be positive")
    text = unicodedata.normalize("NFC", text).lower().translate(_TRANSLITERATION)
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char))
    slug = _NON_ALNUM.sub("-", ascii_text).strip("-")
    if len(slug) <= max_length:
        return slug
    head = slug[:max_length]
    if slug[max_length] != "-" and "-" in head:
        head = head[: head.rindex("-")]
    return head.rstrip("-")


def headline_from_lead(lead: str, *, max_length: int = 90) -> str:
    """Derive a headline from the first sentence of a story's lead paragraph.

    Periods in thousands separators ("3.000"), ordinal dates ("26. Februar"), initialisms
    ("U.S.") and common abbreviations ("z. B.", "Dr.") do not end the sentence. A final
    period is dropped as headlines carry none, while "?" and "!" are kept because they
    change the meaning. Long sentences are cut at a word boundary and end in "…".
    """
    if max_length < 2:
        raise ValueError("max_length must be at least 2")
    text = " ".join(lead.split())
    sentence = text
    for match in _SENTENCE_END.finditer(text):
        if _ends_sentence(text, match):
            punct = match.group("punct")
            kept = "" if set(punct) == {"."} else punct
            sentence = text[: match.start()] + kept + match.group("close")
            break
    return _truncate(sentence, max_length)


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Decide whether a matched period is a real sentence boundary."""
    if match.group("punct") != ".":
        return True
    following = text[match.end() :].lstrip()
    if not following:
        return True
    if following[0].islower():
        return False
    before = text[: match.start()]
    word = before.split()[-1].lstrip(_OPENING_QUOTES) if before[-1:].strip() else ""
    if len(word) == 1 and word.isalpha():
        return False
    if _ABBREVIATION.fullmatch(word) or _INITIALISM.fullmatch(word):
        return False
    return not (word.isdigit() and _MONTH.fullmatch(following.split()[0].rstrip(".,;:")))


def _truncate(text: str, max_length: int) -> str:
    """Shorten ``text`` to ``max_length`` characters at a word boundary, ending in "…"."""
    if len(text) <= max_length:
        return text
    cut = text[: max_length - 1]
    if not text[max_length - 1].isspace() and " " in cut:
        cut = cut[: cut.rindex(" ")]
    cut = cut.rstrip(" .,;:-–—" + _OPENING_QUOTES)
    return (cut or text[: max_length - 1]) + "…"


def description(standfirst: str, body: str, *, max_length: int = 160) -> str:
    """What a story says of itself to search engines and social cards: the standfirst, else
    the body's first paragraph with text, as plain text cut at a word near `max_length`."""
    text = " ".join(standfirst.split())
    paragraphs = _PARAGRAPH.findall(body or "")
    while not text and paragraphs:
        paragraph = _TAG.sub("", _BREAK.sub(" ", paragraphs.pop(0)))
        text = " ".join(html.unescape(paragraph).split())
    return _truncate(text, max_length)


def highlight(
    snippet: str, *, start: str = "\x02", stop: str = "\x03", from_html: bool = True
) -> str:
    """HTML for a search snippet: all text escaped, only the matches wrapped in <mark>.

    The database marks matches with control characters rather than tags, so nothing in
    the story's text can ever pass through unescaped. A snippet of the body is made from
    its HTML (its entities are read first); one of a plain-text field, such as the
    headline, is escaped as it is (`from_html=False`).
    """
    text = html.escape(html.unescape(snippet) if from_html else snippet, quote=False)
    return text.replace(start, "<mark>").replace(stop, "</mark>")


_SENTENCE_CLOSE = ".!?…\"“”»«'’) "


def snippet_html(snippet: str, body: str, *, start: str = "\x02", stop: str = "\x03") -> str:
    """highlight() for a search snippet, with "…" before and after where it begins or ends
    inside the story's text, so that a fragment never reads as the story's first words.
    `body` is the story's HTML, of which the database made the snippet."""
    fragments = snippet.replace(start, "").replace(stop, "").split(" … ")
    text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", body)).split())
    first, last = " ".join(fragments[0].split()), " ".join(fragments[-1].split())
    marked = highlight(snippet, start=start, stop=stop)
    if first and not text.startswith(first):
        marked = "… " + marked
    if last and not text.rstrip(_SENTENCE_CLOSE).endswith(last.rstrip(_SENTENCE_CLOSE)):
        marked += " …"
    return marked


# C0 and C1 control characters and DEL: badly decoded copy carries them (U+009C where a
# Windows-1252 "œ" was read as Latin-1), and they make a page invalid HTML.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"[\t\n\r]+")


def clean_text(value: str, *, multiline: bool = True) -> str:
    """`value` in Unicode NFC without control characters; a one-line field's tabs and line
    breaks become spaces."""
    value = _CONTROL.sub("", unicodedata.normalize("NFC", value))
    return value if multiline else _LINE_BREAKS.sub(" ", value)
