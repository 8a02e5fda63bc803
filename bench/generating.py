"""A realistic newsroom of any size for benchmarks: python -m bench.generate N.

Text comes from Faker's German and English word lists. Per language there are pools of
sentences, of headlines, and of story texts (a standfirst of two sentences and a body of
news length, both made of pool sentences); a story pairs a pool headline with a pool text.
Rows go in with PostgreSQL's binary COPY, in batches, over two connections at once; a load
that at least doubles the stories does without the secondary indexes and foreign keys and
builds them afterwards (bulk_loading).

Search vectors come with the rows. Left to the trigger (migration 0003), to_tsvector would
parse and stem every story again, which costs more than all the rest of the load together.
But stories are made of pool pieces, so PostgreSQL vectorizes each pool sentence and
headline once, in its language's configuration, and vectors are assembled here from those:
the same lexemes, at the positions to_tsvector gives them in the whole text (a piece takes
one position per word, stop words included), weighted as the trigger weighs them. A story
text's part is assembled when the text is composed; each story then puts its headline's
lexemes in front and moves the rest on by as many positions. The trigger keeps a vector
that an INSERT brings (migration 0007); tests/test_generating.py checks that it is the
vector the trigger computes.
"""

import random
import time
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO
from itertools import accumulate, islice
from struct import Struct

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, Image, Section
from articles.text import slugify

DEPARTMENTS = 10
SUB_SECTIONS = 2  # per department
CONTRIBUTORS = 2_000
TAGS = 20_000
IMAGES = 40
POOL = 4_000  # sentences, headlines and story texts per language
BATCH = 10_000  # stories per transaction
WORKERS = 2  # connections loading at once: PostgreSQL does most of the work, on all cores
LOCALES = {"de": "de_DE", "en": "en_US"}  # the benchmark's languages, with Faker's locales
TEN_YEARS = 10 * 365 * 24 * 3600
MARKER = "zzz"  # a word in no pool text, its own lexeme in both configurations

ARTICLE_COLUMNS = [
    "id",
    "headline",
    "slug",
    "standfirst",
    "body",
    "language",
    "section_id",
    "lead_image_id",
    "status",
    "published_at",
    "first_published_at",
    "search_vector",
    # the same for every story (Batch.tail)
    "kicker",
    "dateline",
    "source",
    "canonical_url",
    "is_breaking",
    "translation_of_id",
    "updated_at",
    "created_by_id",
    "created_at",
    "modified_at",
    "version",
]
CREDIT_COLUMNS = ["article_id", "contributor_id", "role", "order"]
TAG_COLUMNS = ["content_object_id", "tag_id"]
LOADED_TABLES = ["articles_article", "articles_credit", "articles_taggedarticle"]

# Binary COPY: https://www.postgresql.org/docs/current/sql-copy.html (File Formats): a
# header, then per row the number of fields and each field's length and bytes (-1: NULL).
COPY_HEADER = b"PGCOPY\n\xff\r\n\0" + bytes(8)
COPY_TRAILER = b"\xff\xff"
INT16, UINT16, INT32, BIGINT = Struct(">h"), Struct(">H"), Struct(">i"), Struct(">iq")
NULL = INT32.pack(-1)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # PostgreSQL's timestamps count microseconds from it

# A binary tsvector is its number of lexemes, then per lexeme (in byte order) the lexeme
# ending in a zero byte, its number of positions (at most 255) and the positions. A
# position keeps its weight in its top two bits (A=3, B=2, C=1) and its number (at most
# 16,383; a story's stay below 2,000) in the other fourteen.
WEIGHT_A, WEIGHT_B, WEIGHT_C = 3 << 14, 2 << 14, 1 << 14
POSITIONS = [Struct(f">{n + 1}H").pack for n in range(256)]  # count and positions, by count
LANES = [bytes(2) + b"\0\1" * n for n in range(256)]  # see StoryText.lanes, by count


def _text_field(value: str | bytes) -> bytes:
    data = value.encode() if isinstance(value, str) else value
    return INT32.pack(len(data)) + data


def _bigint_field(value: int) -> bytes:
    return BIGINT.pack(8, value)


def _integer_field(value: int) -> bytes:
    return INT32.pack(4) + INT32.pack(value)


def _smallint_field(value: int) -> bytes:
    return INT32.pack(2) + INT16.pack(value)


def _timestamp_field(microseconds: int) -> bytes:
    return BIGINT.pack(8, microseconds)


def _row(*fields: bytes) -> bytes:
    return INT16.pack(len(fields)) + b"".join(fields)


ARTICLE_ROW = INT16.pack(len(ARTICLE_COLUMNS))
CREDIT_ROW = INT16.pack(len(CREDIT_COLUMNS))
TAG_ROW = INT16.pack(len(TAG_COLUMNS))


@dataclass(frozen=True, slots=True)
class Piece:
    """A pool sentence or headline: its text, and its lexemes (numbered, see Vocabulary)
    with their positions counted from 1 within the piece, in order of position."""

    text: bytes
    lexemes: tuple[tuple[int, int], ...]
    words: int  # positions the piece takes in to_tsvector, stop words included
    last: int  # its highest position that holds a lexeme (0 if none)


class Vocabulary:
    """Every lexeme of the pools, numbered in the byte order a tsvector keeps its lexemes
    in, so that sorting numbers sorts lexemes."""

    def __init__(self, lexemes: Iterable[str]):
        ordered = sorted({lexeme.encode() for lexeme in lexemes})
        self.number = {lexeme.decode(): n for n, lexeme in enumerate(ordered)}
        self.cstring = [lexeme + b"\0" for lexeme in ordered]  # as a binary tsvector has it
        self.blank = [bytes(len(lexeme) + 1) for lexeme in ordered]  # zeros as long


def _vectorize(language: str, texts: list[str]) -> list[tuple[int, dict[str, list[int]]]]:
    """Each text's words (the positions it takes) and its lexemes with their positions, as
    the trigger's to_tsvector gives them, in the language's configuration. The trigger
    vectorizes a run of pieces between blanks (it turns HTML tags into blanks), so a marker
    word after each piece counts the stop words at its end too."""
    found = [{} for _ in texts]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.n, v.lexeme, v.positions"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS t(text, n),"
            " unnest(to_tsvector(articles_search_config(%s), t.text || ' ' || %s)) AS v",
            [texts, language, MARKER],
        )
        for n, lexeme, positions in cursor.fetchall():
            found[n - 1][lexeme] = positions
    return [(lexemes.pop(MARKER)[0] - 1, lexemes) for lexemes in found]


def _pieces(texts: list[str], vectors: list, vocabulary: Vocabulary) -> list[Piece]:
    pieces = []
    for text, (words, vector) in zip(texts, vectors, strict=True):
        lexemes = sorted(
            ((vocabulary.number[lexeme], p) for lexeme, ps in vector.items() for p in ps),
            key=lambda entry: entry[1],
        )
        last = lexemes[-1][1] if lexemes else 0
        pieces.append(Piece(text.encode(), tuple(lexemes), words, last))
    return pieces


def _place(positions: dict, pieces: list[Piece], offset: int, weight: int) -> int:
    """Add the lexemes of a text made of `pieces` to `positions` (lexeme: positions),
    numbered on from `offset` and weighted. Returns the highest position given to a lexeme
    (`offset` if none): tsvector concatenation (||) numbers the next text on from there."""
    start = last = offset
    for piece in pieces:
        if piece.last:
            base = start + weight
            for lexeme, position in piece.lexemes:
                positions[lexeme].append(base + position)
            last = start + piece.last
        start += piece.words
    return last


@dataclass(frozen=True, slots=True)
class StoryText:
    """A pool text: the standfirst and body columns, and their lexemes as the entries of a
    binary tsvector, the trigger's setweight(standfirst, B) || setweight(body, C) numbered
    from the standfirst's start; with what it takes to put a headline in front of them."""

    standfirst: bytes
    body: bytes
    entries: bytes
    lexemes: array  # in order, for bisect
    starts: array  # where each lexeme's entry starts in `entries`, then their length
    lanes: int  # `entries` as a number with each position 1 and all else 0

    def shifted(self, offset: int) -> bytes:
        """The entries with every position moved on by `offset`: one addition, as no
        position can carry into the bits of another (or into its weight)."""
        return (int.from_bytes(self.entries) + self.lanes * offset).to_bytes(len(self.entries))


def _story_text(pick: random.Random, pools: "Pools", language: str) -> StoryText:
    """A standfirst of two sentences, and a body of five to twelve paragraphs of two to five
    sentences with a subheading or two."""
    sentences, headlines = pools.sentences[language], pools.headlines[language]
    standfirst = pick.choices(sentences, k=2)
    blocks, pieces = [], []
    for number in range(pick.randint(5, 12)):
        if number and number % 4 == 0:
            heading = pick.choice(headlines).piece
            blocks += (b"<h2>", heading.text, b"</h2>")
            pieces.append(heading)
        paragraph = pick.choices(sentences, k=pick.randint(2, 5))
        blocks += (b"<p>", b" ".join([sentence.text for sentence in paragraph]), b"</p>")
        pieces += paragraph
    positions = defaultdict(list)
    offset = _place(positions, standfirst, 0, WEIGHT_B)
    _place(positions, pieces, offset, WEIGHT_C)
    return StoryText(
        _text_field(b" ".join([sentence.text for sentence in standfirst])),
        _text_field(b"".join(blocks)),
        *_entries(positions, pools.vocabulary),
    )


def _entries(positions: dict, vocabulary: Vocabulary) -> tuple[bytes, array, array, int]:
    """Binary tsvector entries for these lexemes and (weighted) positions, and the rest of
    a StoryText's vector fields."""
    lexemes = sorted(positions)
    entries, lanes = [], []
    for lexeme in lexemes:
        found = positions[lexeme]
        entries.append(vocabulary.cstring[lexeme] + POSITIONS[len(found)](len(found), *found))
        lanes.append(vocabulary.blank[lexeme] + LANES[len(found)])
    starts = array("I", accumulate(map(len, entries), initial=0))
    return b"".join(entries), array("H", lexemes), starts, int.from_bytes(b"".join(lanes))


@dataclass(frozen=True, slots=True)
class Headline:
    """A pool headline: its piece, and its columns for COPY."""

    piece: Piece
    field: bytes
    slug: bytes


def _headline(text: str, piece: Piece) -> Headline:
    return Headline(piece, _text_field(text), _text_field(slugify(text, max_length=90) or "story"))


class Pools:
    """Sentences, headlines and story texts per language, contributors' names, tag words.
    A story text is composed when a story first draws it, from its own random stream."""

    def __init__(self, seed: int):
        from faker import Faker

        self.seed = seed
        self.random = random.Random(seed)
        texts, vectors = {}, {}
        for language, locale in LOCALES.items():
            fake = Faker(locale)
            fake.seed_instance(seed)
            texts[language] = self._sentences(fake), self._headlines(fake)
            vectors[language] = [_vectorize(language, part) for part in texts[language]]
        self.vocabulary = Vocabulary(
            lexeme
            for parts in vectors.values()
            for part in parts
            for _, lexemes in part
            for lexeme in lexemes
        )
        self.sentences, self.headlines, self.texts = {}, {}, {}
        for language, (sentences, headlines) in texts.items():
            sentence_vectors, headline_vectors = vectors[language]
            self.sentences[language] = _pieces(sentences, sentence_vectors, self.vocabulary)
            pieces = _pieces(headlines, headline_vectors, self.vocabulary)
            self.headlines[language] = [
                _headline(text, piece) for text, piece in zip(headlines, pieces, strict=True)
            ]
            self.texts[language] = [None] * POOL
        fake = Faker("de_DE")
        fake.seed_instance(seed)
        self.names = [fake.name() for _ in range(CONTRIBUTORS)]
        self.words = [word.capitalize() for word in fake.get_words_list()]

    def _sentences(self, fake) -> list[str]:
        return [fake.sentence(nb_words=self.random.randint(8, 22)) for _ in range(POOL)]

    def _headlines(self, fake) -> list[str]:
        return [fake.sentence(nb_words=self.random.randint(5, 10)).rstrip(".") for _ in range(POOL)]

    def text(self, language: str, number: int) -> StoryText:
        texts = self.texts[language]
        if texts[number] is None:
            pick = random.Random(f"{self.seed}:{language}:{number}")
            texts[number] = _story_text(pick, self, language)
        return texts[number]


def search_vector(headline: Piece, text: StoryText, cstring: list[bytes]) -> bytes:
    """The story's tsvector, binary: the trigger's setweight(kicker and headline, A) ||
    setweight(standfirst, B) || setweight(body, C), with positions (generated stories have
    no kicker). The text's entries are copied in runs, moved on by where the headline ends;
    only the headline's few lexemes are merged in, their positions first."""
    front = defaultdict(list)
    entries = text.shifted(_place(front, [headline], 0, WEIGHT_A))
    data, cursor, added = [b""], 0, 0
    for lexeme in sorted(front):
        found = front[lexeme]
        n = bisect_left(text.lexemes, lexeme)
        start = text.starts[n]
        data.append(entries[cursor:start])
        head = cstring[lexeme]
        if n < len(text.lexemes) and text.lexemes[n] == lexeme:
            count_at = start + len(head)
            count = len(found) + UINT16.unpack_from(entries, count_at)[0]
            cursor = count_at + UINT16.size
        else:
            count, cursor, added = len(found), start, added + 1
        data.append(head + POSITIONS[len(found)](count, *found))
    data.append(entries[cursor:])
    data[0] = INT32.pack(len(text.lexemes) + added)
    return b"".join(data)


@dataclass(frozen=True)
class References:
    """Ids of the rows stories refer to."""

    sections: list[int]
    contributors: list[int]
    tags: list[int]
    images: list[int]


class Batch:
    """The rows of a batch of stories, from the batch's own random stream (so a seed makes
    the same stories whichever connection loads the batch): article rows as COPY reads them,
    and the credits and tags they need, collected on the way."""

    def __init__(self, pools: Pools, refs: References, *, seed: int, number: int, now: int):
        self.pools, self.refs, self.now = pools, refs, now
        self.pick = random.Random(f"{seed}:{number}")
        self.credits: list[tuple[int, int, str, int]] = []  # contributor, article, role, order
        self.tags: list[tuple[int, int]] = []  # tag, article
        self.sections = [_bigint_field(pk) for pk in refs.sections]
        self.images = [_bigint_field(pk) for pk in refs.images]
        self.languages = {language: _text_field(language) for language in LOCALES}
        self.statuses = {status: _text_field(status) for status in ("published", "draft", "review")}
        self.roles = {role: _text_field(role) for role in ("author", "contributor")}
        self.tail = b"".join(
            [_text_field("")] * 4  # kicker, dateline, source, canonical_url
            + [INT32.pack(1) + b"\0", NULL, NULL, NULL]  # not breaking, no translation...
            + [_timestamp_field(now)] * 2  # created_at, modified_at
            + [_integer_field(1)]  # version
        )

    def articles(self, ids: list[int]) -> Iterator[bytes]:
        """Stories in order of publication (drafts first), as ids grow in a newsroom; that
        also keeps each insert into the time-ordered indexes near the one before."""
        timeline = sorted((self.status() for _ in ids), key=lambda story: story[1])
        for pk, (status, published) in zip(ids, timeline, strict=True):
            yield self.article(pk, status, published)

    def status(self) -> tuple[str, int]:
        """About 90% published over ten years, 5% drafts, 2% in review, 1% scheduled; and
        the publish time (0 for none) in PostgreSQL's microseconds."""
        pick, now = self.pick, self.now
        roll = pick.random()
        if roll < 0.05:
            return "draft", 0
        if roll < 0.07:
            return "review", 0
        if roll < 0.08:
            return "published", now + pick.randint(1, 24 * 14) * 3_600_000_000
        return "published", now - pick.randint(60, TEN_YEARS) * 1_000_000

    def article(self, pk: int, status: str, published: int) -> bytes:
        pick, pools = self.pick, self.pools
        language = "de" if pick.random() < 0.8 else "en"
        headline = pick.choice(pools.headlines[language])
        text = pools.text(language, pick.randrange(POOL))
        published_at = _timestamp_field(published) if published else NULL
        image = pick.choice(self.images) if pick.random() < 0.7 else NULL
        self.add_credits(pk)
        self.add_tags(pk)
        return b"".join(
            (
                ARTICLE_ROW,
                _bigint_field(pk),
                headline.field,
                headline.slug,
                text.standfirst,
                text.body,
                self.languages[language],
                pick.choice(self.sections),
                image,
                self.statuses[status],
                published_at,
                published_at,
                _text_field(search_vector(headline.piece, text, pools.vocabulary.cstring)),
                self.tail,
            )
        )

    def add_credits(self, pk: int) -> None:
        pick = self.pick
        contributors = pick.sample(self.refs.contributors, pick.randint(1, 4))
        for order, contributor in enumerate(contributors):
            role = "author" if order == 0 or pick.random() < 0.5 else "contributor"
            self.credits.append((contributor, pk, role, order))

    def add_tags(self, pk: int) -> None:
        pick = self.pick
        self.tags += [(tag, pk) for tag in pick.sample(self.refs.tags, pick.randint(3, 8))]

    def credit_rows(self) -> Iterator[bytes]:
        """Credits by contributor, and tags by tag (below): their indexes and the foreign
        key checks on contributors and tags then go through them page by page."""
        for contributor, pk, role, order in sorted(self.credits):
            yield (
                CREDIT_ROW
                + _bigint_field(pk)
                + _bigint_field(contributor)
                + self.roles[role]
                + _smallint_field(order)
            )

    def tag_rows(self) -> Iterator[bytes]:
        for tag, pk in sorted(self.tags):
            yield TAG_ROW + _bigint_field(pk) + _integer_field(tag)


class _Stream:
    """A file for cursor.copy_expert that composes binary COPY data as PostgreSQL reads it,
    so that composing overlaps loading and a batch is never whole in memory."""

    def __init__(self, rows: Iterable[bytes]):
        self.rows = _framed(rows)

    def read(self, size: int = -1) -> bytes:
        return b"".join(islice(self.rows, 64))


def _framed(rows: Iterable[bytes]) -> Iterator[bytes]:
    yield COPY_HEADER
    yield from rows
    yield COPY_TRAILER


def _copy(cursor, table: str, columns: list[str], rows: Iterable[bytes]) -> None:
    names = ", ".join(f'"{column}"' for column in columns)
    cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN WITH (FORMAT binary)", _Stream(rows))


def _take_ids(cursor, table: str, count: int) -> list[int]:
    """`count` ids from the table's own sequence, as INSERTs take them: rows that others
    (or the other loading connection) write meanwhile never collide with these."""
    cursor.execute(
        "SELECT nextval(seq) FROM CAST(pg_get_serial_sequence(%s, 'id') AS regclass) AS seq,"
        " generate_series(1, %s)",
        [table, count],
    )
    return [pk for (pk,) in cursor.fetchall()]


def _loading_settings() -> list[str]:
    """SET LOCAL statements for a loading transaction: TOAST compresses with lz4, several
    times faster than pglz, where the server is built with it.

    Commits stay synchronous. With synchronous_commit off, the VACUUM after the load marked
    no page all-visible (VACUUM sets the visibility map only for rows hinted as committed,
    and PostgreSQL does not hint a commit whose WAL may not be on disk yet), so until the
    next vacuum every index-only scan read the table as well: relallvisible stayed 0."""
    settings = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        if cursor.fetchone()[0]:
            settings.append("SET LOCAL default_toast_compression = lz4")
    return settings


def _load(pools, refs, settings, *, seed: int, number: int, size: int, now: int) -> int:
    """Load batch `number` in one transaction, on this thread's own connection."""
    batch = Batch(pools, refs, seed=seed, number=number, now=now)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in settings:
                cursor.execute(statement)
            ids = _take_ids(cursor, "articles_article", size)
            _copy(cursor, "articles_article", ARTICLE_COLUMNS, batch.articles(ids))
            _copy(cursor, "articles_credit", CREDIT_COLUMNS, batch.credit_rows())
            _copy(cursor, "articles_taggedarticle", TAG_COLUMNS, batch.tag_rows())
    finally:
        connection.close()
    return size


def generate(
    count: int,
    *,
    seed: int = 1,
    progress: Callable[[int], None] = lambda n: None,
    bulk: bool | None = None,
):
    """Add `count` stories (about 90% published over ten years, the rest drafts, in review or
    scheduled), with 1-4 credits and 3-8 tags each. Returns the number added.

    `bulk` loads without the tables' secondary indexes and foreign keys and builds them
    afterwards (see bulk_loading); by default when the stories at least double in number."""
    pools = Pools(seed)
    refs = _reference_data(pools)
    if bulk is None:
        bulk = count >= Article.objects.count()
    with bulk_loading(LOADED_TABLES) if bulk else nullcontext():
        _load_all(count, pools, refs, seed=seed, progress=progress)
        # visibility map and hint bits (before the indexes are built: fewer pages to visit)
        _vacuum_until_all_visible(LOADED_TABLES)
    _run_apart([f"ANALYZE {table}" for table in LOADED_TABLES])  # with the indexes' expressions
    return count


def _load_all(count: int, pools, refs, *, seed: int, progress: Callable[[int], None]) -> None:
    settings = _loading_settings()
    now = (timezone.now() - EPOCH) // timedelta(microseconds=1)
    sizes = [min(BATCH, count - start) for start in range(0, count, BATCH)]
    with ThreadPoolExecutor(WORKERS) as executor:
        futures = [
            executor.submit(
                _load, pools, refs, settings, seed=seed, number=number, size=size, now=now
            )
            for number, size in enumerate(sizes)
        ]
        try:
            for future in as_completed(futures):
                progress(future.result())
        except BaseException:
            executor.shutdown(cancel_futures=True)
            raise


@contextmanager
def bulk_loading(tables: list[str]):
    """The tables without their secondary indexes, unique constraints and foreign keys while
    the block runs, then with them again, built in bulk: PostgreSQL's advice for populating a
    database ("Remove Indexes", "Remove Foreign Key Constraints"). An index built from all
    rows at once costs a fraction of the same index kept up to date row by row (the search GIN
    index most of all), and a foreign key is checked in one join instead of a lookup per row.

    Primary keys stay (other tables' foreign keys point at them). A unique constraint that
    comes back checks every row at once, so a duplicate still cannot slip in: it fails the
    load at the end instead of at its row. Each index and constraint comes back from
    PostgreSQL's own definition of it, under its own name, also when the block fails; the
    indexes are built WORKERS at a time, and the foreign keys come back even if one of them
    fails. For benchmark databases only: the tables are locked, and slow to read, until the
    block ends."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes AS i"
            " WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)"
            " AND NOT EXISTS (SELECT FROM pg_constraint AS c"
            " WHERE c.conindid = format('%%I.%%I', i.schemaname, i.indexname)::regclass)",
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid)"
            " FROM pg_constraint WHERE contype IN ('f', 'u')"
            " AND conrelid::regclass::text = ANY(%s) ORDER BY contype",  # foreign keys first
            [tables],
        )
        constraints = cursor.fetchall()
        with transaction.atomic():
            for table, name, _, _ in constraints:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
    foreign_keys = [(t, n, d) for t, n, kind, d in constraints if kind == "f"]
    uniques = [
        f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, kind, d in constraints if kind == "u"
    ]
    try:
        yield
    finally:
        # GIN indexes take longest: started first, unique constraints and B-trees beside them
        gin = [d for _, d in indexes if " USING gin " in d]
        try:
            _run_apart(gin + uniques + [d for _, d in indexes if d not in gin])
        finally:
            with transaction.atomic(), connection.cursor() as cursor:
                for table, name, definition in foreign_keys:
                    cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _vacuum_until_all_visible(tables: list[str], tries: int = 5) -> None:
    """VACUUM the tables, and again those it could not mark all-visible: a snapshot another
    session held meanwhile (autovacuum's ANALYZE after a big load, say) keeps VACUUM from
    marking rows younger than it, and every index-only scan would read the table too."""
    for attempt in range(tries):
        _run_apart([f"VACUUM {table}" for table in tables])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relallvisible < relpages",
                [tables],
            )
            tables = [name for (name,) in cursor.fetchall()]
        if not tables:
            return
        time.sleep(0.5 * (attempt + 1))


def _run_apart(statements: list[str]) -> None:
    """Maintenance statements (CREATE INDEX, VACUUM, ANALYZE) in the order given, each on a
    connection of its own, WORKERS at a time; all of them run, then the first failure is
    raised."""
    with ThreadPoolExecutor(WORKERS) as executor:
        futures = [executor.submit(_run_alone, statement) for statement in statements]
    for future in futures:
        future.result()


def _run_alone(statement: str) -> None:
    """One statement on this thread's own connection, outside a transaction (as VACUUM must
    be), with memory enough to sort an index at once."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            cursor.execute(statement)
    finally:
        connection.close()


@transaction.atomic
def _reference_data(pools: Pools) -> References:
    return References(_sections(), _contributors(pools), _tags(pools), _image_pool(pools))


def _sections() -> list[int]:
    """Ten departments in the navigation (ressort-1 to ressort-10), each with two
    sub-sections (ressort-11 and ressort-12 in the first, and so on to ressort-30)."""
    ids = []
    for department in range(1, DEPARTMENTS + 1):
        parent = _section(department, order=department * 10, parent=None)
        ids.append(parent.pk)
        for sub in range(1, SUB_SECTIONS + 1):
            number = DEPARTMENTS + (department - 1) * SUB_SECTIONS + sub
            ids.append(_section(number, order=department * 10 + sub, parent=parent).pk)
    return ids


def _section(number: int, *, order: int, parent: Section | None) -> Section:
    return Section.objects.update_or_create(
        slug=f"ressort-{number}",
        defaults={
            "name": f"Ressort {number}",
            "order": order,
            "parent": parent,
            "show_in_navigation": True,
        },
    )[0]


def _contributors(pools: Pools) -> list[int]:
    with connection.cursor() as cursor:
        ids = _take_ids(cursor, "articles_contributor", len(pools.names))
        rows = [
            _row(
                _bigint_field(pk),
                _text_field("person"),
                _text_field(name),
                _text_field(f"{slugify(name)}-{pk}"),
                *[_text_field("")] * 3,  # affiliation, bio, photo
            )
            for pk, name in zip(ids, pools.names, strict=True)
        ]
        columns = ["id", "kind", "name", "slug", "affiliation", "bio", "photo"]
        _copy(cursor, "articles_contributor", columns, rows)
    return ids


def _tags(pools: Pools) -> list[int]:
    """TAGS tags named after Faker's words, numbered to be unique ("Abend 1234")."""
    words = pools.words
    with connection.cursor() as cursor:
        ids = _take_ids(cursor, "taggit_tag", TAGS)
        rows = [
            _row(
                _integer_field(pk),
                _text_field(f"{words[n % len(words)]} {pk}"),
                _text_field(f"{slugify(words[n % len(words)])}-{pk}"),
            )
            for n, pk in enumerate(ids)
        ]
        _copy(cursor, "taggit_tag", ["id", "name", "slug"], rows)
    return ids


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
