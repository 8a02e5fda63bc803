"""The CDN purge hook: after a content change commits, purge exactly the pages it touched.

Pages carry surrogate keys (pages.py: `Surrogate-Key`, space-separated, and `Cache-Tag`,
comma-separated): `story-<id>` on a story's page at every address and on every page that lists
or links the story (front page, sections, tags, contributors, feeds, search, related stories),
`section-<id>`, `tag-<id>`, `contributor-<id>`, `sitemaps` and `site`. When a change commits,
this module POSTs the keys it touched as JSON to CDN_PURGE_URL:

    {"surrogate_keys": ["story-12", "sitemaps"]}

CDN_PURGE_FIELD renames the list ("tags" for Cloudflare's purge_cache, the default
"surrogate_keys" for Fastly's bulk purge) and CDN_PURGE_HEADERS adds headers ("Fastly-Key:
…" or "Authorization: Bearer …", several separated by newlines). Without CDN_PURGE_URL
nothing is sent. A failed purge is logged as an error and does not undo the change.
"""

import json
import logging
import urllib.request

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def on_commit(keys: list[str]) -> None:
    """Purge `keys` when the current transaction commits: all keys of one transaction in one
    request (a rolled-back transaction's callbacks, and so its keys, are dropped)."""
    if not settings.CDN_PURGE_URL or not keys:
        return
    pending = transaction.get_connection().run_on_commit
    batch = next((func for _, func, _ in pending if isinstance(func, _Batch)), None)
    if batch is not None:
        batch.keys.update(keys)
    else:
        transaction.on_commit(_Batch(keys))  # outside a transaction this runs at once


class _Batch:
    def __init__(self, keys):
        self.keys = set(keys)

    def __call__(self):
        purge(sorted(self.keys))


def purge(keys: list[str]) -> bool:
    """POST `keys` to the CDN's purge API; whether it answered with success."""
    body = json.dumps({settings.CDN_PURGE_FIELD: keys}).encode()
    request = urllib.request.Request(
        settings.CDN_PURGE_URL,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", **settings.CDN_PURGE_HEADERS},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.CDN_PURGE_TIMEOUT) as response:
            return 200 <= response.status < 300
    except OSError as error:
        logger.error("CDN purge of %s failed: %s", " ".join(keys), error)
        return False
