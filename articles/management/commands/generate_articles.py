import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.generating import generate
from articles.models import Article


class Command(BaseCommand):
    help = (
        "Add N realistic stories (German and English, credits, tags, lead images, ten years "
        "of publish times, some drafts and scheduled) with their search vectors, for "
        "benchmarks. Uses binary COPY in batches, over two connections."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", nargs="?", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--top-up",
            action="store_true",
            help="add only as many as needed for the database to hold N stories",
        )

    def handle(self, *args, count, seed, top_up, **options):
        if count < 1:
            raise CommandError("N must be a positive number of stories.")
        if top_up:
            count -= Article.objects.count()
            if count <= 0:
                self.stdout.write("The database holds enough stories already.")
                return
        started = time.perf_counter()
        with tqdm(total=count, unit="story", file=sys.stderr, mininterval=1) as bar:
            added = generate(count, seed=seed, progress=bar.update)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Added {added:,} stories in {seconds:.1f} s ({added / seconds:,.0f} stories/s)."
        )
