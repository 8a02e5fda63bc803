"""Fill the database DATABASE_URL names with generated stories for the benchmarks.

    python -m bench.generate [N] [--top-up] [--seed 1]

Adds N stories (default 100,000; German and English, credits, tags, lead images, ten years
of publish times, some drafts, stories in review and scheduled ones) with their search
vectors, by binary COPY in batches over two connections (bench/generating.py). --top-up adds
only as many as the database lacks to hold N. `make bench` runs it inside the
embedded-database wrapper; it is development tooling and not part of the app.
"""

import argparse
import sys
import time

from bench.inprocess import start_django


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate")
    parser.add_argument("count", nargs="?", type=int, default=100_000, metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--top-up",
        action="store_true",
        help="add only as many as needed for the database to hold N stories",
    )
    arguments = parser.parse_args(argv)
    if arguments.count < 1:
        parser.error("N must be a positive number of stories.")
    start_django()
    from tqdm import tqdm

    from articles.models import Article
    from bench.generating import generate

    count = arguments.count
    if arguments.top_up:
        count -= Article.objects.count()
        if count <= 0:
            print("The database holds enough stories already.")
            return 0
    started = time.perf_counter()
    with tqdm(total=count, unit="story", file=sys.stderr, mininterval=1) as bar:
        added = generate(count, seed=arguments.seed, progress=bar.update)
    seconds = time.perf_counter() - started
    print(f"Added {added:,} stories in {seconds:.1f} s ({added / seconds:,.0f} stories/s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
