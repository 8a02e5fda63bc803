"""Load the demo newsroom (articles/demo_content.py) through the same write path editors use."""

from datetime import timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from . import demo_content
from .models import Article, Contributor, Correction, Credit, Image, Section
from .publishing import publish, save_image
from .text import slugify

# Demo pictures are drawn, not photographed: a sky, a river and a skyline in the colours of
# each section, so the pages show lead images, captions and credits without shipping photos.
PALETTES = {
    "politik": ("#2b4c7e", "#9db4d6"),
    "welt": ("#1f6f5c", "#a7d7c5"),
    "wirtschaft": ("#6b4f1d", "#e3c98f"),
    "kultur": ("#6a2c70", "#d9a7de"),
    "sport": ("#22577a", "#80ed99"),
    "lokales": ("#7a2e2e", "#f0b7a4"),
    "neustadt": ("#3d405b", "#f2cc8f"),
}


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
        article.lead_image = _picture(data["section"], data["headline"])
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


def _picture(section: str, headline: str) -> Image:
    """A 1200x675 drawn picture in the section's colours, stored through save_image()."""
    dark, light = PALETTES.get(section, ("#333333", "#cccccc"))
    picture = PILImage.new("RGB", (1200, 675), light)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 470, 1200, 675), fill=dark)
    for number in range(9):
        left = 60 + number * 125
        draw.rectangle((left, 470 - 40 * (1 + number % 4), left + 90, 470), fill=dark)
    draw.ellipse((930, 70, 1050, 190), fill="#ffffff")
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    name = f"{slugify(headline, max_length=40)}.jpg"
    image = Image(
        file=ContentFile(buffer.getvalue(), name=name),
        alt_text="Gezeichnete Stadtsilhouette am Fluss unter einem hellen Himmel",
        caption="Symbolbild",
        credit="Illustration: Newsroom",
    )
    return save_image(image)
