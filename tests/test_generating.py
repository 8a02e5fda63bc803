"""bench.generate: the benchmark newsroom's shape, and search vectors that are the trigger's.

Transactional tests: the generator loads over connections of its own (threads), which see
only committed rows, and ends with VACUUM, which cannot run inside a transaction.
"""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.db import IntegrityError, connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

import articles
from articles.models import Article, Contributor, Credit, Image, Section, TaggedArticle
from bench import generate, generating
from tests.conftest import make_section

pytestmark = pytest.mark.django_db(transaction=True)

STORIES = 300


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The generator's lead images go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def stories():
    return generating.generate(STORIES, seed=3)


def vector(story) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM articles_article WHERE id = %s", [story.pk])
        return cursor.fetchone()[0]


def test_generated_vectors_are_the_ones_the_trigger_computes(stories):
    """Every story's stored vector against the trigger's for the same row: updating the body
    to itself fires the trigger, and RETURNING hands back what it computed.

    Nothing may differ. tsvector equality compares the lexemes, each lexeme's positions and
    each position's weight, so phrase search (which needs positions) and ranking (weights,
    positions) work on generated stories exactly as on stories an editor saves."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH generated AS (SELECT id, search_vector FROM articles_article),
                 recomputed AS (
                     UPDATE articles_article SET body = body RETURNING id, search_vector
                 )
            SELECT generated.id, generated.search_vector::text, recomputed.search_vector::text
            FROM generated JOIN recomputed USING (id)
            WHERE generated.search_vector IS DISTINCT FROM recomputed.search_vector
            """
        )
        different = cursor.fetchall()
        cursor.execute(
            """
            SELECT count(*),
                   count(*) FILTER (WHERE length(ts_filter(search_vector, '{a}')) > 0),
                   count(*) FILTER (WHERE length(ts_filter(search_vector, '{b}')) > 0),
                   count(*) FILTER (WHERE length(ts_filter(search_vector, '{c}')) > 0)
            FROM articles_article
            """
        )
        weighted = cursor.fetchone()
    assert different == []
    assert weighted == (STORIES,) * 4  # headline, standfirst and body each have lexemes


def test_the_loaded_tables_end_all_visible(stories):
    """The VACUUM after the load marks every page all-visible, so index-only scans (related
    stories, front-page ids) do not read the table as well."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, relpages, relallvisible FROM pg_class WHERE relname = ANY(%s)",
            [generating.LOADED_TABLES],
        )
        pages = {name: (total, visible) for name, total, visible in cursor.fetchall()}
    assert pages.keys() == set(generating.LOADED_TABLES)
    for name, (total, visible) in pages.items():
        assert total > 0 and visible == total, name


def test_editor_saves_still_get_the_triggers_vector():
    """Django inserts search_vector as NULL, so the trigger computes it; an edit to the text
    recomputes it, whatever vector the UPDATE carries along."""
    with CaptureQueriesContext(connection) as queries:
        story = Article.objects.create(
            headline="Hochwasser in Passau",
            slug="hochwasser-in-passau",
            standfirst="Die Donau steigt weiter.",
            body="<p>Der Pegel liegt bei zehn Metern.</p>",
            section=make_section(),
        )
    (insert,) = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "articles_article"')]
    assert '"search_vector"' in insert
    assert vector(story) == (
        "'donau':5B 'hochwass':1A 'liegt':9C 'met':12C 'passau':3A 'pegel':8C 'steigt':6B"
        " 'zehn':11C"
    )
    story.headline = "Sturmflut in Husum"
    story.save()
    assert vector(story).startswith("'donau':5B 'husum':3A 'liegt':9C")
    assert "hochwass" not in vector(story)


def test_sections_are_ten_departments_of_two_sub_sections(stories):
    departments = Section.objects.filter(parent=None)
    assert departments.count() == 10
    assert all(department.show_in_navigation for department in departments)
    assert Section.objects.count() == 30
    assert all(department.children.count() == 2 for department in departments)
    assert {section.slug for section in Section.objects.all()} == {
        f"ressort-{n}" for n in range(1, 31)
    }
    used = set(Article.objects.values_list("section", flat=True))
    assert used == set(Section.objects.values_list("pk", flat=True))


def test_contributors_tags_and_images(stories):
    assert Contributor.objects.count() == generating.CONTRIBUTORS == 2_000
    assert Tag.objects.count() == generating.TAGS == 20_000
    assert Image.objects.count() == generating.IMAGES
    assert Tag.objects.values("slug").distinct().count() == 20_000


def test_every_story_has_one_to_four_credits_and_three_to_eight_tags(stories):
    credits = dict(Credit.objects.values_list("article").annotate(n=Count("id")))
    tags = dict(TaggedArticle.objects.values_list("content_object").annotate(n=Count("id")))
    ids = set(Article.objects.values_list("pk", flat=True))
    assert len(ids) == STORIES
    assert credits.keys() == ids
    assert tags.keys() == ids
    assert (min(credits.values()), max(credits.values())) == (1, 4)
    assert (min(tags.values()), max(tags.values())) == (3, 8)
    first = Credit.objects.filter(order=0)
    assert first.count() == STORIES
    assert set(first.values_list("role", flat=True)) == {"author"}


def test_statuses_drafts_review_scheduled_and_ten_years_of_published(stories):
    now = timezone.now()
    stories = Article.objects.all()
    drafts = stories.filter(status="draft")
    review = stories.filter(status="review")
    scheduled = stories.filter(status="published", published_at__gt=now)
    published = stories.filter(status="published", published_at__lte=now)
    assert drafts.exists() and review.exists() and scheduled.exists()
    assert not drafts.filter(published_at__isnull=False).exists()
    assert not review.filter(published_at__isnull=False).exists()
    assert published.count() > 0.85 * STORIES
    assert published.earliest("published_at").published_at < now - timedelta(days=365 * 5)
    assert published.count() + scheduled.count() + drafts.count() + review.count() == STORIES


def test_top_up_adds_only_what_is_missing(capsys):
    assert generate.main(["200", "--seed", "5"]) == 0
    assert "Added 200 stories in" in capsys.readouterr().out
    assert generate.main(["250", "--top-up"]) == 0
    assert Article.objects.count() == 250
    assert "Added 50 stories in" in capsys.readouterr().out
    assert generate.main(["100", "--top-up"]) == 0
    assert Article.objects.count() == 250
    assert "holds enough stories already" in capsys.readouterr().out


def test_the_app_that_ships_neither_holds_nor_imports_the_generator():
    """pyproject packages newsroom* and articles* only: the generator and Faker stay with the
    benchmarks (bench/ is not packaged)."""
    assert "generate_articles" not in get_commands()
    imported = set()
    for module in Path(articles.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    assert "articles" in imported  # the walk found the app's own absolute imports
    assert not imported & {"bench", "faker"}


@pytest.mark.parametrize("count", ["0", "-5"])
def test_a_count_below_one_is_refused_and_nothing_is_written(count, capsys):
    with pytest.raises(SystemExit) as refused:
        generate.main([count])
    assert refused.value.code == 2
    assert "N must be a positive number of stories" in capsys.readouterr().err
    for model in (Article, Section, Contributor, Tag, Image, Credit, TaggedArticle):
        assert not model.objects.exists(), model


def schema() -> list[tuple]:
    """Every index and constraint of the loaded tables, as PostgreSQL defines them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)"
            " UNION ALL SELECT conrelid::regclass::text, conname,"
            " pg_get_constraintdef(oid) || CASE WHEN convalidated THEN '' ELSE ' NOT VALID' END"
            " FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) ORDER BY 1, 2, 3",
            [generating.LOADED_TABLES] * 2,
        )
        return cursor.fetchall()


def test_a_bulk_load_ends_with_every_index_and_constraint_as_before(monkeypatch):
    before = schema()
    assert any("USING gin" in definition for _, _, definition in before)
    assert any("FOREIGN KEY" in definition for _, _, definition in before)
    seen = []
    load_all = generating._load_all
    monkeypatch.setattr(
        generating, "_load_all", lambda *a, **k: (seen.append(schema()), load_all(*a, **k))
    )
    generating.generate(100, seed=4)
    # while loading: primary keys (and NOT NULL) only
    during = seen[0]
    assert not any(d.startswith(("FOREIGN KEY", "UNIQUE")) for _, _, d in during)
    assert not any(" INDEX " in d and not name.endswith("_pkey") for _, name, d in during)
    assert {name for _, name, _ in during} < {name for _, name, _ in before}
    assert any(name == "articles_taggedarticle_pkey" for _, name, _ in during)
    assert schema() == before  # names, definitions, and every foreign key validated
    assert Article.objects.count() == 100


def test_a_failed_bulk_load_still_restores_indexes_and_constraints(monkeypatch):
    before = schema()

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(generating, "_load_all", fail)
    with pytest.raises(RuntimeError, match="the disk is full"):
        generating.generate(100, seed=4)
    assert schema() == before


def test_a_duplicate_loaded_without_the_unique_constraints_fails_when_they_return(monkeypatch):
    before = schema()
    load_all = generating._load_all

    def load_with_a_duplicate(*args, **kwargs):
        load_all(*args, **kwargs)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO articles_taggedarticle (content_object_id, tag_id)"
                " SELECT content_object_id, tag_id FROM articles_taggedarticle LIMIT 1"
            )

    monkeypatch.setattr(generating, "_load_all", load_with_a_duplicate)
    try:
        with pytest.raises(IntegrityError, match="taggedarticle_unique"):
            generating.generate(100, seed=4)
        # everything else came back, the foreign keys too
        assert [row for row in before if row[1] != "taggedarticle_unique"] == schema()
    finally:  # as whoever loaded it would mend it: without the duplicate, then the constraint
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM articles_taggedarticle")
            cursor.execute(
                "ALTER TABLE articles_taggedarticle ADD CONSTRAINT taggedarticle_unique"
                " UNIQUE (content_object_id, tag_id)"
            )
    assert schema() == before


def test_a_small_top_up_keeps_the_indexes(monkeypatch):
    generating.generate(100, seed=4)

    def no_bulk(tables):
        raise AssertionError("a top-up of fewer stories than there are needs no bulk load")

    monkeypatch.setattr(generating, "bulk_loading", no_bulk)
    generating.generate(50, seed=5)
    assert Article.objects.count() == 150
