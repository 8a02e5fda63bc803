"""Which release of the code a process runs: part of the key of every cached page and
fragment, so that a deploy never serves HTML that older code rendered.

Without it a shared cache (Redis) would outlive the deploy: cached pages for up to
PAGE_CACHE_SECONDS and story cards and story-page parts for up to CARD_CACHE_SECONDS after
a change to the templates or to the Python that fills them (bylines, structured data,
addresses).
"""

import hashlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["articles", "newsroom", "templates", "locale"]  # what renders pages
SUFFIXES = {".py", ".html", ".txt", ".xml", ".po"}


def release() -> str:
    """RELEASE from the environment (a deploy may name its commit), else a fingerprint of
    the code, templates and translations: the same files give the same release on every
    server, so app servers of one deploy share their cache entries."""
    return os.environ.get("RELEASE", "").strip() or fingerprint(ROOT)


def fingerprint(root: Path) -> str:
    """A short hash of the names and contents of the rendering sources under `root`."""
    digest = hashlib.sha256()
    files = sorted(
        path
        for folder in SOURCES
        for path in (root / folder).rglob("*")
        if path.suffix in SUFFIXES and path.is_file()
    )
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]
