from django import template

from articles import credits

register = template.Library()

OTHER_ROLES = ["photographer", "translator", "editor"]


@register.simple_tag
def credit_lines(article) -> dict:
    """Byline, contribution line and other role lines, worded in the article's language.

    Reads `article.credits.all()`, which the page's queryset prefetches with contributors.
    """
    by_role: dict[str, list[credits.Person]] = {}
    for credit in article.credits.all():
        person = credits.Person(credit.contributor.name, credit.contributor.affiliation)
        by_role.setdefault(credit.role, []).append(person)
    language = article.language
    return {
        "byline": credits.byline(by_role.get("author", []), language),
        "contribution": credits.contribution_line(by_role.get("contributor", []), language),
        "others": [
            credits.role_line(role, by_role[role], language)
            for role in OTHER_ROLES
            if role in by_role
        ],
    }
