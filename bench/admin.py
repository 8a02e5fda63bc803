"""How the editors' article list answers on a big database: latency and SQL per request.

    python -m bench.admin [--requests 20]

Runs in-process through Django's test client as a logged-in superuser, against whatever
database DATABASE_URL names (make bench fills one with bench.generate first).
"""

import argparse
import json
from pathlib import Path

from bench.inprocess import bench_author, bench_editor, editor_client, start_django, timed_requests
from bench.latency import summary

CASES = [
    ("changelist", {}),
    ("status=published", {"status": "published"}),
    ("status=scheduled", {"status": "scheduled"}),
    ("section", {"section__id__exact": "SECTION"}),
    ("language=en", {"language": "en"}),
    ("author", {"author": "AUTHOR"}),
    ("last 7 days", {"published_at__gte": "WEEK_AGO"}),
    ("search headline", {"q": "WORD"}),
    ("filters + search", {"status": "published", "language": "de", "q": "WORD"}),
    ("page 50", {"p": "PAGE50"}),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--out", default="var/bench/admin.json")
    arguments = parser.parse_args()
    start_django()
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article, Section

    client = editor_client(HTTP_ACCEPT_LANGUAGE="en")
    user = bench_editor()
    author = bench_author(user)
    week_ago = (timezone.now() - timedelta(days=7)).isoformat()
    replacements = {
        "SECTION": str(Section.objects.first().pk),
        "AUTHOR": str(author.pk if author else 0),
        "WEEK_AGO": week_ago,
        "PAGE50": str(min(50, Article.objects.count() // 50 - 1)),  # the list's own 50 a page
        "WORD": Article.objects.order_by("-id").values_list("headline", flat=True)[0].split()[0],
    }
    total = Article.objects.order_by("-id").values_list("id", flat=True)[0]
    print(f"Admin article changelist, about {total:,} stories, {arguments.requests} requests each")
    print(f"{'case':<20} {'p50 ms':>8} {'p90 ms':>8} {'max ms':>8} {'SQL':>5}")
    results = {}
    for name, params in CASES:
        params = {key: replacements.get(value, value) for key, value in params.items()}
        timings, queries = timed_requests(
            client, "/admin/articles/article/", params, arguments.requests
        )
        result = results[name] = {**summary(timings, percentiles=(90,)), "queries": queries}
        print(
            f"{name:<20} {result['p50_ms']:>8} {result['p90_ms']:>8} {result['max_ms']:>8} "
            f"{result['queries']:>5}"
        )
    out = Path(arguments.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"stories": total, "cases": results}, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
