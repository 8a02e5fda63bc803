"""What the benches that run the site in-process share: Django set up from the environment,
the bench's logged-in editor, and timed requests through the test client."""

import os
import time

EDITOR = "bench-admin"


def start_django() -> None:
    """Set Django up once (a caller inside a test finds it set up already)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def bench_editor():
    """The bench's superuser, made on first use."""
    from django.contrib.auth.models import User

    user, _ = User.objects.get_or_create(
        username=EDITOR, defaults={"is_staff": True, "is_superuser": True}
    )
    return user


def bench_author(user):
    """The contributor the bench editor writes as: the one already linked to `user`, else the
    first author linked to nobody, linked now. Stable across runs and top-ups, which change
    which author comes first."""
    from articles.models import Contributor

    author = Contributor.objects.filter(user=user).first()
    if author is None:
        author = (
            Contributor.objects.filter(credits__role="author", user__isnull=True)
            .order_by("pk")
            .first()
        )
        if author is not None:
            author.user = user
            author.save(update_fields=["user"])
    return author


def editor_client(host: str = "localhost", **headers):
    """A test client logged in as the bench's editor (its session lives in the database)."""
    from django.test import Client

    client = Client(HTTP_HOST=host, **headers)
    client.force_login(bench_editor())
    return client


def timed_requests(client, path: str, params: dict, requests: int) -> tuple[list[float], int]:
    """Each of `requests` GETs' time in milliseconds, and the SQL queries of one more, counted
    apart so that no timed request carries the counting. Every answer must be a 200."""
    from django.db import connection

    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path, params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, params, response.status_code)
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path, params)
    assert response.status_code == 200, (path, params, response.status_code)
    return timings, len(executed)
