"""How reader search answers on a big database: latency per query kind, and the plan.

    python -m bench.search [--requests 20]

In-process through Django's test client (page cache off), against whatever database
DATABASE_URL names (make bench fills one with bench.generate first). Query kinds: a common
and a rarer single word and a two-word phrase, in German and in English, taken from the
stories themselves. Prints p50/p95/max per kind and PostgreSQL's EXPLAIN ANALYZE of the query
that finds the candidates for one German word (README shows one). Writes
var/bench/search.json.
"""

import argparse
import json
from pathlib import Path

from bench.inprocess import start_django, timed_requests
from bench.latency import summary

# Queries whose stems in the other language are common words there (German 'west' and
# 'lead' <-> 'play' are in many English stories): each language must be asked on its own.
CROSSING = {"de": [], "en": ["Western", '"lead player"']}


def words_of(language: str, how_many: int) -> list[str]:
    """Frequent and rarer words and a phrase from the newest stories' headlines."""
    from collections import Counter

    from articles.models import Article

    headlines = Article.objects.published().in_language(language).latest_first()
    counts = Counter(
        word.strip(".,:;!?\"'")
        for headline in headlines.values_list("headline", flat=True)[:500]
        for word in headline.split()
        if len(word) > 4
    )
    ranked = [word for word, _ in counts.most_common() if word]
    if not ranked:
        return []
    first = headlines.values_list("headline", flat=True).first().split()
    phrase = f'"{" ".join(first[1:3])}"' if len(first) > 2 else f'"{ranked[0]}"'
    return list(
        dict.fromkeys([*ranked[:how_many], *ranked[-how_many:], phrase, *CROSSING[language]])
    )


def candidate_plan(word: str) -> str:
    """EXPLAIN ANALYZE of the query that finds the newest matches (querysets.newest_matches)."""
    from django.db import connection

    from articles import querysets
    from articles.models import Article

    stories = Article.objects.published()
    sql, params = stories.newest_matches_sql(stories.parse_query(word), querysets.SEARCH_CANDIDATES)
    if not sql:
        return "(no words to search for)"
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--out", default="var/bench/search.json")
    arguments = parser.parse_args()
    start_django()
    from django.test import Client, override_settings

    from articles.models import Article

    stories = Article.objects.count()
    kinds = {
        ("de", "/suche/"): words_of("de", 3),
        ("en", "/en/search/"): words_of("en", 3),
    }
    print(f"Reader search, {stories:,} stories, {arguments.requests} requests per query")
    print(f"{'language':<8} {'query':<28} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
    client = Client(HTTP_HOST="localhost")
    results, all_timings = {}, []
    with override_settings(PAGE_CACHE_SECONDS=0):
        for (language, path), queries in kinds.items():
            for query in queries:
                timings, _ = timed_requests(client, path, {"q": query}, arguments.requests)
                all_timings += timings
                result = results[f"{language}: {query}"] = summary(timings, percentiles=(95,))
                print(
                    f"{language:<8} {query[:28]:<28} {result['p50_ms']:>7} "
                    f"{result['p95_ms']:>7} {result['max_ms']:>7}"
                )
    overall = summary(all_timings, percentiles=(95,)) if all_timings else {}
    print(f"all queries: p50 {overall.get('p50_ms')} ms, p95 {overall.get('p95_ms')} ms")
    plan = candidate_plan(kinds[("de", "/suche/")][0]) if kinds[("de", "/suche/")] else ""
    print("\nCandidates for one German word (EXPLAIN ANALYZE):\n" + plan)
    out = Path(arguments.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"stories": stories, "queries": results, "all": overall, "plan": plan}, indent=2)
    )
    print(f"written to {out}")


if __name__ == "__main__":
    main()
