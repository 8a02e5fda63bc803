"""Whole-page caching for readers that is never wrong, and the values pages share.

Decision: a generation counter, not tag-based purges. Every content change (story, credit,
correction, section, contributor, tag, image) bumps `SiteState.generation` in the same
transaction as the change itself. A page's cache key holds that generation and the newest
publish time that has already come (on the database's clock). So:

- an edit, correction, unpublish or deletion makes every cached page unreachable the moment
  it commits, on every app server, whatever cache backend is used;
- a scheduled story changes "the newest publish time that has come" when its time comes, so
  pages show it on time with no job and no purge;
- the price is a colder cache right after an edit, which a newsroom's rate of edits makes
  cheap.

Reading the state costs one indexed query. Each process keeps the state it read until
PostgreSQL tells it otherwise (`ContentStateWatch`): the change NOTIFYs in its transaction,
so every app server hears of it when it commits, and a listener thread per process forgets
the state then; the next scheduled story's time ends it too. A cache hit then needs no
database at all. Whenever the listener is not connected, every request reads the state.

Anonymous GET/HEAD only: a request carrying a session cookie (an editor), a preview link,
a POST, or a response that sets cookies or says private is neither served from nor stored in
the cache. Anonymous responses say public with a short s-maxage, so a proxy may micro-cache.

Every key also holds the code's release (settings.RELEASE, newsroom/release.py), so after a
deploy no app server serves a page that the old code rendered, even from a shared Redis.

When the database is unavailable, readers get the last good copy of the page they asked for
(kept a while longer under a second key, of any release: an older page beats an error), or
a friendly 503 that needs no database.
"""

import hashlib
import logging
import os
import select
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.template import loader
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date
from taggit.models import Tag

from .models import Article, Contributor, Credit, Image, Section

logger = logging.getLogger(__name__)
SECTIONS_KEY = "articles:sections"
CACHEABLE_STATUS = {200, 301, 410}
SECTIONS_SECONDS = 300
STALE_SECONDS = 24 * 3600  # how long a last good copy may stand in during a database outage


@dataclass(frozen=True)
class ContentState:
    generation: int  # every content change
    changed_at: datetime
    newest_published_at: datetime | None
    references: int = 0  # changes to what cards show besides the story itself (cards.py)

    @property
    def key(self) -> str:
        newest = self.newest_published_at.timestamp() if self.newest_published_at else 0
        return f"{self.generation}:{newest}"

    @property
    def last_modified(self) -> datetime:
        return max(filter(None, [self.changed_at, self.newest_published_at]))


# Per-request memo of the content state (a dict set by the middleware for each request).
_request_scope: ContextVar[dict | None] = ContextVar("content_state_scope", default=None)
_sections: tuple[str, float, list[Section]] = ("", 0.0, [])  # key, until, list: all_sections

CHANNEL = "newsroom_content"
# SiteState rows: ALL counts every content change; REFERENCES only changes to the sections,
# contributors, credits, images and tags that story cards and story pages show (cards.py).
ALL, REFERENCES = 1, 2
CARD_REFERENCES = {Section, Contributor, Credit, Image, Tag}
STATE_SQL = (
    "SELECT coalesce((SELECT generation FROM articles_sitestate WHERE id = 1), 0),"
    " coalesce((SELECT changed_at FROM articles_sitestate WHERE id = 1), 'epoch'::timestamptz),"
    " (SELECT max(published_at) FROM articles_article"
    "  WHERE status = 'published' AND published_at <= STATEMENT_TIMESTAMP()),"
    # seconds until the next scheduled story appears, on the database's clock
    " extract(epoch FROM (SELECT min(published_at) FROM articles_article"
    "  WHERE status = 'published' AND published_at > STATEMENT_TIMESTAMP())"
    "  - STATEMENT_TIMESTAMP()),"
    " coalesce((SELECT generation FROM articles_sitestate WHERE id = 2), 0)"
)


def read_content_state() -> tuple[ContentState, float | None]:
    """The state from the database, and how many seconds until a scheduled story is due."""
    with connection.cursor() as cursor:
        cursor.execute(STATE_SQL)
        generation, changed_at, newest, due_in, references = cursor.fetchone()
    return ContentState(generation, changed_at, newest, references), due_in


class ContentStateWatch:
    """The content state, kept per process until PostgreSQL says it changed.

    A daemon thread holds its own connection and LISTENs on CHANNEL; content_changed()
    NOTIFYs inside the writing transaction, which PostgreSQL delivers when (and only if) it
    commits. The kept state is forgotten on every notification, when the next scheduled
    story is due, after `longest` seconds at most, and whenever the listener is not
    connected (then every request reads the state, as without a watch).
    """

    def __init__(self, *, longest: float = 300, health_every: float = 5):
        self.longest, self.health_every = longest, health_every
        self.clock = time.monotonic
        self._lock = threading.Lock()
        self._state: ContentState | None = None
        self._until = 0.0
        self._epoch = 0  # counts forgettings, so a read that raced one is not kept
        self._listening = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._wake: tuple[int, int] | None = None  # a pipe that ends the listener's wait
        self.backend_pid: int | None = None  # the listening connection's PostgreSQL process

    # --- readers' side ------------------------------------------------------------------

    def current(self) -> ContentState:
        self._ensure_listener()
        with self._lock:
            if self._state is not None and self.clock() < self._until:
                return self._state
            epoch = self._epoch
        state, due_in = read_content_state()
        keep = self.longest if due_in is None else min(self.longest, float(due_in))
        with self._lock:
            if self._listening.is_set() and epoch == self._epoch:
                self._state, self._until = state, self.clock() + keep
        return state

    def forget(self) -> None:
        with self._lock:
            self._epoch += 1
            self._state = None

    @property
    def listening(self) -> bool:
        return self._listening.is_set()

    # --- the listener thread ---------------------------------------------------------------

    def _ensure_listener(self) -> None:
        """Start the thread in this process (after a fork, again: threads do not survive it)."""
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._listening.clear()
            self._stopping.clear()
            self._state = None
            self._wake = os.pipe()
            self._thread = threading.Thread(
                target=self._listen_forever, name="content-state-listener", daemon=True
            )
            self._thread.start()

    def stop(self, timeout: float = 5) -> None:
        """End the listener thread and close its connection (tests; a worker just exits)."""
        if self._pid != os.getpid():
            return
        self._stopping.set()
        os.write(self._wake[1], b"x")
        self._thread.join(timeout)
        for end in self._wake:
            os.close(end)
        self._pid, self._wake = None, None
        self._listening.clear()
        self.forget()

    def _listen_forever(self) -> None:
        from django.db import connections

        wrapper = connections["default"]  # this thread's own wrapper, never its connection
        while not self._stopping.is_set():
            try:
                listener = wrapper.get_new_connection(wrapper.get_connection_params())
                try:
                    self._listen(listener)
                finally:
                    listener.close()
            except Exception as error:  # any failure: read per request meanwhile, retry
                if not self._stopping.is_set():
                    logger.warning("content change listener lost: %s", error)
            self._listening.clear()
            self.forget()
            self._stopping.wait(1)

    def _listen(self, listener) -> None:
        listener.autocommit = True
        with listener.cursor() as cursor:
            cursor.execute(f"LISTEN {CHANNEL}")
        self.backend_pid = listener.get_backend_pid()
        self.forget()  # whatever was read before LISTEN may have missed a change
        self._listening.set()
        while not self._stopping.is_set():
            readable, _, _ = select.select([listener, self._wake[0]], [], [], self.health_every)
            if listener in readable:
                listener.poll()
                if listener.notifies:
                    listener.notifies.clear()
                    self.forget()
            elif not readable:
                with listener.cursor() as cursor:  # a dead connection raises here
                    cursor.execute("SELECT 1")


watch = ContentStateWatch()


def content_state() -> ContentState:
    """This request's view of the content: at most one query per request, none while the
    watch keeps a state PostgreSQL has not said is old."""
    scope = _request_scope.get()
    if scope is not None and "state" in scope:
        return scope["state"]
    if settings.CONTENT_STATE_LISTENER:
        state = watch.current()
    else:
        state, _ = read_content_state()
    if scope is not None:
        scope["state"] = state
    return state


def content_changed(sender, **kwargs) -> None:
    """Receiver for every content model's save and delete: part of the same transaction."""
    rows = [ALL, REFERENCES] if sender in CARD_REFERENCES else [ALL]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_sitestate (id, generation, changed_at)"
            " SELECT row, 1, now() FROM unnest(%s::int[]) AS row"
            " ON CONFLICT (id) DO UPDATE"
            " SET generation = articles_sitestate.generation + 1, changed_at = now()",
            [rows],
        )
        cursor.execute(f"NOTIFY {CHANNEL}")  # delivered to every listener on commit
    # This process need not wait for its own notification: forget now (the writer's own
    # connection sees the change already) and once more when the transaction commits.
    watch.forget()
    transaction.on_commit(watch.forget)
    scope = _request_scope.get()
    if scope is not None:
        scope.pop("state", None)


def touch_story(sender, instance, **kwargs) -> None:
    """Receiver for the save and delete of a story's correction or tag: the story's
    `modified_at` changes with them, so the cached parts of its page (cards.story_parts)
    are rendered again. In the same transaction as the change."""
    story_id = getattr(instance, "article_id", None) or instance.content_object_id
    Article.objects.filter(pk=story_id).update(modified_at=timezone.now())


def all_sections() -> list[Section]:
    """Every section in navigation order, cached for the current content generation. The
    process also keeps the list it last read, sparing each request the unpickling of the
    cache's copy (a page asks several times: menu, families, lists): until the generation
    changes, and SECTIONS_SECONDS at most, so a change that sent no signal (a bulk update)
    still shows within minutes."""
    global _sections
    key = f"{SECTIONS_KEY}:{settings.RELEASE}:{content_state().generation}"
    kept_key, kept_until, kept = _sections
    if kept_key == key and time.monotonic() < kept_until:
        return kept
    sections = cache.get(key)
    if sections is None:
        sections = list(Section.objects.select_related("parent"))
        cache.set(key, sections, timeout=SECTIONS_SECONDS)
    _sections = (key, time.monotonic() + SECTIONS_SECONDS, sections)
    return sections


def forget_sections() -> None:
    """Drop the process's list of sections (tests: each starts with an empty database)."""
    global _sections
    _sections = ("", 0.0, [])


def section_by_slug(slug: str) -> Section | None:
    """The section at this address, from the cached list (no query of its own)."""
    return next((s for s in all_sections() if s.slug == slug), None)


def sub_sections(section: Section) -> list[Section]:
    """The section's sub-sections, in navigation order, from the cached list."""
    return [s for s in all_sections() if s.parent_id == section.pk]


def top_sections() -> list[Section]:
    """Sections that are no other's sub-section, in navigation order."""
    return [s for s in all_sections() if not s.parent_id]


def navigation_sections() -> list[Section]:
    """Top-level sections shown in the navigation, in order: the site menu and the home page."""
    return [s for s in top_sections() if s.show_in_navigation]


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
        return f"page:{settings.RELEASE}:{state.key}:{self._page(request)}"

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
