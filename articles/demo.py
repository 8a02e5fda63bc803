"""Load the demo newsroom (articles/demo_content.py) through the same write path editors use."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import demo_content
from .models import Article, Contributor, Correction, Credit, Section
from .publishing import publish
from .text import slugify


def has_content() -> bool:
    return Article.objects.exists()


@transaction.atomic
def load_demo() -> int:
    """Create sections, contributors and stories; returns the number of stories."""
    sections = {}
    for data in demo_content.SECTIONS:
        section = Section(
            slug=data["slug"],
            name=data["name_de"],
            description=data["description"],
            parent=sections.get(data["parent"]),
            order=data["order"],
            show_in_navigation=data["show_in_navigation"],
        )
        section.full_clean()
        section.save()
        sections[section.slug] = section
    contributors = {}
    for data in demo_content.CONTRIBUTORS:
        contributor = Contributor(**data)
        contributor.full_clean()
        contributor.save()
        contributors[contributor.slug] = contributor
    now = timezone.now()
    articles = {}
    for data in demo_content.ARTICLES:
        article = Article(
            kicker=data["kicker"],
            headline=data["headline"],
            slug=slugify(data["headline"]),
            standfirst=data["standfirst"],
            body=data["body"],
            language=data["language"],
            section=sections[data["section"]],
            dateline=data.get("dateline", ""),
            source=data.get("source", ""),
            canonical_url=data.get("canonical_url", ""),
            is_breaking=data.get("is_breaking", False),
            translation_of=articles.get(data.get("translation_of")),
        )
        article.full_clean()
        article.save()
        article.tags.set(data["tags"])
        for order, (slug, role) in enumerate(data["credits"]):
            Credit.objects.create(
                article=article, contributor=contributors[slug], role=role, order=order
            )
        for text, days_ago in data.get("corrections", []):
            Correction.objects.create(
                article=article, text=text, published_at=now - timedelta(days=days_ago)
            )
        if data.get("status", "published") == "published":
            publish(article, at=now - timedelta(hours=data["hours_ago"]))
        articles[data["key"]] = article
    return len(articles)
