"""Reader pages. Each starts from Article.objects.published() and shows; nothing else.

Lists show the stories of the reader's edition, the language of the address (German at /,
English at /en/): Article.objects.edition()."""

import re
from datetime import date

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import querysets
from .caching import fragments, rendered
from .caching.pages import note, note_stories
from .caching.sections import (
    all_sections,
    family,
    navigation_sections,
    section_by_slug,
    sub_sections,
    top_sections,
)
from .models import Article, Contributor, SitePage, TagRedirect, tag_label
from .previews import open_preview

PAGE_SIZE = 20
HOME_PER_SECTION = 4
HOME_LATEST = 10
SEARCH_MAX_LENGTH = 200
RELATED = 4
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")  # PostgreSQL refuses NUL in text


def page_number(request) -> int:
    """?page=N as a number from 1 to 999,999; anything else is a 404, never a 500."""
    number = request.GET.get("page", "1")
    # isascii: str.isdigit() is also true for "²" or "①", which int() refuses.
    if not (number.isascii() and number.isdigit()) or not 0 < int(number) < 1_000_000:
        raise Http404("No such page")
    return int(number)


def paginate(request, queryset, per_page=PAGE_SIZE, count: int | None = None):
    """One page of `queryset`; `count` spares the COUNT(*) query when the total is known."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # a cached property: set, it is not asked of the database
    try:
        return paginator.page(page_number(request))
    except InvalidPage:
        raise Http404("No such page") from None


class LookaheadPage:
    """A page found by reading one row more than it shows: no COUNT(*) over every story."""

    def __init__(self, queryset, number: int, per_page: int):
        rows = list(queryset[(number - 1) * per_page : number * per_page + 1])
        if number > 1 and not rows:
            raise Http404("No such page")
        self.number, self.object_list = number, rows[:per_page]
        self.has_next, self.has_previous = len(rows) > per_page, number > 1
        self.has_other_pages = self.has_next or self.has_previous
        self.next_page_number, self.previous_page_number = number + 1, number - 1


def lookahead(request, queryset, per_page=PAGE_SIZE) -> "LookaheadPage":
    """The ?page= page of `queryset`, without counting it."""
    return LookaheadPage(queryset, page_number(request), per_page)


def home(request):
    stories = Article.objects.edition()
    page = lookahead(request, stories.latest_first().for_cards(), HOME_LATEST)
    context = {"page": page}
    if page.number == 1:
        context["front_page"] = fragments.front_page(**_front_page(stories, page.object_list))
    return render(request, "articles/home.html", context)


def _front_page(stories, latest: list[Article]) -> dict:
    """The lead (breaking news first), the newest stories of each navigation section and
    the latest stories; the lead appears once, not again in its section or the latest."""
    sections = navigation_sections()
    newest = stories.newest_per_section(sections, HOME_PER_SECTION)
    by_section = {s.pk: [] for s in sections}
    family = {s.pk: s.parent_id or s.pk for s in all_sections()}  # sub-section -> section
    for story in newest.latest_first().for_cards():
        # .get(): a section made a moment ago may be missing from a list read before it
        by_section.get(family.get(story.section_id), []).append(story)
    breaking = [story for story in latest if story.is_breaking]
    lead = breaking[0] if breaking else (latest[0] if latest else None)

    def without_lead(listed: list[Article]) -> list[Article]:  # the lead is shown once
        return [story for story in listed if lead is None or story.pk != lead.pk]

    blocks = [(s, without_lead(by_section[s.pk])) for s in sections]
    return {
        "lead": lead,
        "section_blocks": [(section, listed) for section, listed in blocks if listed],
        "latest": without_lead(latest),
    }


def menu_mark(section, *, its_page: bool) -> dict:
    """Which entry of the menu (top-level sections) says where the reader is: the section's
    own entry on its page (aria-current="page"), its top-level section's on a sub-section's
    or a story's page (aria-current="true")."""
    top_level = section.parent_id is None
    return {
        "id": section.parent_id or section.pk,
        "kind": "page" if its_page and top_level else "true",
    }


def section_detail(request, slug):
    section = section_by_slug(slug)
    if section is None:
        raise Http404("No such section")
    note(f"section-{section.pk}")
    stories = Article.objects.edition().in_sections(family(section)).latest_first().for_cards()
    context = {
        "section": section,
        "children": sub_sections(section),
        "page": lookahead(request, stories),
        "menu_mark": menu_mark(section, its_page=True),
    }
    return render(request, "articles/section_detail.html", context)


def tag_detail(request, slug):
    tag = querysets.tags_named_in(get_language()).filter(slug=slug).first()
    if tag is None:
        moved = get_object_or_404(TagRedirect.objects.select_related("tag"), old_slug=slug)
        note(f"tag-{moved.tag_id}")
        return redirect("articles:tag", slug=moved.tag.slug, permanent=True)  # merged topic
    note(f"tag-{tag.pk}")
    stories = Article.objects.edition().tagged(tag).latest_first().for_cards()
    context = {"tag": tag, "topic_name": tag_label(tag), "page": lookahead(request, stories)}
    return render(request, "articles/tag_detail.html", context)


def contributor_detail(request, slug):
    contributor = get_object_or_404(Contributor, slug=slug)
    note(f"contributor-{contributor.pk}")
    stories = Article.objects.edition().by_contributor(contributor).latest_first().for_cards()
    context = {"contributor": contributor, "page": lookahead(request, stories)}
    return render(request, "articles/contributor_detail.html", context)


def article_detail(request, section, slug, pk):
    note(f"story-{pk}")  # every answer at any of its addresses: 200, 301, 404, 410
    article = Article.objects.published().for_page().filter(pk=pk).first()
    if article is None:
        if Article.objects.gone().filter(pk=pk).exists():
            return render(request, "410.html", status=410)
        raise Http404("No such story")
    if request.path != article.get_absolute_url():
        return redirect(article, permanent=True)  # old slug, other section or language prefix
    around = list(
        Article.objects.published()
        .around(article, related=RELATED)
        .select_related("section")
        .only(
            "headline",
            "slug",
            "language",
            "section__slug",
            "section__name",
            "section__translations",
            "published_at",
        )
    )
    translations = [story for story in around if story.is_translation]
    note_stories(around)
    context = {
        "article": article,
        "menu_mark": menu_mark(article.section, its_page=False),
        "parts": rendered.story_parts(request, article, translations),
        "related": [story for story in around if not story.is_translation][:RELATED],
    }
    return render(request, "articles/article_detail.html", context)


def search(request):
    query = " ".join(CONTROL_CHARACTERS.sub(" ", request.GET.get("q", "")).split())
    sections = top_sections()
    section = next((s for s in sections if s.slug == request.GET.get("section")), None)
    start, end = _date(request.GET.get("from")), _date(request.GET.get("to"))
    context = {"query": query, "sections": sections, "section": section, "start": start, "end": end}
    if not query:
        context["message"] = _("Enter a word or phrase to search for.")
    elif len(query) > SEARCH_MAX_LENGTH:
        context["message"] = _("Please shorten your search to at most %(count)d characters.") % {
            "count": SEARCH_MAX_LENGTH
        }
    else:
        stories = Article.objects.edition().between(start, end)
        if section:
            stories = stories.in_sections(family(section))
        results = stories.select_related("section").search(query)
        page = paginate(request, results, count=results.found)
        note("search")
        note_stories(page.object_list)
        context |= {"page": page, "capped": results.capped, "limit": querysets.SEARCH_CANDIDATES}
    return render(request, "articles/search.html", context)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def preview(request, token):
    """A preview link shows a story's latest saved text to someone without an account; once
    readers see the story, it leads to the story's page (the same text, and the address to
    pass on). An ended link says why (410), an unknown one is a 404."""
    found = open_preview(token)
    if found is None:
        raise Http404("No such preview link")
    if found.ended:
        response = render(
            request, "articles/preview_ended.html", {"ended": found.ended}, status=410
        )
    elif found.article.is_live:
        response = redirect(found.article)
    else:
        context = {"article": found.article, "preview": True}
        response = render(request, "articles/article_detail.html", context)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def site_page(request, kind):
    """The edition's imprint or privacy page, as an editor keeps it (SitePage), or 404."""
    page = SitePage.objects.filter(kind=kind, language=get_language()).first()
    if page is None:
        raise Http404("No such page yet")
    return render(request, "articles/site_page.html", {"page": page})
