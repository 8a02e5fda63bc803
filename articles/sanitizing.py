"""Story HTML cleaned to exactly what a story needs, whatever the browser or a file sent."""

import html
import re
from html.parser import HTMLParser

import nh3

from .media import embeds

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "br",
    "figure",
    "figcaption",
}
# "*": nothing, or nh3 keeps its default lang and title on every tag.
ALLOWED_ATTRIBUTES = {
    "*": set(),
    "a": {"href", "title"},
    "figure": {"data-image", "data-align", "data-alt", "data-embed", "data-id"},
}
# Where a picture from the library sits in the body (static/css/site.css, .body figure).
ALT_MAX = 300  # as Image.alt_text
IMAGE_ALIGNS = ("full", "inset-left", "inset-right")
# target only as _blank. A value set, not a filter returning None: nh3 then reorders the
# attributes, and sanitising again would change the stored HTML.
ALLOWED_VALUES = {"a": {"target": {"_blank"}}}
URL_SCHEMES = {"http", "https", "mailto"}
_SCRIPT_URL = re.compile(r"(?:javascript|vbscript|data):")
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def _filter_value(element: str, attribute: str, value: str) -> str:
    """Blank any value that reads as a script URL, even a title (emptied: see ALLOWED_VALUES).

    nh3 matches target values case-insensitively, like browsers: store them as _blank.
    """
    if attribute == "target":
        return value.lower()
    return "" if _SCRIPT_URL.match(_IGNORED_BY_BROWSERS.sub("", value).casefold()) else value


def sanitize_body(html: str) -> str:
    """Keep paragraphs, h2/h3, bold, italic, links, lists, quotes, and the figures of
    pictures and embeds (_FigureFilter); drop everything else.

    Scripts, styles, event handlers, iframes and SVG disappear with their content;
    javascript: and data: URLs are removed; every link gets rel="noopener noreferrer".
    """
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_VALUES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_filter_value,
        strip_comments=True,
    ).strip()
    return _placed_figures(html) if "<fig" in html else html


def _placed_figures(html: str) -> str:
    copy = _FigureFilter()
    copy.feed(html)
    copy.close()
    return "".join(copy.out)


class _FigureFilter(HTMLParser):
    """Copies nh3's (well-formed) output, keeping only the figures the editor makes.

    A figure stands between paragraphs and is a picture (`data-image`, an id, and
    `data-align`) or an embed (`data-embed` and a `data-id` its provider accepts,
    media/embeds.py); it holds at most a figcaption of plain text. Any other figure goes
    with what it holds; a figcaption outside one leaves its words. What stays is written
    in one spelling, so sanitising again changes nothing.
    """

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.depth = 0  # open elements outside figures
        self.figure: list[str] | None = None  # a kept figure's markup while it is read
        self.inner: list[str] = []  # open elements inside it
        self.caption: list[str] | None = None  # its caption's text while it is read
        self.dropping = 0  # open elements of a figure that goes, itself included

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_starttag(self, tag, attrs):
        if tag == "br" and (self.dropping or self.figure is not None):
            return
        if self.dropping:
            self.dropping += 1
        elif self.figure is not None:
            if tag == "figcaption" and not self.inner and len(self.figure) == 1:
                self.caption = []
            self.inner.append(tag)
        elif tag == "figure":
            start = _figure_start(dict(attrs)) if self.depth == 0 else None
            if start is None:
                self.dropping = 1
            else:
                self.figure = [start]
        elif tag != "figcaption":
            self.out.append(self.get_starttag_text())
            self.depth += tag != "br"

    def handle_endtag(self, tag):
        if self.dropping:
            self.dropping -= 1
        elif self.figure is not None:
            if not self.inner:  # the figure's own end
                self.out.extend([*self.figure, "</figure>"])
                self.figure = None
            elif self.inner.pop() == "figcaption" and not self.inner and self.caption is not None:
                text = "".join(self.caption).strip()
                self.figure.append(f"<figcaption>{text}</figcaption>" if text else "")
                self.caption = None
        elif tag != "figcaption":
            self.out.append(f"</{tag}>")
            self.depth -= 1

    def handle_data(self, data):
        self._text(data)

    def handle_entityref(self, name):
        self._text(f"&{name};")

    def handle_charref(self, name):
        self._text(f"&#{name};")

    def _text(self, text: str) -> None:
        if self.dropping:
            return
        if self.figure is None:
            self.out.append(text)
        elif self.caption is not None:
            self.caption.append(text)


def _figure_start(attrs: dict) -> str | None:
    """A figure's start tag in its one spelling, or None if it is neither picture nor embed."""
    image, align = attrs.get("data-image") or "", attrs.get("data-align") or "full"
    if image:
        if image.isascii() and image.isdigit() and len(image) < 10 and align in IMAGE_ALIGNS:
            alt = " ".join((attrs.get("data-alt") or "").split())[:ALT_MAX]
            alt = f' data-alt="{html.escape(alt)}"' if alt else ""  # the story's own words
            return f'<figure data-image="{int(image)}" data-align="{align}"{alt}>'
        return None
    provider, embed_id = attrs.get("data-embed") or "", attrs.get("data-id") or ""
    if embeds.is_valid(provider, embed_id):
        return f'<figure data-embed="{provider}" data-id="{embed_id}">'
    return None
