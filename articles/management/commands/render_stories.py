import time

from django.core.management.base import BaseCommand

from articles.caching import rendered


class Command(BaseCommand):
    help = (
        "Render and store the page parts of every published story whose stored parts are "
        "missing or old (after a deploy, or after loading stories in bulk)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=500, help="stories per batch")

    def handle(self, *args, batch, **options):
        if batch < 1:
            self.stderr.write("--batch must be at least 1; nothing was rendered.")
            raise SystemExit(2)
        started, done = time.perf_counter(), 0
        for count in rendered.refresh_old(batch=batch):
            done += count
        seconds = time.perf_counter() - started
        rate = f" ({done / seconds:,.0f} stories/s)" if done else ""
        self.stdout.write(f"Rendered {done:,} stories in {seconds:.1f} s{rate}.")
