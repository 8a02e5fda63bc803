"""The content state: which version of the site's content a cached page or fragment shows.

Every content change bumps `SiteState.generation` inside its own transaction (invalidation.py),
and every cache key holds the generation and the newest publish time that has come (on the
database's clock), so a cached page can never outlive what it shows, on any app server, and a
scheduled story appears on time with no job. `SiteState.reference_generation` counts only the
changes to what many stories show (sections, contributors, images, tags): fragments.py.

Reading the state is one indexed query. Each process keeps it until PostgreSQL says it changed
(`ContentStateWatch`): the change NOTIFYs in its transaction and a listener thread per process
hears it on commit; the next scheduled story's time ends it too. Whenever the listener is not
connected, every request reads the state.

A request's state is read from the database its pages are read from (the router's choice: a
read replica for readers, newsroom/replicas.py), and kept per database. The notification
carries the new generation: a replica's state older than the newest generation heard is that
of a replica still replaying, so it is used for its own request only, never kept, and no page
of old content is stored under a new state's key.

For database outages the process remembers the last state it read and whether it has heard of
any change since (`outage_state`); every commit also marks the state it replaced as superseded
in the shared cache, for app servers that lost the database but not the cache.
"""

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
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction

from ..models import SiteState

logger = logging.getLogger(__name__)
CHANNEL = "newsroom_content"
STATE_SQL = (
    "SELECT coalesce(max(generation), 0), coalesce(max(changed_at), 'epoch'::timestamptz),"
    " coalesce(max(reference_generation), 0),"
    " (SELECT max(published_at) FROM articles_article"
    "  WHERE status = 'published' AND published_at <= STATEMENT_TIMESTAMP()),"
    # seconds until the next scheduled story appears, on the database's clock
    " extract(epoch FROM (SELECT min(published_at) FROM articles_article"
    "  WHERE status = 'published' AND published_at > STATEMENT_TIMESTAMP())"
    "  - STATEMENT_TIMESTAMP())"
    " FROM articles_sitestate WHERE id = 1"
)


@dataclass(frozen=True)
class ContentState:
    generation: int  # every content change
    changed_at: datetime
    newest_published_at: datetime | None
    references: int = 0  # changes to sections, contributors, images and tags

    @property
    def key(self) -> str:
        newest = self.newest_published_at.timestamp() if self.newest_published_at else 0
        return f"{self.generation}:{newest}"

    @property
    def last_modified(self) -> datetime:
        return max(filter(None, [self.changed_at, self.newest_published_at]))


def read_content_state(using: str | None = None) -> tuple[ContentState, float | None]:
    """The state from the database (by default the one this request reads from), and how
    many seconds until a scheduled story is due."""
    with connections[using or router.db_for_read(SiteState)].cursor() as cursor:
        cursor.execute(STATE_SQL)
        generation, changed_at, references, newest, due_in = cursor.fetchone()
    return ContentState(generation, changed_at, newest, references), due_in


class ContentStateWatch:
    """The content state, kept per process until PostgreSQL says it changed.

    A daemon thread holds its own connection and LISTENs on CHANNEL; content changes NOTIFY
    inside their transaction, which PostgreSQL delivers when (and only if) it commits. The
    kept state is forgotten on every notification, when the next scheduled story is due, after
    `longest` seconds at most, and whenever the listener is not connected (then every request
    reads the state).

    `heard` is the newest generation committed as far as this process knows (notifications,
    its own commits, the primary when the listener connects); a replica's state older than it
    is not kept, nor trusted for outages.

    `changes` counts the changes this process has heard of (its own and, by notification,
    others'); a state read before the last of them is known to be old (outage_state). A read
    is trusted for outages only if the listener was connected when it was made and has not had
    to connect again since: then no other server's change can have passed unheard. Without
    the listener (keep=False, a single process such as the test suite) only this process's
    own changes count.
    """

    def __init__(self, *, longest: float = 300, health_every: float = 5):
        self.longest, self.health_every = longest, health_every
        self.clock = time.monotonic
        self._lock = threading.Lock()
        self._kept: dict[str, tuple[ContentState, float]] = {}  # database -> (state, until)
        self._epoch = 0  # counts forgettings, so a read that raced one is not kept
        self.changes = 0
        self.heard = 0
        self._session = 0  # counts the listener's connections
        # the last state read, with `changes` before it and the listener's session (or None)
        self._last_read: tuple[ContentState, int, int | None] | None = None
        self._listening = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        self._wake: tuple[int, int] | None = None  # a pipe that ends the listener's wait
        self.backend_pid: int | None = None  # the listening connection's PostgreSQL process

    # --- readers' side ------------------------------------------------------------------

    def current(self, *, keep: bool = True) -> ContentState:
        using = router.db_for_read(SiteState)
        if keep:
            self._ensure_listener()
        with self._lock:
            state, until = self._kept.get(using, (None, 0.0))
            if keep and state is not None and self.clock() < until:
                return state
            epoch, changes = self._epoch, self.changes
            session = self._session if self._listening.is_set() or not keep else None
        state, due_in = read_content_state(using)
        longest = self.longest if due_in is None else min(self.longest, float(due_in))
        with self._lock:
            # a replica that has not replayed the newest change heard (replicas only: a
            # restored primary's count may go back)
            behind = using != DEFAULT_DB_ALIAS and state.generation < self.heard
            self._last_read = None if behind else (state, changes, session)
            if keep and self._listening.is_set() and epoch == self._epoch and not behind:
                self._kept[using] = (state, self.clock() + longest)
        return state

    def last_known(self) -> ContentState | None:
        """The last state read, unless a change has been heard of since it was read or a
        change may have passed unheard (the listener was not connected throughout)."""
        with self._lock:
            if self._last_read is None:
                return None
            state, changes, session = self._last_read
            if changes != self.changes or session != self._session:
                return None
            return state

    def forget(self) -> None:
        with self._lock:
            self._epoch += 1
            self._kept.clear()

    def changed(self, generation: int | None = None) -> None:
        """A content change was committed, here or elsewhere (making `generation`, if
        known): what was read is old."""
        with self._lock:
            self.changes += 1
            self.heard = max(self.heard, generation or 0)
        self.forget()

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
            self._kept.clear()
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
            self.forget()  # not changed(): a lost database is no change of content
            self._stopping.wait(1)

    def _listen(self, listener) -> None:
        listener.autocommit = True
        with listener.cursor() as cursor:
            cursor.execute(f"LISTEN {CHANNEL}")
            cursor.execute("SELECT coalesce(max(generation), 0) FROM articles_sitestate")
            (generation,) = cursor.fetchone()
        self.backend_pid = listener.get_backend_pid()
        with self._lock:
            self._session += 1
        self.changed(generation)  # whatever was read before LISTEN may have missed a change
        self._listening.set()
        while not self._stopping.is_set():
            readable, _, _ = select.select([listener, self._wake[0]], [], [], self.health_every)
            if listener in readable:
                listener.poll()
                if listener.notifies:
                    payloads = [notify.payload for notify in listener.notifies]
                    listener.notifies.clear()
                    self.changed(max((int(p) for p in payloads if p.isdigit()), default=None))
            elif not readable:
                with listener.cursor() as cursor:  # a dead connection raises here
                    cursor.execute("SELECT 1")


watch = ContentStateWatch()
# Per-request memo of the content state (a dict set by the page middleware for each request).
request_scope: ContextVar[dict | None] = ContextVar("content_state_scope", default=None)


def content_state() -> ContentState:
    """This request's view of the content: at most one query per request, none while the
    watch keeps a state PostgreSQL has not said is old."""
    scope = request_scope.get()
    if scope is not None and "state" in scope:
        return scope["state"]
    state = watch.current(keep=settings.CONTENT_STATE_LISTENER)
    if scope is not None:
        scope["state"] = state
    return state


def content_changed(generation: int) -> None:
    """Called in the transaction of every content change, which made `generation`."""
    # This process need not wait for its own notification: the writer's connection sees the
    # change already. Once more on commit, and then the replaced state is marked superseded.
    watch.changed()
    scope = request_scope.get()
    if scope is not None:
        scope.pop("state", None)

    def committed():
        watch.changed(generation)
        mark_superseded(generation - 1)

    transaction.on_commit(committed)


def _superseded_key(generation: int) -> str:
    return f"content:superseded:{generation}"


def mark_superseded(generation: int) -> None:
    """Say in the shared cache that pages of `generation` show old content. Set only, never
    unset, so commits finishing in any order cannot undo one another's marks."""
    try:
        cache.set(_superseded_key(generation), True, settings.PAGE_CACHE_SECONDS + 60)
    except Exception as error:  # a cache outage: there are no kept pages to serve either
        logger.warning("could not mark generation %s superseded: %s", generation, error)


def outage_state() -> ContentState | None:
    """The state whose cached pages may stand in while the database is unreachable: the last
    one this process read, if it has heard of no change since and no other server has marked
    it superseded. None means: serve no kept page."""
    state = watch.last_known()
    if state is None or cache.get(_superseded_key(state.generation)):
        return None
    return state
