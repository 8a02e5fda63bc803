"""Production configuration, security headers, hostile requests and database outages."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import OperationalError

from articles.caching import state
from tests.conftest import database_unreachable, make_article

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def test_production_mode_passes_djangos_deploy_checks():
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "news.example.org",
        "DATABASE_URL": "postgres://unused@localhost/unused",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_every_page_carries_the_security_headers(client):
    story = make_article("Sicher")
    for url in ["/", story.get_absolute_url(), "/suche/?q=x", "/admin/login/"]:
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert (
            "script-src 'self'" in csp
            and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        )
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_the_deployed_proxy_does_not_advertise_its_version():
    """Django sends no Server header; the nginx in front must not name its version."""
    template = (ROOT / "deploy" / "nginx.conf.template").read_text()
    assert "server_tokens off;" in template


def test_a_hostile_host_header_is_refused_and_never_echoed(client):
    story = make_article("Gastgeber")
    response = client.get(story.get_absolute_url(), HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert b"evil.example.com" not in response.content
    good = client.get(story.get_absolute_url()).content.decode()
    assert "evil.example.com" not in good and "http://testserver/" in good


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/", {"page": "abc"}),
        ("/", {"page": str(10**9)}),
        ("/suche/", {"q": "x" * 10_000}),
        ("/suche/", {"q": "Soldat\x00en"}),
        ("/suche/", {"q": "a", "page": "\x00"}),
        ("/suche/", {"q": "a", "from": "2026-13-45", "section": "\x00"}),
    ],
)
def test_wrong_query_parameters_are_refused_or_answered_never_a_500(client, url, params):
    make_article("Soldaten")
    response = client.get(url, params)
    assert response.status_code in {200, 400, 404}, response.status_code


def test_broken_utf8_in_the_path_is_not_a_server_error(client):
    response = client.get("/%ff%fe/")
    assert response.status_code in {400, 404}
    assert b"Traceback" not in response.content


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok" and response.json()["cache"] == "ok"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_healthz_says_503_when_the_database_is_gone(client):
    assert client.get("/healthz").status_code == 200
    with database_unreachable():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db(transaction=True)
def test_during_a_database_outage_cached_pages_are_served_and_others_get_a_friendly_503(
    client, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    story = make_article("Vor dem Ausfall")
    assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get("/gibt-es-nicht/").status_code == 404
    with database_unreachable():
        kept = client.get(story.get_absolute_url())
        missing = client.get("/gibt-es-nicht/")
        other = client.get("/politik/")
    assert kept.status_code == 200 and kept["X-Page-Cache"] == "outage"
    assert "Vor dem Ausfall" in kept.content.decode()
    assert missing.status_code == 404 and missing["X-Page-Cache"] == "outage"
    assert other.status_code == 503
    assert other["Retry-After"] == "10"
    assert "Gleich wieder da" in other.content.decode()
    assert "Traceback" not in other.content.decode()


@pytest.mark.django_db(transaction=True)
def test_no_kept_page_stands_in_once_another_server_marked_its_state_superseded(client, settings):
    """Another app server's commit marks the state it replaced in the shared cache; a server
    that lost the database (and so the commit's notification) then serves no page of it."""
    settings.PAGE_CACHE_SECONDS = 600
    story = make_article("Vor der Änderung")
    assert client.get(story.get_absolute_url()).status_code == 200
    state.mark_superseded(state.content_state().generation)
    with database_unreachable():
        response = client.get(story.get_absolute_url())
    assert response.status_code == 503
    assert "Vor der Änderung" not in response.content.decode()


def test_a_view_losing_the_database_mid_request_answers_503(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("articles.views.Article.objects.edition", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert "Gleich wieder da" in response.content.decode()


def test_a_cache_outage_is_a_cache_miss_not_an_error(client, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 600
    story = make_article("Ohne Cache")

    def down(*args, **kwargs):
        return None  # what django-redis with IGNORE_EXCEPTIONS answers when Redis is gone

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200 and "Ohne Cache" in response.content.decode()


def test_login_is_throttled_after_repeated_failures(client, editor, settings):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/admin/login/", {"username": "erika", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    last = client.post("/admin/login/", {"username": "erika", "password": "wrong"})
    assert last.status_code == 429
    locked = client.post("/admin/login/", {"username": "erika", "password": "pw-for-tests-only"})
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_login_resets_the_failure_count(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/admin/login/", {"username": "erika", "password": "wrong"})
    ok = client.post("/admin/login/", {"username": "erika", "password": "pw-for-tests-only"})
    assert ok.status_code == 302


@pytest.mark.parametrize("password", ["12345678", "password", "rita-redaktion"])
def test_weak_passwords_are_refused_by_djangos_validators(reporter, password):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    reporter.username = "rita-redaktion"
    with pytest.raises(ValidationError):
        validate_password(password, reporter)
