from dataclasses import asdict

from django import template
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from articles import credits, text
from articles.caching import fragments
from articles.media import body, renditions
from articles.models import tag_label

register = template.Library()

OTHER_ROLES = ["photographer", "translator", "editor"]
# How wide a lead picture is shown where it sits (static/css/site.css: main is at most 72rem
# with 1rem padding; a story 42rem; the front page's lead 3/5 of it, its blocks a quarter).
SIZES = {
    "story": "(min-width: 44rem) 42rem, calc(100vw - 2rem)",
    "lead": "(min-width: 72rem) 41rem, (min-width: 48rem) calc(60vw - 2.1rem), calc(100vw - 2rem)",
    "block": "(min-width: 72rem) 17rem, (min-width: 48rem) calc(25vw - 1.6rem), calc(100vw - 2rem)",
    "list": "(min-width: 72rem) 70rem, calc(100vw - 2rem)",
    # a picture in the body: the story's width, or inset beside the text (half of it)
    "body": "(min-width: 44rem) 42rem, calc(100vw - 2rem)",
    "inset": "(min-width: 48rem) 21rem, calc(100vw - 2rem)",
}


@register.simple_tag
def credit_lines(article, links: bool = True) -> dict:
    """Byline, contribution line and other role lines, worded in the article's language, as
    HTML: each name links to the contributor's page (`links`; a feed's content names them
    without). Reads `article.credits.all()`, which the page's queryset prefetches with
    contributors."""
    by_role: dict[str, list[credits.Person]] = {}
    for credit in article.credits.all():
        contributor = credit.contributor
        name = escape(contributor.name)
        if links:
            name = format_html('<a href="{}">{}</a>', contributor.get_absolute_url(), name)
        person = credits.Person(name, escape(contributor.affiliation))
        by_role.setdefault(credit.role, []).append(person)
    language = article.language
    if not credits.supports(language):
        lines = catalogue_credit_lines(by_role)
    else:
        lines = {
            "byline": credits.byline(by_role.get("author", []), language),
            "contribution": credits.contribution_line(by_role.get("contributor", []), language),
            "others": [
                credits.role_line(role, by_role[role], language)
                for role in OTHER_ROLES
                if role in by_role
            ],
        }
    # the wording's own words are ours, every name and affiliation escaped above
    return {
        "byline": mark_safe(lines["byline"]),
        "contribution": mark_safe(lines["contribution"]),
        "others": [mark_safe(line) for line in lines["others"]],
    }


def catalogue_credit_lines(by_role: dict[str, list[credits.Person]]) -> dict:
    """Credit lines for a language credits.py has no grammar for, in the active language's
    words from the message catalogue (Django falls back to LANGUAGE_CODE's until the language
    has its own), with an affiliation in brackets instead of a genitive."""

    def names(people, *, affiliations=False) -> str:
        written = [
            f"{p.name} ({p.affiliation})" if affiliations and p.affiliation else p.name
            for p in people
        ]
        if len(written) < 2:
            return "".join(written)
        return gettext("%(names)s and %(last)s") % {
            "names": ", ".join(written[:-1]),
            "last": written[-1],
        }

    def role_line(role, people) -> str:
        words = {
            "photographer": ngettext("Photo: %(names)s", "Photos: %(names)s", len(people)),
            "translator": gettext("Translated by %(names)s"),
            "editor": gettext("Edited by %(names)s"),
        }
        return words[role] % {"names": names(people)}

    authors, contributors = by_role.get("author", []), by_role.get("contributor", [])
    contribution = ngettext(
        "%(names)s contributed to this report.",
        "%(names)s contributed to this report.",
        len(contributors),
    )
    return {
        "byline": gettext("By %(names)s") % {"names": names(authors)} if authors else "",
        "contribution": (
            contribution % {"names": names(contributors, affiliations=True)} if contributors else ""
        ),
        "others": [role_line(role, by_role[role]) for role in OTHER_ROLES if role in by_role],
    }


@register.simple_tag
def card(article, heading="h2", show_image=False, lazy=False, lead=False):
    """A story card, from the card cache when this version of it was rendered before."""
    return fragments.render(article, heading=heading, show_image=show_image, lazy=lazy, lead=lead)


@register.simple_tag
def picture(image, slot: str, crop: str = "wide") -> dict | None:
    """A picture's renditions for <picture> (16:9 unless `crop` says otherwise), with
    `sizes` for where it sits (SIZES); from the Image row alone: no query, no storage look-up."""
    found = renditions.picture(image, crop)
    return found and {**asdict(found), "sizes": SIZES[slot]}


@register.simple_tag
def story_body(article) -> SafeString:
    """The story's body with its pictures and embeds in place (media/body.py)."""
    return body.render(article.body, article.language)


@register.simple_tag
def card_list(stories):
    """A list page's cards, from the cache when these versions of them were listed before."""
    return fragments.card_list(list(stories))


@register.filter
def highlight(snippet: str) -> str:
    """A search snippet with its matches in <mark> (see text.highlight)."""
    return mark_safe(text.highlight(snippet or ""))


@register.simple_tag
def page_number(page) -> str:
    """ " – page 2" for a title beyond a list's first page, so that each page's title differs."""
    number = getattr(page, "number", 1)
    return gettext(" – page %(number)s") % {"number": number} if number > 1 else ""


@register.filter
def highlight_text(marked: str) -> str:
    """A plain-text field (the headline) as search marked it, matches in <mark>."""
    return mark_safe(text.highlight(marked or "", from_html=False))


@register.filter
def search_snippet(article) -> str:
    """A search result's snippet with its matches in <mark> and "…" where it is cut."""
    return mark_safe(text.snippet_html(article.snippet or "", article.body))


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """This page's query string with ?page= set to `number` (filters and search kept)."""
    params = context["request"].GET.copy()
    if number == 1:
        params.pop("page", None)
    else:
        params["page"] = number
    return f"?{params.urlencode()}" if params else "?"


@register.filter
def tag_name(tag) -> str:
    """A topic's name in the story's or page's language where it has one (models.TagName)."""
    return tag_label(tag)


@register.simple_tag
def section_name(section):
    """The section's name in the page's language; where it has none, the main language's,
    marked with its language so that it is read out right and an editor can spot it."""
    name, language = section.name_in(translation.get_language())
    if language == translation.get_language():
        return name
    return format_html('<span lang="{}">{}</span>', language, name)
