"""Latency figures from a list of request timings (milliseconds), for the in-process benches."""

import math
import statistics


def summary(timings: list[float], percentiles: tuple[int, ...] = (90,)) -> dict:
    """Count, p50, the given percentiles (nearest rank) and max, rounded to 0.1 ms."""
    timings = sorted(timings)
    result = {"requests": len(timings), "p50_ms": round(statistics.median(timings), 1)}
    for percentile in percentiles:
        rank = max(0, math.ceil(len(timings) * percentile / 100) - 1)
        result[f"p{percentile}_ms"] = round(timings[rank], 1)
    result["max_ms"] = round(timings[-1], 1)
    return result
