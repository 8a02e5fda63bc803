"""Start-up refuses unsafe or impossible configuration with a message that says what to do."""

import json
import os
import subprocess
import sys

import pytest

BASE_ENV = {"PATH": os.environ["PATH"], "DATABASE_URL": "postgres://u@localhost/db"}


def start(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; "
            "django.setup(); print(settings.DEBUG, settings.TIME_ZONE, settings.LANGUAGE_CODE)",
        ],
        env={**BASE_ENV, "DJANGO_SETTINGS_MODULE": "newsroom.settings", **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ALLOWED_HOSTS": "example.org"}, "SECRET_KEY must be set when DEBUG is off"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS must be set when DEBUG is off"),
        ({}, "SECRET_KEY and ALLOWED_HOSTS must be set when DEBUG is off"),
        ({"DEBUG": "1", "DATABASE_URL": ""}, "DATABASE_URL is not set"),
        ({"DEBUG": "1", "DATABASE_URL": "sqlite:///db.sqlite3"}, "must point to PostgreSQL"),
        ({"DEBUG": "perhaps"}, "DEBUG='perhaps' is not a boolean"),
        ({"DEBUG": "1", "LANGUAGE_CODE": "fr"}, "LANGUAGE_CODE='fr'"),
        ({"DEBUG": "1", "MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET"),
        ({"DEBUG": "1", "MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE='ftp'; choose filesystem or s3"),
        (
            {"DEBUG": "1", "DATABASE_REPLICA_URLS": "postgres://u@r1/db,sqlite:///db"},
            "DATABASE_REPLICA_URLS: replica 2 must point to PostgreSQL",
        ),
    ],
)
def test_unsafe_or_incomplete_configuration_stops_start_up(env, message):
    result = start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_defaults_are_production_safe_and_german():
    result = start(SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "Europe/Berlin", "de"]


def media_storage(**env) -> list[str]:
    """What default_storage is and where it says a stored picture is, as the app starts."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; django.setup(); "
            "from django.core.files.storage import storages; s = storages['default']; "
            "print(type(s).__name__, s.url('a/b.jpg'), *settings.SECURE_CSP['img-src'][3:])",
        ],
        env={**BASE_ENV, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DEBUG": "1", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_media_are_on_the_filesystem_unless_a_bucket_is_configured():
    assert media_storage() == ["FileSystemStorage", "/media/a/b.jpg"]


def test_media_go_to_an_s3_compatible_bucket_whose_pictures_the_pages_may_show():
    bucket = {"MEDIA_STORAGE": "s3", "MEDIA_S3_BUCKET": "pictures"}
    endpoint = {"MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:3900", "MEDIA_S3_REGION": "garage"}

    assert media_storage(**bucket, **endpoint) == [
        "S3Storage",
        "http://127.0.0.1:3900/pictures/a/b.jpg",  # path-style: what other S3 servers need
        "http://127.0.0.1:3900",
    ]
    assert media_storage(**bucket, **endpoint, MEDIA_S3_CUSTOM_DOMAIN="media.example.org") == [
        "S3Storage",
        "https://media.example.org/a/b.jpg",
        "https://media.example.org",
    ]


def databases(**env) -> list:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, django; from django.conf import settings; django.setup(); print("
            "json.dumps([settings.DATABASES, settings.DATABASE_ROUTERS, settings.MIDDLEWARE]))",
        ],
        env={**BASE_ENV, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "DEBUG": "1", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_replicas_there_is_one_database_and_no_router():
    found, routers, middleware = databases()
    assert list(found) == ["default"]
    assert routers == []
    assert "newsroom.replicas.ReplicaMiddleware" not in middleware


def test_each_replica_url_is_a_database_routed_to_outside_the_page_cache():
    found, routers, middleware = databases(
        DB_CONN_MAX_AGE="60",
        DATABASE_REPLICA_URLS="postgres://u@replica-a:5432/news, postgres://u@replica-b/news",
    )
    assert list(found) == ["default", "replica1", "replica2"]
    assert [found[alias]["HOST"] for alias in ("replica1", "replica2")] == [
        "replica-a",
        "replica-b",
    ]
    assert found["replica1"]["CONN_MAX_AGE"] == 60
    assert found["replica1"]["OPTIONS"]["connect_timeout"] == 2
    assert found["replica2"]["TEST"]["MIRROR"] == "default"
    assert routers == ["newsroom.replicas.ReplicaRouter"]
    replica = middleware.index("newsroom.replicas.ReplicaMiddleware")
    assert middleware[replica + 1] == "articles.caching.pages.PageCacheMiddleware"
