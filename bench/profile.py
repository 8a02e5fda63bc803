"""Where a page's time goes when it is rendered from PostgreSQL: a pyinstrument profile.

    python -m bench.profile [--requests 50] [page ...]

In-process through Django's test client with the page cache off (card cache as configured),
against whatever database DATABASE_URL names (make bench fills one). Pages: home, section,
article (the newest story, its parts cached after the first request) and random (a
different published story on every request, each page's first render, as most requests
of the HTTP bench's random articles are). Prints, per page, the mean time and SQL per
request and pyinstrument's call tree (frames under 2% hidden); writes
var/bench/profile-<page>.html.
"""

import argparse
import time
from pathlib import Path

from bench.inprocess import start_django, timed_requests

OUT = Path("var/bench")
PAGES = ["home", "section", "article", "random"]


def pages(names: list[str], requests: int) -> dict[str, list[str]]:
    """Each page's addresses: one, or for "random" one more than the profiled requests."""
    from articles.models import Article

    published = Article.objects.published()
    newest = published.latest_first().select_related("section").first()
    if newest is None:
        raise SystemExit("No published stories: run python -m bench.generate first (make bench).")
    urls = {
        "home": ["/"],
        "section": [newest.section.get_absolute_url()],
        "article": [newest.get_absolute_url()],
    }
    if "random" in names:  # ORDER BY random() reads every published story: only if asked
        sample = published.order_by("?").select_related("section")[: requests + 1]
        urls["random"] = [story.get_absolute_url() for story in sample]
    return urls


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument(
        "pages", nargs="*", default=["home", "section", "article"], choices=PAGES, metavar="page"
    )
    arguments = parser.parse_args()
    start_django()
    from django.test import Client, override_settings
    from pyinstrument import Profiler

    client = Client(HTTP_HOST="localhost")
    urls = pages(arguments.pages, arguments.requests)
    OUT.mkdir(parents=True, exist_ok=True)
    with override_settings(PAGE_CACHE_SECONDS=0):
        for name in arguments.pages:
            first, *rest = urls[name]
            _, queries = timed_requests(client, first, {}, 1)  # also warms connections, cards
            profiled = rest or [first] * arguments.requests
            profiler = Profiler(interval=0.0002)
            started = time.perf_counter()
            with profiler:
                for url in profiled:
                    client.get(url)
            mean = (time.perf_counter() - started) / len(profiled) * 1000
            print(
                f"\n=== {name} {first}: {mean:.1f} ms per request under the profiler, "
                f"{queries} SQL queries"
            )
            print(profiler.output_text(color=False, show_all=False, time="percent_of_total"))
            (OUT / f"profile-{name}.html").write_text(profiler.output_html())


if __name__ == "__main__":
    main()
