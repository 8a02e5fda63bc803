"""Where a page's time goes when it is rendered from PostgreSQL: a pyinstrument profile.

    python -m bench.profile [--requests 50] [page ...]

In-process through Django's test client with the page cache off (card cache as configured),
against whatever database DATABASE_URL names (make bench fills one). Pages: home, section,
article (the newest story). Prints, per page, the mean time and SQL per request and
pyinstrument's call tree (frames under 2% hidden); writes var/bench/profile-<page>.html.
"""

import argparse
import time
from pathlib import Path

from bench.inprocess import start_django, timed_requests

OUT = Path("var/bench")


def pages() -> dict[str, str]:
    from articles.models import Article

    newest = Article.objects.published().latest_first().select_related("section").first()
    if newest is None:
        raise SystemExit("No published stories: run generate_articles first (make bench).")
    return {
        "home": "/",
        "section": newest.section.get_absolute_url(),
        "article": newest.get_absolute_url(),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("pages", nargs="*", default=["home", "section", "article"])
    arguments = parser.parse_args()
    start_django()
    from django.test import Client, override_settings
    from pyinstrument import Profiler

    client = Client(HTTP_HOST="localhost")
    urls = pages()
    OUT.mkdir(parents=True, exist_ok=True)
    with override_settings(PAGE_CACHE_SECONDS=0):
        for name in arguments.pages:
            url = urls[name]
            _, queries = timed_requests(client, url, {}, 1)  # also warms connections, cards
            profiler = Profiler(interval=0.0002)
            started = time.perf_counter()
            with profiler:
                for _ in range(arguments.requests):
                    client.get(url)
            mean = (time.perf_counter() - started) / arguments.requests * 1000
            print(
                f"\n=== {name} {url}: {mean:.1f} ms per request under the profiler, "
                f"{queries} SQL queries"
            )
            print(profiler.output_text(color=False, show_all=False, time="percent_of_total"))
            (OUT / f"profile-{name}.html").write_text(profiler.output_html())


if __name__ == "__main__":
    main()
