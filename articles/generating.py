"""A realistic newsroom of any size for benchmarks: generate_articles N.

Text comes from Faker's German and English word lists, composed into headlines, standfirsts
and bodies of news length from a pool of sentences (so no two bodies are alike). Rows go in
with PostgreSQL's COPY in batches, which is what makes a million stories take minutes.
"""

import csv
import io
import queue
import random
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image as PILImage

from .models import Article, Contributor, Credit, Image, Section, TaggedArticle
from .text import slugify

SECTIONS = 30
CONTRIBUTORS = 2_000
TAGS = 20_000
IMAGES = 40
BATCH = 10_000
SENTENCE_POOL = 4_000


class Pools:
    """Sentences, names and words to compose stories from, per language."""

    def __init__(self, seed: int):
        from faker import Faker

        self.random = random.Random(seed)
        self.sentences, self.headlines = {}, {}
        for language, locale in [("de", "de_DE"), ("en", "en_US")]:
            fake = Faker(locale)
            fake.seed_instance(seed)
            self.sentences[language] = [
                fake.sentence(nb_words=self.random.randint(8, 22)) for _ in range(SENTENCE_POOL)
            ]
            self.headlines[language] = [
                fake.sentence(nb_words=self.random.randint(5, 10)).rstrip(".")
                for _ in range(SENTENCE_POOL)
            ]
        fake = Faker("de_DE")
        fake.seed_instance(seed)
        self.names = [fake.name() for _ in range(CONTRIBUTORS)]
        self.words = list({fake.word().capitalize() for _ in range(TAGS * 3)})

    def body(self, language: str) -> str:
        """Five to twelve paragraphs of two to five sentences, with a subheading or two."""
        pick, sentences = self.random, self.sentences[language]
        blocks = []
        for number in range(pick.randint(5, 12)):
            if number and number % 4 == 0:
                blocks.append(f"<h2>{pick.choice(self.headlines[language])}</h2>")
            blocks.append(f"<p>{' '.join(pick.choices(sentences, k=pick.randint(2, 5)))}</p>")
        return "".join(blocks)


def _copy(table: str, columns: list[str], buffer: io.StringIO) -> None:
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {table} ({', '.join(f'"{c}"' for c in columns)}) "
            "FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            buffer,
        )


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def _reset_sequence(model) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )


def _image_pool(pools: Pools) -> list[int]:
    ids = []
    for number in range(IMAGES):
        buffer = BytesIO()
        colour = tuple(pools.random.randint(0, 255) for _ in range(3))
        PILImage.new("RGB", (1200, 800), colour).save(buffer, "JPEG", quality=70)
        image = Image(alt_text=f"Symbolbild {number + 1}", caption="", credit="Newsroom")
        name = f"bench-{number}.jpg"
        image.file.save(name, ContentFile(buffer.getvalue(), name=name), save=False)
        image.save()
        ids.append(image.pk)
    return ids


@transaction.atomic
def _reference_data(pools: Pools) -> tuple[list[int], list[int], list[int], list[int]]:
    sections = [
        Section.objects.get_or_create(
            slug=f"ressort-{number}", defaults={"name": f"Ressort {number}", "order": number}
        )[0].pk
        for number in range(1, SECTIONS + 1)
    ]
    first = _next_id(Contributor)
    _copy(
        "articles_contributor",
        ["id", "kind", "name", "slug", "affiliation", "bio", "photo"],
        _csv(
            [first + n, "person", name, f"{slugify(name)}-{first + n}", "", "", ""]
            for n, name in enumerate(pools.names)
        ),
    )
    _reset_sequence(Contributor)
    contributors = list(range(first, first + len(pools.names)))
    from taggit.models import Tag

    first_tag = _next_id(Tag)
    words = pools.words[:TAGS]
    _copy(
        "taggit_tag",
        ["id", "name", "slug"],
        _csv(
            [first_tag + n, f"{word} {first_tag + n}", f"{slugify(word)}-{first_tag + n}"]
            for n, word in enumerate(words)
        ),
    )
    _reset_sequence(Tag)
    tags = list(range(first_tag, first_tag + len(words)))
    return sections, contributors, tags, _image_pool(pools)


def _csv(rows) -> io.StringIO:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["\\N" if value is None else value for value in row])
    buffer.seek(0)
    return buffer


def _batches(count: int, pools: Pools, refs: tuple, first_ids: tuple) -> Iterator[tuple]:
    """CSV buffers (stories, credits, tags, size) of at most BATCH stories each."""
    sections, contributors, tags, images = refs
    next_article, next_credit, next_tagged = first_ids
    pick = pools.random
    now = timezone.now()
    ten_years = 10 * 365 * 24 * 3600
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        articles, credits, tagged = [], [], []
        for offset in range(size):
            pk = next_article + done + offset
            language = "de" if pick.random() < 0.8 else "en"
            headline = pick.choice(pools.headlines[language])
            roll = pick.random()
            status, published = "published", now - timedelta(seconds=pick.randint(60, ten_years))
            if roll < 0.05:
                status, published = "draft", None
            elif roll < 0.07:
                status, published = "review", None
            elif roll < 0.08:
                published = now + timedelta(hours=pick.randint(1, 24 * 14))
            articles.append(
                [
                    pk,
                    "",
                    headline,
                    slugify(headline, max_length=90) or "story",
                    " ".join(pick.choices(pools.sentences[language], k=2)),
                    pools.body(language),
                    language,
                    pick.choice(sections),
                    pick.choice(images) if pick.random() < 0.7 else None,
                    "",
                    "",
                    "",
                    None,
                    False,
                    status,
                    published,
                    published,
                    None,
                    now,
                    now,
                    None,
                    1,
                ]
            )
            for order, contributor in enumerate(pick.sample(contributors, pick.randint(1, 4))):
                role = "author" if order == 0 or pick.random() < 0.5 else "contributor"
                credits.append([next_credit, pk, contributor, role, order])
                next_credit += 1
            for tag in pick.sample(tags, pick.randint(3, 8)):
                tagged.append([next_tagged, pk, tag])
                next_tagged += 1
        done += size
        yield _csv(articles), _csv(credits), _csv(tagged), size


def generate(count: int, *, seed: int = 1, progress: Callable[[int], None] = lambda n: None):
    """Add `count` stories (about 90% published over ten years, the rest drafts, in review or
    scheduled), with 1-4 credits and 3-8 tags each. Returns the number added.

    A thread composes the next batch while PostgreSQL takes in the current one (COPY waits
    on the server with the GIL released), so both cores work."""
    pools = Pools(seed)
    refs = _reference_data(pools)
    first_ids = (_next_id(Article), _next_id(Credit), _next_id(TaggedArticle))
    ready: queue.Queue = queue.Queue(maxsize=2)

    def produce():
        try:
            for batch in _batches(count, pools, refs, first_ids):
                ready.put(batch)
        finally:
            ready.put(None)

    producer = threading.Thread(target=produce, daemon=True)
    producer.start()
    done = 0
    while (batch := ready.get()) is not None:
        articles, credits, tagged, size = batch
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")  # benchmark data only
            _copy("articles_article", ARTICLE_COLUMNS, articles)
            _copy(
                "articles_credit", ["id", "article_id", "contributor_id", "role", "order"], credits
            )
            _copy("articles_taggedarticle", ["id", "content_object_id", "tag_id"], tagged)
        done += size
        progress(size)
    producer.join()
    for model in (Article, Credit, TaggedArticle):
        _reset_sequence(model)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) articles_article, articles_credit, articles_taggedarticle")
    return done


ARTICLE_COLUMNS = [
    "id",
    "kicker",
    "headline",
    "slug",
    "standfirst",
    "body",
    "language",
    "section_id",
    "lead_image_id",
    "dateline",
    "source",
    "canonical_url",
    "translation_of_id",
    "is_breaking",
    "status",
    "published_at",
    "first_published_at",
    "updated_at",
    "created_at",
    "modified_at",
    "created_by_id",
    "version",
]
