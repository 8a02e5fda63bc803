"""Start-up refuses unsafe or impossible configuration with a message that says what to do."""

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
