"""Sitemaps and robots.txt. `newsroom/urls.py` mounts `index`, `section`, `news` and
`robots_txt`:

    /sitemap.xml                         the index: every page of every sitemap, with lastmod
    /sitemap-sections.xml                sections, each edition's address (hreflang)
    /sitemap-tags.xml                    tags with at least one published story
    /sitemap-contributors.xml            contributors with at least one published story
    /sitemap-articles.xml?p=N            published stories, at most 50,000 per page
    /sitemap-news.xml, /en/sitemap-...   Google News: an edition's stories of the last 48 hours
    /robots.txt                          names the index and every news sitemap; keeps crawlers
                                         out of the admin, search results and preview links

Everything starts from `Article.objects.published()`; the news sitemaps, like every other list
an edition shows, from `edition()`. Stories are read as values(), and their addresses are
built from those values, so a page of 50,000 costs one query (a lead image becomes an
unsaved Image only to name its rendition for machines). Story pages are id ranges (see
`IdRangePaginator`): cheap at page 20 of a million stories and stable, because a story
never moves to another page.
"""

from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.syndication.views import add_domain
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Exists, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Greatest, Now
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.views.decorators.cache import cache_control
from taggit.models import Tag

from .caching.pages import note
from .feeds import xml_text
from .media import renditions
from .models import Article, Contributor, Image, Section
from .previews import preview_paths

NEWS_HOURS = 48
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per sitemap
MAX_AGE = 600
# What a lead image's renditions are named after (media/renditions.py), read with the story.
LEAD_IMAGE_FIELDS = [
    "id",
    "file",
    "width",
    "height",
    "focal_x",
    "focal_y",
    "crops",
    "is_transparent",
]
STORY_FIELDS = [
    "pk",
    "slug",
    "language",
    "section__slug",
    "published_at",
    "updated_at",
    *(f"lead_image__{name}" for name in LEAD_IMAGE_FIELDS),
]


class IdRangePaginator:
    """Page n holds the published stories whose ids fall in the n-th block of `limit` ids,
    counted from the block of the lowest published id.

    So a page never holds more than `limit` URLs, a page is an index range scan however deep
    it is (Django's Paginator would COUNT and OFFSET), and a story keeps its page for good.
    A block with no published story is an empty page.
    """

    def __init__(self, queryset, limit: int, low: int | None, high: int | None):
        self.queryset, self.limit = queryset, limit
        self.base = (low // limit) * limit if low is not None else 0
        self.num_pages = 0 if high is None else (high - self.base) // limit + 1

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("Page number is not an integer") from None
        if number < 1 or number > max(self.num_pages, 1):
            raise EmptyPage("That page contains no results")
        start = self.base + (number - 1) * self.limit
        rows = self.queryset.filter(pk__gte=start, pk__lt=start + self.limit).order_by("pk")
        return SimpleNamespace(number=number, object_list=rows.iterator(chunk_size=5_000))


def story_lastmod(item: dict):
    return max(item["published_at"], item["updated_at"] or item["published_at"])


class StorySitemap(Sitemap):
    """Stories as values; each in its own language's address, with its lead image's
    rendition for machines."""

    def story_path(self, item: dict) -> str:
        return self._path_templates[item["language"]].format(
            section=item["section__slug"], slug=item["slug"], pk=item["pk"]
        )

    @cached_property
    def _path_templates(self) -> dict[str, str]:
        """`Article.get_absolute_url()` once per language, with holes for the values."""
        templates = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                path = reverse(
                    "articles:article", kwargs={"section": "SECTION", "slug": "SLUG", "pk": 1}
                )
            templates[code] = path.replace("SECTION", "{section}").replace("SLUG-1", "{slug}-{pk}")
        return templates

    def location(self, item):
        return self.story_path(item)

    def lastmod(self, item):
        return story_lastmod(item)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        secure = self.get_protocol(protocol) == "https"
        domain = self.get_domain(site)
        for url in urls:
            jpeg = renditions.for_machines(lead_image(url["item"]), "wide")
            url["image"] = add_domain(domain, jpeg.url, secure) if jpeg else ""
        return urls


def lead_image(item: dict) -> Image | None:
    """A story's lead image as far as its renditions' names need it, from the story's values:
    the 1200 px JPEG feeds and social cards show, never the original upload."""
    if item["lead_image__id"] is None:
        return None
    values = [item[f"lead_image__{name}"] for name in LEAD_IMAGE_FIELDS]
    return Image.from_db(None, LEAD_IMAGE_FIELDS, values)  # a third faster than Image(**...)


class ArticleSitemap(StorySitemap):
    limit = 50_000

    def items(self):
        return Article.objects.published().values(*STORY_FIELDS)

    @cached_property
    def _span(self) -> dict:
        return Article.objects.published().aggregate(
            low=Min("pk"), high=Max("pk"), last=Max(Greatest("published_at", "updated_at"))
        )

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit, self._span["low"], self._span["high"])

    def get_latest_lastmod(self):
        return self._span["last"]


class NewsSitemap(StorySitemap):
    """Google News: what the edition of the active language published in the last 48 hours,
    newest first. One sitemap per edition, as Google News takes a publication per language."""

    limit = NEWS_LIMIT

    def recent(self):
        since = Now() - timedelta(hours=NEWS_HOURS)
        return Article.objects.edition().filter(published_at__gte=since)

    def items(self):
        return self.recent().latest_first().values(*STORY_FIELDS, "headline")[: self.limit]

    def get_latest_lastmod(self):
        return self.recent().aggregate(last=Max(Greatest("published_at", "updated_at")))["last"]

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            item = url["item"]
            url["news"] = {
                "name": xml_text(settings.SITE_NAME),
                "language": item["language"],
                "date": item["published_at"],
                "title": xml_text(item["headline"]),
            }
        return urls


def _newest_story_time():
    return Article.objects.published().aggregate(last=Max("published_at"))["last"]


class PageSitemap(Sitemap):
    """Pages that exist in every language: one URL per language, each naming the others."""

    i18n = True
    alternates = True
    url_name = ""

    def location(self, item):
        return reverse(self.url_name, kwargs={"slug": item["slug"]})


class SectionSitemap(PageSitemap):
    url_name = "articles:section"

    def items(self):
        newest = (
            Article.objects.published()
            .filter(Q(section=OuterRef("pk")) | Q(section__parent=OuterRef("pk")))
            .latest_first()
            .values("published_at")[:1]
        )
        return Section.objects.order_by("pk").values("slug").annotate(newest=Subquery(newest))

    def lastmod(self, item):
        return item["newest"]

    def get_latest_lastmod(self):
        return _newest_story_time()


class TagSitemap(PageSitemap):
    url_name = "articles:tag"

    def items(self):
        published = Article.objects.published().filter(tags=OuterRef("pk"))
        return Tag.objects.filter(Exists(published)).order_by("pk").values("slug")

    def get_latest_lastmod(self):
        return _newest_story_time()


class ContributorSitemap(PageSitemap):
    url_name = "articles:contributor"

    def items(self):
        published = Article.objects.published().filter(credits__contributor=OuterRef("pk"))
        return Contributor.objects.filter(Exists(published)).order_by("pk").values("slug")

    def get_latest_lastmod(self):
        return _newest_story_time()


# The sitemaps at one address for all editions (sitemap-<name>.xml). Classes, not instances:
# the sitemap views make one per request, so cached values never outlive it.
sitemaps = {
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "contributors": ContributorSitemap,
    "articles": ArticleSitemap,
}


def news_sitemap_paths() -> dict[str, str]:
    """Each edition's news sitemap address by its language, in the order of LANGUAGES."""
    paths = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths[code] = reverse("sitemap-news")
    return paths


@cache_control(public=True, max_age=MAX_AGE)
def index(request):
    note("sitemaps")  # the surrogate key a story's change purges (caching/purge.py)
    response = sitemap_views.index(request, sitemaps, sitemap_url_name="sitemap-section")
    # Last-Modified stays the one of the sitemaps above: the stories' newest change already.
    for code, path in news_sitemap_paths().items():
        with translation.override(code):
            lastmod = NewsSitemap().get_latest_lastmod()
        item = SitemapIndexItem(request.build_absolute_uri(path), lastmod)
        response.context_data["sitemaps"].append(item)
    return response


@cache_control(public=True, max_age=MAX_AGE)
def section(request, section):
    note("sitemaps")
    return sitemap_views.sitemap(
        request, sitemaps, section=section, template_name="sitemaps/urlset.xml"
    )


@cache_control(public=True, max_age=MAX_AGE)
def news(request):
    """The news sitemap of the edition at this address."""
    note("sitemaps")
    return sitemap_views.sitemap(
        request, {"news": NewsSitemap}, section="news", template_name="sitemaps/urlset.xml"
    )


@cache_control(public=True, max_age=60 * 60)
def robots_txt(request):
    """Where the sitemaps are, and what crawlers should leave alone, in every language."""
    disallow = [reverse("admin:index")]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            disallow.append(reverse("articles:search"))
    disallow += preview_paths()
    context = {
        "disallow": list(dict.fromkeys(disallow)),
        "sitemaps": [
            request.build_absolute_uri(path)
            for path in [reverse("sitemap-index"), *news_sitemap_paths().values()]
        ],
    }
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")
