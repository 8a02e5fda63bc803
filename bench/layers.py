"""Does a cache layer pay? An in-process A/B of the story fragments (caching/fragments.py).

    python -m bench.layers [--requests 200]

Run inside the bench database's environment (see the Makefile's BENCH_ENV), after make bench
has filled it. The page cache is off, as for a reader whose page no cache holds; each page is
asked alternately with the fragment caches on (CARD_CACHE_SECONDS as configured) and off (0),
in rounds of 20 requests, so both modes meet the same machine state. Prints p50 and p90 per
page and mode, and the share the layer saves. Random articles are a different story each
request: a story page's first render, where only the cards of the related stories can hit.
"""

import argparse
import random
import time

from bench.inprocess import start_django
from bench.latency import summary

ROUND = 20


def pages() -> dict[str, list[str]]:
    from taggit.models import Tag

    from articles.models import Article, Contributor

    stories = Article.objects.published()
    newest = stories.latest_first().select_related("section").first()
    tag = Tag.objects.filter(articles_taggedarticle_items__isnull=False).first()
    contributor = Contributor.objects.filter(credits__isnull=False).first()
    sample = list(stories.select_related("section").order_by("?")[:2000])
    return {
        "home": ["/"],
        "section": [newest.section.get_absolute_url()],
        "tag": [f"/thema/{tag.slug}/"],
        "contributor": [contributor.get_absolute_url()],
        "article": [newest.get_absolute_url()],
        "articles (random)": [story.get_absolute_url() for story in sample],
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    arguments = parser.parse_args(argv)
    start_django()
    from django.conf import settings
    from django.test import Client, override_settings

    client = Client(HTTP_HOST="localhost")
    modes = {"on": settings.CARD_CACHE_SECONDS or 86400, "off": 0}
    print(f"Story fragments A/B, page cache off, {arguments.requests} requests per page and mode")
    print(f"{'page':20} {'on p50':>8} {'off p50':>8} {'on p90':>8} {'off p90':>8}  saved")
    for name, paths in pages().items():
        timings = {mode: [] for mode in modes}
        picks = random.Random(1)
        for _ in range(0, arguments.requests, ROUND):
            for mode, seconds in modes.items():
                with override_settings(PAGE_CACHE_SECONDS=0, CARD_CACHE_SECONDS=seconds):
                    for _ in range(ROUND):
                        timings[mode].append(_timed(client, picks.choice(paths)))
        on, off = summary(timings["on"]), summary(timings["off"])
        saved = 1 - on["p50_ms"] / off["p50_ms"]
        print(
            f"{name:20} {on['p50_ms']:8.1f} {off['p50_ms']:8.1f} {on['p90_ms']:8.1f}"
            f" {off['p90_ms']:8.1f}  {saved:5.0%}"
        )


def _timed(client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


if __name__ == "__main__":
    main()
