"""Whole pages for anonymous readers, cached under the content state they were rendered for.

A page's key is the code's release, the content state (state.py) and the address, so an edit,
a takedown or a scheduled story's time makes every older page unreachable at once, on every
app server. Only anonymous GET/HEAD: a session cookie (an editor), a preview link, a POST, or a
response that sets cookies or says private is neither served from nor stored in the cache.
A 404 or 410 is kept like any page, so it stands in for its address.

While the database is unreachable, readers get the page cached for the last state this process
read, unless a change may have come since (its listener heard one, or was not listening) or
the cache marks that state superseded (state.outage_state); otherwise a friendly 503 that needs
no database. So no kept page shows a story taken down after it was rendered, whatever is down.

Anonymous responses are public for proxies and CDNs for HTTP_CACHE_SECONDS, and name their
surrogate keys (purge.py) so a CDN can purge exactly what a change touches.
"""

import hashlib
import logging
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

from ..previews import preview_paths
from .state import ContentState, content_state, outage_state, request_scope

logger = logging.getLogger(__name__)
CACHEABLE_STATUS = {200, 301, 404, 410}
NEVER_CACHED = ("/admin/", "/static/", "/media/", "/healthz")  # and preview links
_keys: ContextVar[set | None] = ContextVar("surrogate keys", default=None)


def note(*keys: str) -> None:
    """Name what the page being rendered shows, for its Surrogate-Key header."""
    keys_of_page = _keys.get()
    if keys_of_page is not None:
        keys_of_page.update(keys)


def note_stories(stories) -> None:
    note(*(f"story-{story.pk}" for story in stories))


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope, keys = request_scope.set({}), _keys.set({"site"})
        try:
            return self._respond(request)
        finally:
            request_scope.reset(scope)
            _keys.reset(keys)

    def _respond(self, request):
        if not cacheable_request(request):
            response = self.get_response(request)
            if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
                patch_cache_control(response, private=True, no_store=True)
            return response
        try:
            state = content_state()
        except DatabaseError:
            return self._outage(request)
        key = page_key(request, state)
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if cacheable_response(response):
            mark_public(response, state)
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    def process_exception(self, request, exception):
        """The database went away mid-request: a kept page, or a friendly 503."""
        if isinstance(exception, DatabaseError):
            logger.error("database unavailable: %s", exception)
            return self._outage(request)
        return None

    @staticmethod
    def _outage(request):
        state = outage_state() if cacheable_request(request) else None
        if state is not None:
            response = cache.get(page_key(request, state))
            if response is not None:
                response["X-Page-Cache"] = "outage"
                return response
        response = HttpResponse(
            loader.render_to_string("503.html"), status=503, headers={"Retry-After": "10"}
        )
        patch_cache_control(response, no_store=True)
        return response


def cacheable_request(request) -> bool:
    return settings.PAGE_CACHE_SECONDS > 0 and reader_request(request)


def reader_request(request) -> bool:
    """An anonymous reader's GET or HEAD of a public page: what this cache keeps, and what a
    read replica may answer (newsroom/replicas.py)."""
    return (
        request.method in {"GET", "HEAD"}
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and not request.path.startswith(NEVER_CACHED)
        and not request.path.startswith(preview_paths())
    )


def cacheable_response(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code in CACHEABLE_STATUS
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and not getattr(response, "streaming", False)
    )


def page_key(request, state: ContentState) -> str:
    """The release, the content state, and the host and full path (hashed)."""
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{settings.RELEASE}:{state.key}:{request.get_host()}:{path}"


def mark_public(response, state: ContentState) -> None:
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    response.setdefault("Last-Modified", http_date(state.last_modified.timestamp()))
    set_response_etag(response)  # once, stored with the page, not hashed on every hit
    keys = sorted(_keys.get() or ())
    response["Surrogate-Key"] = " ".join(keys)
    response["Cache-Tag"] = ",".join(keys)
    if "Cache-Control" not in response:
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            s_maxage=settings.HTTP_CACHE_SECONDS,
            stale_while_revalidate=30,
            stale_if_error=settings.HTTP_STALE_IF_ERROR_SECONDS,
        )
    # The bundled nginx ignores Cache-Control (deploy/nginx.conf.template) and keeps a public
    # page for X-Accel-Expires seconds, which it strips.
    response["X-Accel-Expires"] = str(settings.HTTP_CACHE_SECONDS)
