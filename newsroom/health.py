"""GET /healthz: is the primary database answering, and is the cache? Cheap enough to poll each
second. Read replicas are listed as this process last found them: a replica's trouble is no
reason to take the server out, its readers are answered from the primary (replicas.py)."""

import time

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from newsroom import replicas


@never_cache
def healthz(request):
    started = time.perf_counter()
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # any failure means "not healthy"; the reason goes to the log
        database = "unavailable"
    try:
        cache.set("healthz", "ok", 10)
        cache_state = "ok" if cache.get("healthz") == "ok" else "unavailable"
    except Exception:
        cache_state = "unavailable"
    body = {
        "database": database,
        "cache": cache_state,
        **({"replicas": replicas.health.answers()} if replicas.replicas() else {}),
        "milliseconds": round((time.perf_counter() - started) * 1000, 1),
    }
    return JsonResponse(body, status=200 if database == "ok" else 503)
