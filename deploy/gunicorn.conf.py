"""gunicorn for Newsroom: `gunicorn -c deploy/gunicorn.conf.py newsroom.wsgi`.

Sizing for the workload this project has: rendering a page is CPU-bound Python (templates,
ORM row building), a few short indexed PostgreSQL queries sit in between, and on a small box
(2 cores here) PostgreSQL shares the same CPUs. So:

- workers = cores. The GIL lets one process use one core, and each worker's threads
  (below) overlap its database round trips, so one process per core keeps the cores busy.
  A worker more than the cores adds no throughput but waits for a core: on 2 cores with
  32 connections the framework floor's p99 was 23-39 ms with 3 workers and 15-16 ms with 2,
  at the same requests/s (bench/http.py). The usual 2*cores+1 is for I/O-heavy apps. Each
  worker holds its own in-memory page cache (LocMemCache) unless REDIS_URL is set, so fewer
  workers also means warmer caches.
- threads = 4 (gthread). A few threads per worker overlap database round trips and slow
  clients, and gthread keeps HTTP keep-alive connections (nginx upstream keepalive, load
  testers), which sync workers close after every response. More threads would only queue
  behind the GIL.
- With DB_CONN_MAX_AGE > 0 every thread keeps one PostgreSQL connection: workers * threads
  connections (8 on 2 cores); size PostgreSQL's max_connections (or PgBouncer) for that.
- The garbage collector leaves alone what the master loaded: gc.freeze() before each fork
  moves the app's objects (models, URL patterns, admin, translations: ~69,000) to a
  permanent generation that a worker's collections never scan. A full collection then walks
  only what the worker made since, instead of pausing every thread of the worker for all of
  them (26.6 ms once in 500 page renders without it, none with it; Python's gc.freeze
  documentation gives the same advice for fork without exec, which also keeps more memory
  pages shared).

Environment: WEB_CONCURRENCY (workers), GUNICORN_THREADS, GUNICORN_BIND (127.0.0.1:8001),
GUNICORN_TIMEOUT, GUNICORN_ACCESS_LOG (off unless set: "-" is stdout; benchmarks keep it off).
"""

import gc
import os

_cores = os.cpu_count() or 1

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_CONCURRENCY", _cores))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
keepalive = 5  # seconds; longer than nginx's idle upstream connections need, short for clients
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 10
max_requests = 0  # no periodic restarts: they would empty the in-memory page cache
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
proc_name = "newsroom"
# Import the app once in the master so workers share its memory pages (copy-on-write).
preload_app = True


def pre_fork(server, worker):
    gc.freeze()  # see above: a worker's collections skip everything loaded before the fork
