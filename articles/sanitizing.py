"""Story HTML cleaned to exactly what a story needs, whatever the browser or a file sent."""

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
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "target"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _link_attributes(element: str, attribute: str, value: str) -> str | None:
    if element == "a" and attribute == "target" and value != "_blank":
        return None
    return value


def sanitize_body(html: str) -> str:
    """Keep paragraphs, h2/h3, bold, italic, links, lists and quotes; drop everything else.

    Scripts, styles, event handlers, iframes and SVG disappear with their content;
    javascript: and data: URLs are removed; every link gets rel="noopener noreferrer".
    """
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_link_attributes,
        strip_comments=True,
    ).strip()
