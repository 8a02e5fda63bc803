"""Whole-page caching for readers that is never wrong, and the values pages share.

Decision: a generation counter, not tag-based purges. Every content change (story, credit,
correction, section, contributor, tag, image) bumps `SiteState.generation` in the same
transaction as the change itself. A page's cache key holds that generation and the newest
publish time that has already come (on the database's clock). So:

- an edit, correction, unpublish or deletion makes every cached page unreachable the moment
  it commits, on every app server, whatever cache backend is used;
- a scheduled story changes "the newest publish time that has come" when its time comes, so
  pages show it on time with no job and no purge;
- the price is one indexed query per request (both values at once) and a colder cache right
  after an edit, which a newsroom's rate of edits makes cheap.

Anonymous GET/HEAD only: a request carrying a session cookie (an editor), a preview link,
a POST, or a response that sets cookies or says private is neither served from nor stored in
the cache. Anonymous responses say public with a short s-maxage, so a proxy may micro-cache.

When the database is unavailable, readers get the last good copy of the page they asked for
(kept a while longer under a second key), or a friendly 503 that needs no database.
"""

import hashlib
import logging
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

from .models import Section

logger = logging.getLogger(__name__)
SECTIONS_KEY = "articles:sections"
CACHEABLE_STATUS = {200, 301, 410}
STALE_SECONDS = 24 * 3600  # how long a last good copy may stand in during a database outage


@dataclass(frozen=True)
class ContentState:
    generation: int
    changed_at: datetime
    newest_published_at: datetime | None

    @property
    def key(self) -> str:
        newest = self.newest_published_at.timestamp() if self.newest_published_at else 0
        return f"{self.generation}:{newest}"

    @property
    def last_modified(self) -> datetime:
        return max(filter(None, [self.changed_at, self.newest_published_at]))


# Per-request memo of the content state (a dict set by the middleware for each request).
_request_scope: ContextVar[dict | None] = ContextVar("content_state_scope", default=None)


def content_state() -> ContentState:
    """This request's view of the content: read once per request, in one query."""
    scope = _request_scope.get()
    if scope is not None and "state" in scope:
        return scope["state"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce((SELECT generation FROM articles_sitestate WHERE id = 1), 0),"
            " coalesce((SELECT changed_at FROM articles_sitestate WHERE id = 1),"
            "  'epoch'::timestamptz),"
            " (SELECT max(published_at) FROM articles_article"
            "  WHERE status = 'published' AND published_at <= STATEMENT_TIMESTAMP())"
        )
        state = ContentState(*cursor.fetchone())
    if scope is not None:
        scope["state"] = state
    return state


def content_changed(**kwargs) -> None:
    """Receiver for every content model's save and delete: part of the same transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_sitestate (id, generation, changed_at) VALUES (1, 1, now())"
            " ON CONFLICT (id) DO UPDATE"
            " SET generation = articles_sitestate.generation + 1, changed_at = now()"
        )
    scope = _request_scope.get()
    if scope is not None:
        scope.pop("state", None)


def all_sections() -> list[Section]:
    """Every section in navigation order, cached for the current content generation."""
    key = f"{SECTIONS_KEY}:{content_state().generation}"
    sections = cache.get(key)
    if sections is None:
        sections = list(Section.objects.select_related("parent"))
        cache.set(key, sections, timeout=settings.PAGE_CACHE_SECONDS or 300)
    return sections


def navigation_sections() -> list[Section]:
    """Top-level sections shown in the navigation, in order: the site menu and the home page."""
    return [s for s in all_sections() if s.show_in_navigation and not s.parent_id]


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_scope.set({})
        try:
            return self._respond(request)
        finally:
            _request_scope.reset(token)

    def _respond(self, request):
        if not self._cacheable_request(request):
            response = self.get_response(request)
            if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
                patch_cache_control(response, private=True, no_store=True)
            return response
        try:
            state = content_state()
        except DatabaseError:
            return self._stale_or_unavailable(request)
        key = self._key(request, state)
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._cacheable_response(response):
            self._mark_public(response, state)
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            cache.set(self._stale_key(request), response, STALE_SECONDS)
        return response

    def process_exception(self, request, exception):
        """The database went away mid-request: the last good copy, or a friendly 503."""
        if isinstance(exception, DatabaseError):
            logger.error("database unavailable: %s", exception)
            return self._stale_or_unavailable(request)
        return None

    def _stale_or_unavailable(self, request):
        if self._cacheable_request(request):
            response = cache.get(self._stale_key(request))
            if response is not None:
                response["X-Page-Cache"] = "stale"
                return response
        response = HttpResponse(
            loader.render_to_string("503.html"), status=503, headers={"Retry-After": "10"}
        )
        patch_cache_control(response, no_store=True)
        return response

    def _stale_key(self, request) -> str:
        return f"page:last:{self._page(request)}"

    @staticmethod
    def _cacheable_request(request) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in {"GET", "HEAD"}
            and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
            and not request.path.startswith(NEVER_CACHED)
        )

    @staticmethod
    def _cacheable_response(response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code in CACHEABLE_STATUS
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and not getattr(response, "streaming", False)
        )

    @staticmethod
    def _page(request) -> str:
        """Host and full path, hashed: what a cached page is a copy of."""
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        return f"{request.get_host()}:{path}"

    def _key(self, request, state: ContentState) -> str:
        return f"page:{state.key}:{self._page(request)}"

    @staticmethod
    def _mark_public(response, state: ContentState) -> None:
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        response.setdefault("Last-Modified", http_date(state.last_modified.timestamp()))
        set_response_etag(response)  # once, stored with the page, not hashed on every hit
        if "Cache-Control" not in response:
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=settings.HTTP_CACHE_SECONDS,
                stale_while_revalidate=30,
                stale_if_error=86400,
            )
            # nginx ignores s-maxage but honours (and strips) X-Accel-Expires: deploy/nginx.
            response["X-Accel-Expires"] = str(settings.HTTP_CACHE_SECONDS)


NEVER_CACHED = ("/admin/", "/vorschau/", "/en/preview/", "/static/", "/media/", "/healthz")
