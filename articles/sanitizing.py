"""Story HTML cleaned to exactly what a story needs, whatever the browser or a file sent."""

import re

import nh3

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
}
# "*": nothing, or nh3 keeps its default lang and title on every tag.
ALLOWED_ATTRIBUTES = {"*": set(), "a": {"href", "title"}}
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
    """Keep paragraphs, h2/h3, bold, italic, links, lists and quotes; drop everything else.

    Scripts, styles, event handlers, iframes and SVG disappear with their content;
    javascript: and data: URLs are removed; every link gets rel="noopener noreferrer".
    """
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_VALUES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_filter_value,
        strip_comments=True,
    ).strip()
