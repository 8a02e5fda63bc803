"""bench.inprocess: what the in-process benchmarks sign in as and write as."""

import pytest

from articles.models import Contributor, Credit
from bench.inprocess import bench_author, bench_editor
from tests.conftest import make_article, make_contributor

pytestmark = pytest.mark.django_db


def test_the_bench_editor_writes_as_the_first_unlinked_author():
    make_article("Erste Geschichte", authors=["Anna Schmidt"])
    user = bench_editor()

    author = bench_author(user)

    assert author.name == "Anna Schmidt"
    assert Contributor.objects.get(user=user) == author


def test_a_second_run_after_a_top_up_keeps_the_same_author():
    """A top-up adds authors that may sort first; linking a second contributor to the same
    user broke the unique user column (IntegrityError on articles_contributor_user_id_key)."""
    make_article("Erste Geschichte", authors=["Anna Schmidt"])
    user = bench_editor()
    first = bench_author(user)
    earlier = make_contributor("Aaron Abel")
    Credit.objects.filter(contributor=first).update(contributor=earlier)
    Credit.objects.create(
        article=make_article("Zweite Geschichte"), contributor=first, role="author", order=0
    )

    assert bench_author(user) == first
    assert Contributor.objects.filter(user=user).count() == 1


def test_no_author_to_write_as_gives_none():
    assert bench_author(bench_editor()) is None
