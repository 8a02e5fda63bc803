"""Fixtures and tiny factories. Every test database is real PostgreSQL (make test)."""

import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article, Contributor, Credit, Section
from articles.publishing import publish
from articles.text import slugify

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
SEED_STORY = SEEDS / "000_65d426075bc11c13.txt"

_numbers = itertools.count(1)


def db_now():
    """The database's clock, which decides what readers see."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT STATEMENT_TIMESTAMP()")
        return cursor.fetchone()[0]


def make_section(name="Welt", **fields) -> Section:
    fields.setdefault("slug", slugify(name) or f"section-{next(_numbers)}")
    return Section.objects.create(name=name, **fields)


def make_contributor(name="Anna Schmidt", **fields) -> Contributor:
    fields.setdefault("slug", f"{slugify(name)}-{next(_numbers)}")
    return Contributor.objects.create(name=name, **fields)


def make_article(
    headline="Nordkorea schickt weitere Soldaten",
    *,
    section=None,
    published=True,
    published_at=None,
    authors=(),
    **fields,
) -> Article:
    """A story; published an hour ago unless told otherwise."""
    article = Article.objects.create(
        headline=headline,
        slug=slugify(headline),
        section=section or Section.objects.first() or make_section(),
        **fields,
    )
    for order, name in enumerate(authors):
        Credit.objects.create(
            article=article, contributor=make_contributor(name), role="author", order=order
        )
    if published:
        article = publish(article, at=published_at or timezone.now() - timedelta(hours=1))
    return article


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Strong hashing costs a third of a second per user; tests do not need it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def section(db):
    return make_section()


@pytest.fixture
def seed_story():
    if not SEED_STORY.exists():
        pytest.skip(f"the seed story is not here: {SEED_STORY}")
    return SEED_STORY


def make_user(username: str, role: str | None = None, **fields):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password="pw-for-tests-only", is_staff=True, **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reporter(db):
    return make_user("rita", "Reporter")


@pytest.fixture
def other_reporter(db):
    return make_user("rolf", "Reporter")


@pytest.fixture
def editor(db):
    return make_user("erika", "Editor")


@pytest.fixture
def superuser(db):
    return make_user("root", is_superuser=True)
