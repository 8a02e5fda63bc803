"""deploy/gunicorn.conf.py: what production's app servers run with."""

import gc
import os
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"


def test_one_worker_per_core_with_threads_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    conf = runpy.run_path(str(CONF))
    assert conf["workers"] == (os.cpu_count() or 1)
    assert (conf["worker_class"], conf["threads"]) == ("gthread", 4)
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "2")
    conf = runpy.run_path(str(CONF))
    assert (conf["workers"], conf["threads"]) == (3, 2)


def test_workers_are_forked_with_what_the_master_loaded_frozen():
    """Objects made before the fork go to the permanent generation, which a worker's
    collections do not scan."""
    conf = runpy.run_path(str(CONF))
    assert conf["preload_app"] is True
    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        conf["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
