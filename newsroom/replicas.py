"""Read replicas: reader pages read from a replica, everything else from the primary.

settings.py makes each of DATABASE_REPLICA_URLS a database alias (replica1, ...) and only
then installs ReplicaRouter and ReplicaMiddleware. The middleware picks a replica for an
anonymous reader's GET or HEAD (pages.reader_request: no session, not the admin, not a preview
link), unless the same browser wrote within REPLICA_PIN_SECONDS (read-your-writes); the router
sends that request's reads there. Every write, and every other request, uses the primary.

A replica is used while it answers and lags at most REPLICA_MAX_LAG_SECONDS, asked per process
at most every CHECK_SECONDS. A request whose replica fails mid-way is answered once more from
the primary, so a replica's trouble is never a reader's 5xx. The page cache reads the content
state from the request's database too (articles/caching/state.py), so a page is keyed by the
state of the database it was rendered from.
"""

import logging
import random
import threading
import time
from contextlib import contextmanager, suppress
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from articles.caching.pages import reader_request

logger = logging.getLogger(__name__)
PIN_COOKIE = "newsroom_primary"
CHECK_SECONDS = 5
# Seconds behind the primary: 0 when everything received is replayed (a quiet primary writes
# nothing to replay, so the last replay's age would mislead), or when asked of a primary.
LAG_SQL = (
    "SELECT CASE WHEN pg_is_in_recovery() THEN CASE WHEN pg_last_wal_receive_lsn() ="
    " pg_last_wal_replay_lsn() THEN 0 ELSE extract(epoch FROM now() -"
    " pg_last_xact_replay_timestamp()) END ELSE 0 END"
)

_reading_from: ContextVar[str | None] = ContextVar("replica of this request", default=None)


class ReplicaRouter:
    """Reads go to the replica chosen for this request, if any; writes and migrations to the
    primary."""

    def db_for_read(self, model, **hints):
        return _reading_from.get() or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every database holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


@contextmanager
def reading_from(alias: str):
    """Route this thread's reads to `alias` inside the block."""
    token = _reading_from.set(alias)
    try:
        yield
    finally:
        _reading_from.reset(token)


def replicas() -> list[str]:
    """Every database alias but the primary's is a replica of it (settings.py)."""
    return [alias for alias in connections if alias != DEFAULT_DB_ALIAS]


class ReplicaHealth:
    """Which replicas this process reads from. Each is asked whether it answers and how far it
    lags at most every CHECK_SECONDS; meanwhile the last answer stands for every thread."""

    def __init__(self):
        self.clock = time.monotonic
        self._lock = threading.Lock()
        self._answers: dict[str, tuple[float, bool]] = {}  # alias -> (asked at, usable)

    def usable(self, alias: str) -> bool:
        with self._lock:
            asked_at, usable = self._answers.get(alias, (None, False))
            if asked_at is not None and self.clock() - asked_at < CHECK_SECONDS:
                return usable
            self._answers[alias] = (self.clock(), usable)  # one thread asks, the rest go on
        usable = self._ask(alias)
        with self._lock:
            self._answers[alias] = (self.clock(), usable)
        return usable

    def answers(self) -> dict[str, str]:
        """Each replica as last found, without asking (/healthz)."""
        with self._lock:
            found = {alias: usable for alias, (_, usable) in self._answers.items()}
        words = {True: "ok", False: "skipped", None: "not asked yet"}
        return {alias: words[found.get(alias)] for alias in replicas()}

    def failed(self, alias: str) -> None:
        """A query on `alias` failed: skip it until it is asked again."""
        with self._lock:
            self._answers[alias] = (self.clock(), False)
        _close(alias)

    @staticmethod
    def _ask(alias: str) -> bool:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute(LAG_SQL)
                (lag,) = cursor.fetchone()
        except DatabaseError as error:
            logger.warning("replica %s skipped: %s", alias, error)
            _close(alias)
            return False
        if lag is None or lag > settings.REPLICA_MAX_LAG_SECONDS:  # None: nothing replayed yet
            logger.warning("replica %s skipped: %s seconds behind", alias, lag)
            return False
        return True


def _close(alias: str) -> None:
    with suppress(DatabaseError):  # a broken connection is dropped all the same
        connections[alias].close()


health = ReplicaHealth()


def replica_for(request) -> str | None:
    """The replica to answer `request` from, or None for the primary."""
    if not reader_request(request) or request.COOKIES.get(PIN_COOKIE):
        return None
    usable = [alias for alias in replicas() if health.usable(alias)]
    return random.choice(usable) if usable else None


class ReplicaMiddleware:
    """Outside the page cache, so the cache reads its content state from the replica too and
    a replica's failure, which the cache would answer with a 503, is retried on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        alias = replica_for(request)
        response = self.get_response(request) if alias is None else self._read(request, alias)
        if request.method not in {"GET", "HEAD", "OPTIONS", "TRACE"}:
            response.set_cookie(  # the writer's next pages come from the primary
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def _read(self, request, alias: str):
        replica = connections[alias]
        replica.errors_occurred = False  # Django sets it on any error that is not bad data
        with reading_from(alias):
            response = self.get_response(request)
        if not replica.errors_occurred:
            return response
        logger.warning("replica %s failed mid-request; answered from the primary", alias)
        health.failed(alias)
        return self.get_response(request)
