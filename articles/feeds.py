"""RSS 2.0 and Atom 1.0 feeds of the newest stories: the whole site, a section (with its
sub-sections), a tag, a contributor, for each edition. `newsroom/urls.py` mounts
`urlpatterns` at /feeds/ in each edition's prefix (German at /feeds/, English at /en/feeds/):

    /feeds/rss/                      /feeds/atom/
    /feeds/section/<slug>/rss/       /feeds/section/<slug>/atom/
    /feeds/tag/<slug>/rss/           /feeds/tag/<slug>/atom/
    /feeds/author/<slug>/rss/        /feeds/author/<slug>/atom/

The page listing them for people is `articles:feeds` (/feeds/ and /en/feeds/).

Decisions:

- **One edition per feed.** A feed lists the stories of its address's language, and its
  channel speaks that language (title, description, `language`); each item also says its
  own (Atom `xml:lang`, RSS `dc:language`). The visitor's Accept-Language never changes a
  feed.
- **guid** is `tag:<host>,<created date>:article-<id>` (RFC 4151): the id and the creation
  date never change, so editing the headline, slug or section, or rescheduling a story, never
  makes readers see it twice. RSS marks it isPermaLink="false"; Atom uses it as the entry id.
- **Validators** come from what the feed would contain *now*: one query reads the feed's
  stories (published() decides, on the database's clock) and returns their ids plus the newest
  of published_at, modified_at and correction times. The ETag hashes the ids, that time and the
  channel's own words; Last-Modified is that time. A scheduled story that comes due changes
  both with nobody saving anything; a story leaving the feed changes the ids.
- **Cost.** A feed is at most five queries however many stories, credits and tags: the
  subject (section, tag or contributor), the validators, the stories (section and lead image
  joined, corrections as an array column), credits with contributors, tags.
- **Credits.** The authors are the byline's, in its order: Atom has an <author> each, RSS one
  <dc:creator> with the byline's names, as feed readers show one. Other credits (contributors,
  photographers, translators) are Atom <contributor>s and, worded as on the story's page, end
  the content, followed by the corrections.
- **Text.** Titles are plain text; the standfirst is escaped into HTML for description/summary;
  the sanitised body is the full content (content:encoded, Atom content type="html"). Every
  string loses the characters XML 1.0 cannot carry (control characters editors paste in).
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.syndication.views import Feed, add_domain
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.core.files.storage import default_storage
from django.db.models import F, Max, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.aggregates import StringAgg
from django.db.models.functions import Cast, Greatest, JSONObject
from django.http import Http404, HttpResponsePermanentRedirect
from django.http.request import split_domain_port
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import feedgenerator
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from . import credits
from .caching.pages import note, note_stories
from .caching.sections import family, section_by_slug, sub_sections, top_sections
from .media import body, renditions
from .models import (
    Article,
    Contributor,
    Correction,
    Credit,
    Image,
    Section,
    TagRedirect,
    tag_label,
)
from .querysets import tags_named_in

FEED_SIZE = 50
MAX_AGE = 300  # seconds a proxy or reader may reuse a feed without asking again
IMAGE_SIZE_KEY = "articles:image-size:v1:"
VERSION = "3"  # bump when the feeds' markup changes, so every ETag changes with it

DC = "http://purl.org/dc/elements/1.1/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
MEDIA = "http://search.yahoo.com/mrss/"

# What XML 1.0 cannot carry (C0 controls but tab, newline, return; lone surrogates;
# U+FFFE/U+FFFF), plus DEL and the C1 controls, which it can but which mean nothing in text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str) -> str:
    """`value` without the characters an XML document cannot (or should not) contain."""
    return _NOT_XML.sub("", value)


def _clean(value):
    if isinstance(value, str | Promise):
        return xml_text(str(value))
    if isinstance(value, list | tuple):
        return [_clean(element) for element in value]
    return value


class _XmlSafe:
    """Strip unserialisable characters from everything a feed or item is given."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(_clean, args), **{k: _clean(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(_clean, args), **{k: _clean(v) for k, v in kwargs.items()})


def _media_content(handler, image: dict) -> None:
    """<media:content> with the lead image's type, size in bytes, dimensions and alt text."""
    attributes = {"url": image["url"], "medium": "image", "type": image["type"]}
    attributes |= {"fileSize": str(image["size"])} if image["size"] else {}
    attributes |= {"width": str(image["width"]), "height": str(image["height"])}
    handler.startElement("media:content", attributes)
    if image["alt"]:
        handler.addQuickElement("media:description", image["alt"], {"type": "plain"})
    handler.endElement("media:content")


class NewsRssFeed(_XmlSafe, feedgenerator.Rss201rev2Feed):
    def rss_attributes(self):
        namespaces = {"xmlns:dc": DC, "xmlns:content": CONTENT, "xmlns:media": MEDIA}
        return super().rss_attributes() | namespaces

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item["byline"]:  # one creator, as readers show one: the byline's names
            handler.addQuickElement("dc:creator", item["byline"])
        handler.addQuickElement("dc:language", item["language"])
        handler.addQuickElement("content:encoded", item["content"])
        if item["image"]:
            _media_content(handler, item["image"])


class NewsAtomFeed(_XmlSafe, feedgenerator.Atom1Feed):
    def root_attributes(self):
        return super().root_attributes() | {"xmlns:media": MEDIA}

    def item_attributes(self, item):
        return {"xml:lang": item["language"]}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for kind, names in (("author", item["authors"]), ("contributor", item["contributors"])):
            for name in names:
                handler.startElement(kind, {})
                handler.addQuickElement("name", name)
                handler.endElement(kind)
        handler.addQuickElement("content", item["content"], {"type": "html"})
        if item["image"]:
            _media_content(handler, item["image"])


FORMATS = {"rss": NewsRssFeed, "atom": NewsAtomFeed}


@dataclass(frozen=True)
class Subject:
    """What one feed is about, found once per request."""

    title: str
    link: str
    description: str
    stories: QuerySet  # published(), narrowed to the subject
    origin: str  # "https://news.example.org", for absolute image addresses
    host: str  # "news.example.org", for guids


def _corrections():
    """A story's corrections, oldest first, as a column of its row: no query of their own."""
    corrections = Correction.objects.filter(article=OuterRef("pk")).order_by("published_at", "id")
    return ArraySubquery(
        corrections.values(json=JSONObject(kind="kind", text="text", at="published_at"))
    )


def _item_end(story) -> str:
    """What a story's page shows after its text and a feed's content must too: the credits
    besides the byline, and the corrections, in the story's language (rendered only for a
    story that has any)."""
    others = [c for c in story.credits.all() if c.role != Credit.Role.AUTHOR]
    if not others and not story.correction_list:
        return ""
    corrections = [
        {
            "label": Correction.Kind(c["kind"]).label,
            "published_at": parse_datetime(c["at"]),
            "text": c["text"],
        }
        for c in story.correction_list
    ]
    context = {"article": story, "corrections": corrections}
    return render_to_string("articles/includes/feed_item_end.html", context)


def _last_correction():
    return Subquery(
        Correction.objects.filter(article=OuterRef("pk"))
        .order_by("-published_at")
        .values("published_at")[:1]
    )


class StoryFeed(Feed):
    """The newest stories about a subject; subclasses say which subject and which stories.

    One instance serves many requests (and threads): per-request state lives on the request.
    """

    def __init__(self, feed_type=NewsRssFeed):
        self.feed_type = feed_type

    def __call__(self, request, *args, **kwargs):
        view = condition(etag_func=self._etag, last_modified_func=self._last_modified)(
            super().__call__
        )
        response = view(request, *args, **kwargs)
        # The feed writer leaves thousands of small pieces, each of which the WSGI server
        # would send with its own system call (a 200 kB feed: 30 ms instead of 0.2 ms).
        response.content = response.content
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    # What subclasses provide -------------------------------------------------------------------

    def describe(self, request, slug=None) -> tuple[str, str, str, QuerySet]:
        """(title, page address, description, stories); raise ObjectDoesNotExist for a 404."""
        raise NotImplementedError

    # The subject and the validators, once per request -----------------------------------------

    def get_object(self, request, *args, **kwargs) -> Subject:
        if not hasattr(request, "_feed_subject"):
            try:
                title, link, description, stories = self.describe(request, *args, **kwargs)
            except ObjectDoesNotExist:
                raise Http404("No such feed") from None
            host, _port = split_domain_port(request.get_host())
            request._feed_subject = Subject(
                title=title,
                link=link,
                description=description,
                stories=stories,
                origin=f"{request.scheme}://{request.get_host()}",
                host=host,
            )
        return request._feed_subject

    def _validators(self, request, *args, **kwargs) -> tuple:
        """(ETag, Last-Modified) of what the feed holds now, in one query."""
        if not hasattr(request, "_feed_validators"):
            subject = self.get_object(request, *args, **kwargs)
            newest = (
                subject.stories.latest_first()
                .annotate(stamp=Greatest("published_at", "modified_at", _last_correction()))
                .values("pk", "stamp")[:FEED_SIZE]
                .aggregate(
                    last=Max("stamp"),
                    ids=StringAgg(Cast(F("pk"), TextField()), Value(","), order_by="pk"),
                )
            )
            words = [VERSION, settings.SITE_NAME, subject.title, subject.description]
            words += [newest["ids"] or "", newest["last"].isoformat() if newest["last"] else ""]
            etag = hashlib.sha256("\x1f".join(words).encode()).hexdigest()[:32]
            request._feed_validators = (etag, newest["last"])
        return request._feed_validators

    def _etag(self, request, *args, **kwargs):
        return self._validators(request, *args, **kwargs)[0]

    def _last_modified(self, request, *args, **kwargs):
        return self._validators(request, *args, **kwargs)[1]

    # The channel ------------------------------------------------------------------------------

    def title(self, subject):
        return subject.title

    def link(self, subject):
        return subject.link

    def description(self, subject):  # RSS: HTML, by custom
        return escape(subject.description)

    def subtitle(self, subject):  # Atom: plain text
        return subject.description

    def author_name(self):
        """Atom needs an author for entries without a credit: the publication."""
        return settings.SITE_NAME

    def items(self, subject):
        stories = list(
            subject.stories.latest_first()
            .for_listing()
            .annotate(last_correction=_last_correction(), correction_list=_corrections())[
                :FEED_SIZE
            ]
        )
        for story in stories:  # a 1200 px JPEG, never the camera's 10 MB original
            lead = story.lead_image
            story.feed_jpeg = lead and lead.file and renditions.for_machines(lead, "wide")
        sizes = _image_sizes([s.feed_jpeg.name for s in stories if s.feed_jpeg])
        pictures = Image.objects.in_bulk([pk for s in stories for pk in body.image_ids(s.body)])
        for story in stories:
            created = story.created_at.astimezone(UTC).date()
            story.feed_guid = f"tag:{subject.host},{created:%Y-%m-%d}:article-{story.pk}"
            story.feed_image = _image(story, subject.origin, sizes)
            story.feed_body = body.for_feed(story.body, pictures, subject.origin)
        note_stories(stories)
        return stories

    # Each item --------------------------------------------------------------------------------

    def item_title(self, story):
        return story.headline

    def item_description(self, story):
        return escape(story.standfirst)

    def item_link(self, story):
        return story.get_absolute_url()

    def item_guid(self, story):
        return story.feed_guid

    def item_guid_is_permalink(self, story):
        return False

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        times = [story.published_at, story.updated_at, story.last_correction]
        return max(time for time in times if time is not None)

    def item_categories(self, story):
        return [story.section.label, *(tag_label(tag) for tag in story.topics)]

    def item_enclosures(self, story):
        image = story.feed_image
        if not image:
            return []
        return [feedgenerator.Enclosure(image["url"], str(image["size"]), image["type"])]

    def item_extra_kwargs(self, story):
        credited = story.credits.all()  # in byline order
        authors = [c.contributor.name for c in credited if c.role == Credit.Role.AUTHOR]
        return {
            "authors": authors,
            "byline": (
                credits.join_names(authors, story.language)
                if credits.supports(story.language)
                else ", ".join(authors)
            ),
            "contributors": [c.contributor.name for c in credited if c.role != Credit.Role.AUTHOR],
            "language": story.language,
            "content": story.feed_body + _item_end(story),
            "image": story.feed_image,
        }


def _image(story, origin: str, sizes: dict) -> dict | None:
    jpeg = story.feed_jpeg
    if not jpeg:
        return None
    scheme, _sep, domain = origin.partition("://")
    return {
        "url": add_domain(domain, jpeg.url, secure=scheme == "https"),
        "type": jpeg.mime,
        "size": sizes.get(jpeg.name, 0),  # 0 until the rendition is first made
        "width": jpeg.width,
        "height": jpeg.height,
        "alt": xml_text(story.lead_image_text().alt),  # a dict: _XmlSafe does not reach inside
    }


def _image_sizes(names: list[str]) -> dict[str, int]:
    """Bytes per stored rendition. A rendition's name never gets new content, so sizes are
    cached for good and the storage (perhaps a remote one) is asked once per picture, not
    once per poll; one not made yet is 0 and asked again."""
    keys = {IMAGE_SIZE_KEY + hashlib.sha256(n.encode()).hexdigest(): n for n in set(names)}
    found = cache.get_many(list(keys))
    sizes = {keys[key]: size for key, size in found.items()}
    missing = {}
    for key, name in keys.items():
        if name not in sizes:
            try:
                sizes[name] = missing[key] = default_storage.size(name)
            except OSError:
                sizes[name] = 0  # "0" is what RSS asks for when the length is unknown
    if missing:
        cache.set_many(missing, timeout=None)
    return sizes


class SiteFeed(StoryFeed):
    def describe(self, request):
        return (
            settings.SITE_NAME,
            reverse("articles:home"),
            _("The latest news from %(site)s") % {"site": settings.SITE_NAME},
            Article.objects.edition(),
        )


class SectionFeed(StoryFeed):
    def describe(self, request, slug):
        section = section_by_slug(slug)  # the kept list, which family() reads too
        if section is None:
            raise Section.DoesNotExist(slug)
        return (
            f"{section.label} – {settings.SITE_NAME}",
            section.get_absolute_url(),
            section.about or section.label,
            Article.objects.edition().in_sections(family(section)),
        )


class TagFeed(StoryFeed):
    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            moved = TagRedirect.objects.filter(old_slug=kwargs.get("slug")).first()
            if moved is None:
                raise
            # A topic merged into another: subscribers follow to the kept topic's feed.
            note(f"tag-{moved.tag_id}")
            name = request.resolver_match.view_name
            kept = reverse(name, kwargs={**kwargs, "slug": moved.tag.slug})
            return HttpResponsePermanentRedirect(kept)

    def describe(self, request, slug):
        tag = tags_named_in(get_language()).get(slug=slug)
        return (
            f"{tag_label(tag)} – {settings.SITE_NAME}",
            reverse("articles:tag", kwargs={"slug": tag.slug}),
            _("Stories about %(name)s") % {"name": tag_label(tag)},
            Article.objects.edition().tagged(tag),
        )


class ContributorFeed(StoryFeed):
    def describe(self, request, slug):
        contributor = Contributor.objects.get(slug=slug)
        return (
            f"{contributor.name} – {settings.SITE_NAME}",
            contributor.get_absolute_url(),
            contributor.bio or _("Stories by %(name)s") % {"name": contributor.name},
            Article.objects.edition().by_contributor(contributor),
        )


def index(request):
    """The feeds page: every feed a reader can subscribe to, for people."""
    context = {
        "sections": [(section, sub_sections(section)) for section in top_sections()],
    }
    return render(request, "articles/feeds.html", context)


app_name = "feeds"
urlpatterns = []
for _format, _generator in FORMATS.items():
    urlpatterns += [
        path(f"{_format}/", SiteFeed(_generator), name=f"site-{_format}"),
        path(f"section/<slug:slug>/{_format}/", SectionFeed(_generator), name=f"section-{_format}"),
        path(f"tag/<slug:slug>/{_format}/", TagFeed(_generator), name=f"tag-{_format}"),
        path(
            f"author/<slug:slug>/{_format}/",
            ContributorFeed(_generator),
            name=f"contributor-{_format}",
        ),
    ]
