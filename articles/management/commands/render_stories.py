import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

from django import db
from django.core.management.base import BaseCommand

from articles.caching import rendered


def _render_shard(batch: int, shard: tuple[int, int]) -> int:
    db.connections.close_all()  # a forked process opens connections of its own
    return sum(rendered.refresh_old(batch=batch, shard=shard))


class Command(BaseCommand):
    help = (
        "Render and store the page parts of every published story whose stored parts are "
        "missing or old (after a deploy, or after loading stories in bulk)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500, help="stories per batch")
        parser.add_argument("--workers", type=int, default=1, help="processes (e.g. one per core)")

    def handle(self, *args, batch, workers, **options):
        for name, value in (("--batch", batch), ("--workers", workers)):
            if value < 1:
                self.stderr.write(f"{name} must be at least 1; nothing was rendered.")
                raise SystemExit(2)
        started, cpu = time.perf_counter(), os.times()
        if workers == 1:
            done = sum(rendered.refresh_old(batch=batch))
        else:
            db.connections.close_all()
            # forked: the children start with Django set up, as this process is
            fork = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=fork) as pool:
                shards = [(number, workers) for number in range(workers)]
                done = sum(pool.map(_render_shard, [batch] * workers, shards))
        seconds = time.perf_counter() - started
        used = os.times()
        cpu_seconds = sum(
            getattr(used, field) - getattr(cpu, field)
            for field in ("user", "system", "children_user", "children_system")
        )
        rate = (
            f", {done / seconds:,.0f} stories/s, {cpu_seconds / done * 1000:.1f} ms CPU each"
            if done
            else ""
        )
        self.stdout.write(
            f"Rendered {done:,} stories in {seconds:.1f} s with {workers} process(es){rate}."
        )
